"""The push applier: one call per batch, one subtransaction (savepoint) per record.

The API validates each record in Python and sends the rows it implies; this function
writes them. `BEGIN … EXCEPTION` in PL/pgSQL is a savepoint, so a record that breaks a
constraint is rolled back alone, recorded in dead_letters, and the rest of the batch
goes on. Only data errors are caught: anything else (deadlock, shutdown) fails the
whole request so the device retries it.

Stock levels are updated once at the end of the batch, in (outlet, product) order, so
two devices of one outlet pushing at once cannot deadlock on them.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DOCUMENT_TABLES = (
    "sales", "sale_lines", "sale_tenders", "returns", "return_lines", "return_refunds",
    "customer_payments", "credit_entries", "credit_allocations", "stock_movements",
    "shifts", "shift_closes", "cash_movements", "approvals",
)

UPSERTS = {
    "product": ("products", "sku, name_en, name_ur, unit, price_paisa, cost_paisa, tax_rate_bp, "
                "tax_mode, supplier_id, reorder_level_milli, active, updated_at"),
    "supplier": ("suppliers", "name, contact_person, phone, address, payment_terms_days, notes, "
                 "active, updated_at"),
    "customer": ("customers", "name, phone, address, credit_limit_paisa, notes, active, updated_at"),
    "outlet": ("outlets", "name, code, address, phone, active, updated_at"),
    "worker": ("workers", "name, phone, role, outlet_id, pin_hash, active, updated_at"),
}


def _document_inserts() -> str:
    return "\n".join(
        f"          IF v_rows ? '{t}' THEN INSERT INTO {t} SELECT * FROM "
        f"jsonb_populate_recordset(NULL::{t}, v_rows->'{t}'); END IF;"
        for t in DOCUMENT_TABLES
    )


def _bulk_inserts() -> str:
    return "\n".join(
        f"      INSERT INTO {t} SELECT d.* FROM jsonb_array_elements(p_records) x"
        f" CROSS JOIN LATERAL jsonb_populate_recordset(NULL::{t}, x->'rows'->'{t}') d"
        f" WHERE x->>'i' = ANY (v_created) AND x->'rows' ? '{t}';"
        for t in DOCUMENT_TABLES
    )


def _upserts() -> str:
    parts = []
    for rtype, (table, cols) in UPSERTS.items():
        sets = ", ".join(f"{c.strip()} = EXCLUDED.{c.strip()}" for c in cols.split(","))
        parts.append(f"""
            WHEN '{rtype}' THEN
              INSERT INTO {table} SELECT * FROM jsonb_populate_record(NULL::{table}, r->'up')
              ON CONFLICT (business_id, id) DO UPDATE SET {sets};""")
    return "\n".join(parts)


FUNCTION = f"""
CREATE FUNCTION dukan_set_barcodes(p_product uuid, p_codes text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE v_business uuid := app_business_id();
BEGIN
  -- A product losing a barcode to this one changes too: touch it so devices re-pull it.
  UPDATE products p SET updated_at = p.updated_at
   WHERE p.business_id = v_business AND p.id <> p_product
     AND p.id IN (SELECT b.product_id FROM barcodes b
                   WHERE b.business_id = v_business AND b.code = ANY (p_codes));
  DELETE FROM barcodes b
   WHERE b.business_id = v_business AND b.product_id = p_product AND b.code <> ALL (p_codes);
  INSERT INTO barcodes (business_id, code, product_id)
  SELECT v_business, c, p_product FROM unnest(p_codes) AS c
  ON CONFLICT (business_id, code) DO UPDATE SET product_id = EXCLUDED.product_id
   WHERE barcodes.product_id <> EXCLUDED.product_id;
END $$;

CREATE FUNCTION dukan_apply_push(p_device uuid, p_outlet uuid, p_received timestamptz,
                                 p_records jsonb, p_fast boolean)
RETURNS TABLE (record_id text, status text, code text, message text)
LANGUAGE plpgsql AS $$
DECLARE
  v_business uuid := app_business_id();
  r jsonb;
  v_rows jsonb;
  v_hash text;
  v_max integer;
  v_moves jsonb := '[]'::jsonb;
  v_created text[];
  v_done boolean := false;
BEGIN
  IF v_business IS NULL THEN
    RAISE EXCEPTION 'dukan_apply_push called without a tenant context';
  END IF;
  -- Fast path for the common batch (documents only, distinct ids): the same writes,
  -- set-wise, in one savepoint. Any data error rolls that savepoint back and the
  -- per-record loop below redoes the batch with one savepoint per record.
  IF p_fast THEN
    BEGIN
      WITH ins AS (
        INSERT INTO sync_records (business_id, record_id, type, payload_hash, device_id,
                                  outlet_id, received_at)
        SELECT v_business, (x->>'i')::uuid, x->>'t', x->>'h', p_device, p_outlet, p_received
          FROM jsonb_array_elements(p_records) x WHERE NOT x ? 'rej'
        ON CONFLICT DO NOTHING RETURNING sync_records.record_id)
      SELECT coalesce(array_agg(ins.record_id::text), '{{}}') INTO v_created FROM ins;
{_bulk_inserts()}
      SELECT coalesce(jsonb_agg(m), '[]'::jsonb) INTO v_moves
        FROM jsonb_array_elements(p_records) x,
             jsonb_array_elements(x->'rows'->'stock_movements') m
       WHERE x->>'i' = ANY (v_created);
      v_done := true;
    EXCEPTION
      WHEN SQLSTATE 'DK001' OR insufficient_privilege OR unique_violation
        OR foreign_key_violation OR check_violation OR not_null_violation
        OR invalid_text_representation OR numeric_value_out_of_range
        OR string_data_right_truncation OR datetime_field_overflow
        OR invalid_datetime_format OR null_value_not_allowed THEN
      v_done := false;
      v_moves := '[]'::jsonb;
    END;
  END IF;
  IF v_done THEN
    FOR r IN SELECT value FROM jsonb_array_elements(p_records) LOOP
      record_id := r->>'i'; code := NULL; message := NULL;
      IF r ? 'rej' THEN
        status := 'rejected'; code := r->'rej'->>'code'; message := r->'rej'->>'message';
        INSERT INTO dead_letters (business_id, record_id, type, device_id, outlet_id, code,
                                  message, payload, received_at)
        VALUES (v_business, coalesce(r->>'i', ''), coalesce(r->>'t', ''), p_device, p_outlet,
                code, coalesce(message, ''), coalesce(r->'raw', r), p_received);
      ELSIF r->>'i' = ANY (v_created) THEN
        status := 'created';
      ELSE
        SELECT s.payload_hash INTO v_hash FROM sync_records s
         WHERE s.business_id = v_business AND s.record_id = (r->>'i')::uuid;
        IF v_hash = r->>'h' THEN
          status := 'duplicate';
        ELSE
          status := 'conflict'; code := 'payload_differs';
          message := 'this id was pushed before with other data; the stored record is unchanged';
        END IF;
      END IF;
      RETURN NEXT;
    END LOOP;
  END IF;

  FOR r IN SELECT value FROM jsonb_array_elements(p_records) WHERE NOT v_done LOOP
    record_id := r->>'i'; code := NULL; message := NULL;
    IF r ? 'rej' THEN
      status := 'rejected'; code := r->'rej'->>'code'; message := r->'rej'->>'message';
    ELSE
      BEGIN
        INSERT INTO sync_records (business_id, record_id, type, payload_hash, device_id,
                                  outlet_id, received_at)
        VALUES (v_business, (r->>'i')::uuid, r->>'t', r->>'h', p_device, p_outlet, p_received)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          SELECT s.payload_hash INTO v_hash FROM sync_records s
           WHERE s.business_id = v_business AND s.record_id = (r->>'i')::uuid;
          IF v_hash = r->>'h' THEN
            status := 'duplicate';
          ELSE
            status := 'conflict'; code := 'payload_differs';
            message := 'this id was pushed before with other data; the stored record is unchanged';
          END IF;
        ELSIF r ? 'rows' THEN
          v_rows := r->'rows';
{_document_inserts()}
          status := 'created';
          IF v_rows ? 'stock_movements' THEN
            v_moves := v_moves || (v_rows->'stock_movements');
          END IF;
        ELSE
          IF r->>'t' = 'outlet' AND NOT EXISTS (
               SELECT 1 FROM outlets o WHERE o.business_id = v_business
                  AND o.id = (r->'up'->>'id')::uuid) THEN
            SELECT s.max_outlets INTO v_max FROM subscriptions s WHERE s.business_id = v_business;
            IF v_max IS NOT NULL AND v_max <= (SELECT count(*) FROM outlets o
                                                WHERE o.business_id = v_business) THEN
              RAISE EXCEPTION USING ERRCODE = 'DK001',
                MESSAGE = format('the plan allows %s outlets', v_max);
            END IF;
          END IF;
          CASE r->>'t'
{_upserts()}
          END CASE;
          IF r->>'t' = 'product' THEN
            PERFORM dukan_set_barcodes((r->'up'->>'id')::uuid,
              ARRAY(SELECT jsonb_array_elements_text(r->'barcodes')));
          END IF;
          status := 'created';
        END IF;
      EXCEPTION
        WHEN SQLSTATE 'DK001' THEN
          status := 'rejected'; code := 'plan_limit'; message := SQLERRM;
        WHEN insufficient_privilege THEN
          -- RLS is the backstop for the API's own outlet check.
          status := 'rejected';
          code := CASE WHEN SQLERRM LIKE '%row-level security%' THEN 'wrong_outlet' ELSE 'forbidden' END;
          message := SQLERRM;
        WHEN unique_violation OR foreign_key_violation OR check_violation OR not_null_violation
          OR invalid_text_representation OR numeric_value_out_of_range
          OR string_data_right_truncation OR datetime_field_overflow
          OR invalid_datetime_format OR null_value_not_allowed THEN
          status := 'rejected'; code := 'invalid_' || SQLSTATE; message := SQLERRM;
      END;
    END IF;
    IF status = 'rejected' THEN
      INSERT INTO dead_letters (business_id, record_id, type, device_id, outlet_id, code,
                                message, payload, received_at)
      VALUES (v_business, coalesce(r->>'i', ''), coalesce(r->>'t', ''), p_device, p_outlet,
              code, coalesce(message, ''), coalesce(r->'raw', r), p_received);
    END IF;
    RETURN NEXT;
  END LOOP;

  INSERT INTO stock_levels (business_id, outlet_id, product_id, qty_milli, updated_at)
  SELECT v_business, m.outlet_id, m.product_id, sum(m.qty_milli), p_received
    FROM jsonb_to_recordset(v_moves) AS m(outlet_id uuid, product_id uuid, qty_milli bigint)
   GROUP BY m.outlet_id, m.product_id
   ORDER BY m.outlet_id, m.product_id
  ON CONFLICT (business_id, outlet_id, product_id) DO UPDATE
     SET qty_milli = stock_levels.qty_milli + EXCLUDED.qty_milli,
         updated_at = EXCLUDED.updated_at;
END $$;
"""


def upgrade() -> None:
    op.execute(FUNCTION)


def downgrade() -> None:
    op.execute("DROP FUNCTION dukan_apply_push(uuid, uuid, timestamptz, jsonb, boolean);"
               "DROP FUNCTION dukan_set_barcodes(uuid, text[]);")
