"""Device kinds, outlet-bound children and shifts, the credit limit, revocation nudges.

A review showed that any counter PC could push catalog, staff and outlet upserts (an
owner worker with a PIN of its choosing reached every counter), close or add cash to
another outlet's shift, and, connected directly as the app role, add a tender to
another outlet's sale. This revision closes those holes in the database itself, so
they hold without the API in front:

- `devices.kind`: 'owner' (the owner's PC, back office) or 'counter'. Devices that
  exist now become 'owner' (installed shops keep working as before); the column's
  default for new rows is 'counter'. `dukan_device_context` returns the kind and sets
  the transaction-local `app.device_kind` next to `app.outlet_id`.
- outlets, workers, suppliers, products and barcodes: the device role writes them only
  as an owner device (`app_may_edit_catalog()` in the policies). Customers stay
  writable by every device, but a counter cannot change a credit limit: a trigger
  keeps the stored one on UPDATE (a new customer keeps what was sent).
- children (sale_lines, sale_tenders, return_lines, return_refunds,
  credit_allocations) and shift references (shift_closes, cash_movements): for the
  device role every parent must belong to `app_outlet_id()`. A WITH CHECK subquery
  cannot see a parent inserted by the same statement (the push's fast path writes
  parents and children in one statement), so these are statement-level AFTER INSERT
  triggers over the transition table: one anti-join per statement, not per row.
- `customer_payments.server_flags`, like sales and returns (`foreign_shift`).
  Nullable: an API worker still running the previous release writes payments without
  it between `migrate` and its restart.
- `report_cash_by_shift` counts a document in a shift only when it is of the shift's
  outlet.
- revoking a device, rotating its credential or changing its kind sends
  `business_id:device:<id>` on the sync channel, so its open event stream is closed
  (or told its new kind) at once.

Revision ID: 0006
Revises: 0005
"""

from alembic import context, op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CATALOG_TABLES = ("outlets", "workers", "suppliers", "products", "barcodes")

# (trigger function, parent table, reference column, what the message calls the parent)
PARENT_CHECKS = {
    "dukan_check_sale_parent": ("sales", "sale_id", "sale"),
    "dukan_check_return_parent": ("returns", "return_id", "return"),
    "dukan_check_entry_parent": ("credit_entries", "entry_id", "credit entry"),
    "dukan_check_shift_parent": ("shifts", "shift_id", "shift"),
}
CHILD_TABLES = {
    "sale_lines": "dukan_check_sale_parent",
    "sale_tenders": "dukan_check_sale_parent",
    "return_lines": "dukan_check_return_parent",
    "return_refunds": "dukan_check_return_parent",
    "credit_allocations": "dukan_check_entry_parent",
    "shift_closes": "dukan_check_shift_parent",
    "cash_movements": "dukan_check_shift_parent",
}

DEVICE_CONTEXT_0005 = """
CREATE FUNCTION dukan_device_context(p_business uuid, p_device uuid,
                                     p_defer_notify boolean DEFAULT false)
RETURNS TABLE (outlet_id text, number integer, token_hash bytea, revoked_at timestamptz,
               generation integer)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.business_id', p_business::text, true),
          set_config('app.outlet_id', '', true),
          set_config('app.role', 'device', true),
          set_config('app.notify', CASE WHEN p_defer_notify THEN 'defer' ELSE '' END, true);
  SELECT d.outlet_id::text, d.number, d.token_hash, d.revoked_at, b.generation
    INTO outlet_id, number, token_hash, revoked_at, generation
    FROM devices d JOIN businesses b ON b.business_id = d.business_id
   WHERE d.business_id = p_business AND d.id = p_device;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF revoked_at IS NULL THEN
    PERFORM set_config('app.outlet_id', outlet_id, true);
  END IF;
  RETURN NEXT;
END $$;
"""

DEVICES = """
ALTER TABLE devices ADD COLUMN kind text NOT NULL DEFAULT 'owner'
  CONSTRAINT ck_devices_kind CHECK (kind IN ('owner', 'counter'));
ALTER TABLE devices ALTER COLUMN kind SET DEFAULT 'counter';

-- Unset (a connection that never called dukan_device_context) means counter: the
-- catalog is closed unless the owner's PC is proven.
CREATE FUNCTION app_device_kind() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT coalesce(nullif(current_setting('app.device_kind', true), ''), 'counter') $$;
CREATE FUNCTION app_may_edit_catalog() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT app_role() <> 'device' OR app_device_kind() = 'owner' $$;

DROP FUNCTION dukan_device_context(uuid, uuid, boolean);
CREATE FUNCTION dukan_device_context(p_business uuid, p_device uuid,
                                     p_defer_notify boolean DEFAULT false)
RETURNS TABLE (outlet_id text, number integer, token_hash bytea, revoked_at timestamptz,
               generation integer, kind text)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.business_id', p_business::text, true),
          set_config('app.outlet_id', '', true),
          set_config('app.device_kind', '', true),
          set_config('app.role', 'device', true),
          set_config('app.notify', CASE WHEN p_defer_notify THEN 'defer' ELSE '' END, true);
  SELECT d.outlet_id::text, d.number, d.token_hash, d.revoked_at, b.generation, d.kind
    INTO outlet_id, number, token_hash, revoked_at, generation, kind
    FROM devices d JOIN businesses b ON b.business_id = d.business_id
   WHERE d.business_id = p_business AND d.id = p_device;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF revoked_at IS NULL THEN
    PERFORM set_config('app.outlet_id', outlet_id, true),
            set_config('app.device_kind', kind, true);
  END IF;
  RETURN NEXT;
END $$;

CREATE FUNCTION dukan_notify_device() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dukan_sync', NEW.business_id::text || ':device:' || NEW.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER notify_device AFTER UPDATE ON devices FOR EACH ROW
  WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
        OR NEW.token_hash IS DISTINCT FROM OLD.token_hash OR NEW.kind IS DISTINCT FROM OLD.kind)
  EXECUTE FUNCTION dukan_notify_device();
"""

CUSTOMERS = """
-- Cashiers may add customers and correct their details, never raise their limit.
CREATE FUNCTION dukan_keep_credit_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF app_role() = 'device' AND app_device_kind() <> 'owner' THEN
    NEW.credit_limit_paisa := OLD.credit_limit_paisa;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER keep_credit_limit BEFORE UPDATE OF credit_limit_paisa ON customers
  FOR EACH ROW WHEN (NEW.credit_limit_paisa IS DISTINCT FROM OLD.credit_limit_paisa)
  EXECUTE FUNCTION dukan_keep_credit_limit();
"""


def _catalog_policies() -> str:
    sql = []
    for table in CATALOG_TABLES:
        check = "business_id = app_business_id() AND app_may_edit_catalog()"
        sql.append(f"""
DROP POLICY tenant_rw ON {table};
CREATE POLICY tenant_read ON {table} FOR SELECT USING (business_id = app_business_id());
CREATE POLICY catalog_insert ON {table} FOR INSERT WITH CHECK ({check});
CREATE POLICY catalog_update ON {table} FOR UPDATE USING ({check}) WITH CHECK ({check});
CREATE POLICY catalog_delete ON {table} FOR DELETE USING ({check});
""")
    return "\n".join(sql)


def _parent_checks() -> str:
    sql = []
    for function, (parent, column, what) in PARENT_CHECKS.items():
        # "row-level security" in the message: the per-record push maps it to wrong_outlet.
        sql.append(f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF app_role() = 'device' AND EXISTS (
       SELECT 1 FROM (SELECT DISTINCT n.{column} AS ref FROM new_rows n) n
        WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.business_id = app_business_id()
                            AND p.id = n.ref AND p.outlet_id = app_outlet_id())) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('new row violates row-level security for table "%s": its {what} is'
                       ' not one of this device''s outlet', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;""")
    for table, function in CHILD_TABLES.items():
        sql.append(f"CREATE TRIGGER check_outlet_parent AFTER INSERT ON {table}"
                   f" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
                   f" EXECUTE FUNCTION {function}();")
    return "\n".join(sql)


CASH_BY_SHIFT = """
ALTER TABLE customer_payments ADD COLUMN server_flags text[] DEFAULT '{}';

-- Documents naming a shift of another outlet (flagged foreign_shift at push) are not
-- counted in it: every part of the sum must be of the shift's outlet.
CREATE OR REPLACE FUNCTION report_cash_by_shift(p_from date, p_to date)
RETURNS TABLE (outlet_id uuid, outlet_code text, shift_id uuid, device_id uuid,
               worker_id uuid, opened_at timestamptz, closed_at timestamptz,
               opening_float_paisa bigint, cash_sales_paisa bigint, cash_refunds_paisa bigint,
               cash_payments_paisa bigint, cash_in_paisa bigint, cash_out_paisa bigint,
               expected_cash_paisa bigint, counted_cash_paisa bigint, difference_paisa bigint)
LANGUAGE sql STABLE AS $$
  SELECT sh.outlet_id, o.code, sh.id, sh.device_id, sh.worker_id, sh.opened_at, sc.closed_at,
    sh.opening_float_paisa, x.sales, x.refunds, x.payments, x.cin, x.cout,
    (sh.opening_float_paisa + x.sales - x.refunds + x.payments + x.cin - x.cout)::bigint,
    sc.counted_cash_paisa,
    (sc.counted_cash_paisa - (sh.opening_float_paisa + x.sales - x.refunds + x.payments
                              + x.cin - x.cout))::bigint
  FROM shifts sh
  JOIN outlets o ON o.business_id = sh.business_id AND o.id = sh.outlet_id
  LEFT JOIN shift_closes sc ON sc.business_id = sh.business_id AND sc.shift_id = sh.id
   AND sc.outlet_id = sh.outlet_id
  CROSS JOIN LATERAL (SELECT
    coalesce((SELECT sum(t.amount_paisa) FROM sale_tenders t JOIN sales s
      ON s.business_id = t.business_id AND s.id = t.sale_id
      WHERE s.business_id = sh.business_id AND s.shift_id = sh.id AND s.outlet_id = sh.outlet_id
        AND t.method = 'cash'), 0)::bigint AS sales,
    coalesce((SELECT sum(f.amount_paisa) FROM return_refunds f JOIN returns r
      ON r.business_id = f.business_id AND r.id = f.return_id
      WHERE r.business_id = sh.business_id AND r.shift_id = sh.id AND r.outlet_id = sh.outlet_id
        AND f.method = 'cash'), 0)::bigint AS refunds,
    coalesce((SELECT sum(p.amount_paisa) FROM customer_payments p
      WHERE p.business_id = sh.business_id AND p.shift_id = sh.id
        AND p.outlet_id = sh.outlet_id AND p.method = 'cash'), 0)::bigint AS payments,
    coalesce((SELECT sum(m.amount_paisa) FROM cash_movements m
      WHERE m.business_id = sh.business_id AND m.shift_id = sh.id
        AND m.outlet_id = sh.outlet_id AND m.kind = 'in'), 0)::bigint AS cin,
    coalesce((SELECT sum(m.amount_paisa) FROM cash_movements m
      WHERE m.business_id = sh.business_id AND m.shift_id = sh.id
        AND m.outlet_id = sh.outlet_id AND m.kind = 'out'), 0)::bigint AS cout
  ) x
  WHERE sh.business_id = app_business_id()
    AND sh.opened_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
    AND sh.opened_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
  ORDER BY o.code, sh.opened_at
$$;
"""

CASH_BY_SHIFT_0003 = """
CREATE OR REPLACE FUNCTION report_cash_by_shift(p_from date, p_to date)
RETURNS TABLE (outlet_id uuid, outlet_code text, shift_id uuid, device_id uuid,
               worker_id uuid, opened_at timestamptz, closed_at timestamptz,
               opening_float_paisa bigint, cash_sales_paisa bigint, cash_refunds_paisa bigint,
               cash_payments_paisa bigint, cash_in_paisa bigint, cash_out_paisa bigint,
               expected_cash_paisa bigint, counted_cash_paisa bigint, difference_paisa bigint)
LANGUAGE sql STABLE AS $$
  SELECT sh.outlet_id, o.code, sh.id, sh.device_id, sh.worker_id, sh.opened_at, sc.closed_at,
    sh.opening_float_paisa, x.sales, x.refunds, x.payments, x.cin, x.cout,
    (sh.opening_float_paisa + x.sales - x.refunds + x.payments + x.cin - x.cout)::bigint,
    sc.counted_cash_paisa,
    (sc.counted_cash_paisa - (sh.opening_float_paisa + x.sales - x.refunds + x.payments
                              + x.cin - x.cout))::bigint
  FROM shifts sh
  JOIN outlets o ON o.business_id = sh.business_id AND o.id = sh.outlet_id
  LEFT JOIN shift_closes sc ON sc.business_id = sh.business_id AND sc.shift_id = sh.id
  CROSS JOIN LATERAL (SELECT
    coalesce((SELECT sum(t.amount_paisa) FROM sale_tenders t JOIN sales s
      ON s.business_id = t.business_id AND s.id = t.sale_id
      WHERE s.business_id = sh.business_id AND s.shift_id = sh.id AND t.method = 'cash'), 0)::bigint AS sales,
    coalesce((SELECT sum(f.amount_paisa) FROM return_refunds f JOIN returns r
      ON r.business_id = f.business_id AND r.id = f.return_id
      WHERE r.business_id = sh.business_id AND r.shift_id = sh.id AND f.method = 'cash'), 0)::bigint AS refunds,
    coalesce((SELECT sum(p.amount_paisa) FROM customer_payments p
      WHERE p.business_id = sh.business_id AND p.shift_id = sh.id AND p.method = 'cash'), 0)::bigint AS payments,
    coalesce((SELECT sum(m.amount_paisa) FROM cash_movements m
      WHERE m.business_id = sh.business_id AND m.shift_id = sh.id AND m.kind = 'in'), 0)::bigint AS cin,
    coalesce((SELECT sum(m.amount_paisa) FROM cash_movements m
      WHERE m.business_id = sh.business_id AND m.shift_id = sh.id AND m.kind = 'out'), 0)::bigint AS cout
  ) x
  WHERE sh.business_id = app_business_id()
    AND sh.opened_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
    AND sh.opened_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
  ORDER BY o.code, sh.opened_at
$$;
"""


def upgrade() -> None:
    op.execute(DEVICES)
    op.execute(CUSTOMERS)
    op.execute(_catalog_policies())
    op.execute(_parent_checks())
    op.execute(CASH_BY_SHIFT)
    role = context.config.attributes.get("app_role", "dukan_app")
    op.execute(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')


def downgrade() -> None:
    sql = [CASH_BY_SHIFT_0003, "ALTER TABLE customer_payments DROP COLUMN server_flags;"]
    sql += [f"DROP TRIGGER check_outlet_parent ON {table};" for table in CHILD_TABLES]
    sql += [f"DROP FUNCTION {function}();" for function in PARENT_CHECKS]
    for table in CATALOG_TABLES:
        sql.append(f"""
DROP POLICY tenant_read ON {table}; DROP POLICY catalog_insert ON {table};
DROP POLICY catalog_update ON {table}; DROP POLICY catalog_delete ON {table};
CREATE POLICY tenant_rw ON {table} FOR ALL
  USING (business_id = app_business_id()) WITH CHECK (business_id = app_business_id());""")
    sql += [
        "DROP TRIGGER keep_credit_limit ON customers; DROP FUNCTION dukan_keep_credit_limit();",
        "DROP TRIGGER notify_device ON devices; DROP FUNCTION dukan_notify_device();",
        "DROP FUNCTION dukan_device_context(uuid, uuid, boolean);",
        DEVICE_CONTEXT_0005,
        "DROP FUNCTION app_may_edit_catalog(); DROP FUNCTION app_device_kind();",
        "ALTER TABLE devices DROP COLUMN kind;",
    ]
    op.execute("\n".join(sql))
