"""Tables, row-level security and grants for the hosted backend.

Every table's key starts with business_id. RLS is enabled and FORCED everywhere; the
policies read transaction-local settings (app.business_id, app.outlet_id, app.role)
that the API sets with set_config(..., true) at the start of each transaction.
Documents are append-only: the app role gets INSERT and SELECT on them, never UPDATE
or DELETE.

Revision ID: 0001
Revises:
"""

from alembic import context, op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

HELPERS = """
CREATE FUNCTION app_business_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT nullif(current_setting('app.business_id', true), '')::uuid $$;
CREATE FUNCTION app_outlet_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT nullif(current_setting('app.outlet_id', true), '')::uuid $$;
CREATE FUNCTION app_role() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT coalesce(nullif(current_setting('app.role', true), ''), 'none') $$;

-- Stamps the pull watermark and tells listeners which collection changed. Identical
-- notifications within one transaction are folded into one by PostgreSQL.
CREATE FUNCTION dukan_stamp_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sync_tx := pg_current_xact_id();
  PERFORM pg_notify('dukan_sync', NEW.business_id::text || ':' || TG_ARGV[0]);
  RETURN NEW;
END $$;
"""

TABLES = """
CREATE TABLE businesses (
  business_id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  generation integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subscriptions (
  business_id uuid PRIMARY KEY REFERENCES businesses,
  plan text NOT NULL,
  status text NOT NULL CHECK (status IN ('trial', 'active', 'past_due', 'expired', 'cancelled')),
  max_outlets integer CHECK (max_outlets >= 0),
  max_devices integer CHECK (max_devices >= 0),
  valid_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id()
);

CREATE TABLE owner_accounts (
  business_id uuid NOT NULL REFERENCES businesses,
  id uuid NOT NULL,
  name text NOT NULL DEFAULT '',
  email text CHECK (email = lower(email)),
  phone text,
  password_hash text NOT NULL,
  failed_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, id),
  CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
-- Login identifiers are global (one account, one business); see docs/server.md on
-- distributing: this index becomes a reference-table lookup.
CREATE UNIQUE INDEX uq_owner_accounts_email ON owner_accounts (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX uq_owner_accounts_phone ON owner_accounts (phone) WHERE phone IS NOT NULL;

CREATE TABLE refresh_tokens (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  family_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  expires_at timestamptz NOT NULL,
  rotated_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, owner_id) REFERENCES owner_accounts
);
CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (business_id, family_id);

-- Failed-login counters per client address. Rows belong to the nil business: the
-- address is known before any business is.
CREATE TABLE auth_throttle (
  business_id uuid NOT NULL,
  key text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  window_start timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  PRIMARY KEY (business_id, key)
);

CREATE TABLE outlets (
  business_id uuid NOT NULL REFERENCES businesses,
  id uuid NOT NULL,
  name text NOT NULL,
  code text NOT NULL,
  address text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (business_id, id),
  UNIQUE (business_id, code)
);

CREATE TABLE devices (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  name text NOT NULL DEFAULT '',
  token_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets,
  UNIQUE (business_id, outlet_id, number)
);

CREATE TABLE workers (
  business_id uuid NOT NULL REFERENCES businesses,
  id uuid NOT NULL,
  name text NOT NULL,
  phone text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('owner', 'cashier')),
  outlet_id uuid,
  pin_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL,
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (business_id, id)
);

CREATE TABLE suppliers (
  business_id uuid NOT NULL REFERENCES businesses,
  id uuid NOT NULL,
  name text NOT NULL,
  contact_person text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  payment_terms_days integer NOT NULL DEFAULT 0,
  notes text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL,
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (business_id, id)
);

CREATE TABLE products (
  business_id uuid NOT NULL REFERENCES businesses,
  id uuid NOT NULL,
  sku text,
  name_en text NOT NULL,
  name_ur text NOT NULL DEFAULT '',
  unit text NOT NULL,
  price_paisa bigint NOT NULL CHECK (price_paisa >= 0),
  cost_paisa bigint NOT NULL DEFAULT 0 CHECK (cost_paisa >= 0),
  tax_rate_bp integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  tax_mode text NOT NULL CHECK (tax_mode IN ('inclusive', 'exclusive', 'exempt')),
  supplier_id uuid,
  reorder_level_milli bigint NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL,
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (business_id, id)
);

CREATE TABLE barcodes (
  business_id uuid NOT NULL,
  code text NOT NULL,
  product_id uuid NOT NULL,
  PRIMARY KEY (business_id, code),
  FOREIGN KEY (business_id, product_id) REFERENCES products
);
CREATE INDEX ix_barcodes_product ON barcodes (business_id, product_id);

CREATE TABLE customers (
  business_id uuid NOT NULL REFERENCES businesses,
  id uuid NOT NULL,
  name text NOT NULL,
  phone text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  credit_limit_paisa bigint CHECK (credit_limit_paisa >= 0),
  notes text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL,
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (business_id, id)
);

-- Documents. No foreign keys to workers/customers/products: a sale is accepted even
-- when the server has not seen those yet (flagged instead).
CREATE TABLE sales (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  device_id uuid NOT NULL,
  worker_id uuid NOT NULL,
  shift_id uuid,
  customer_id uuid,
  seq bigint NOT NULL,
  receipt_no text NOT NULL,
  subtotal_paisa bigint NOT NULL,
  discount_paisa bigint NOT NULL,
  tax_paisa bigint NOT NULL,
  round_off_paisa bigint NOT NULL,
  total_paisa bigint NOT NULL,
  paid_paisa bigint NOT NULL,
  change_paisa bigint NOT NULL,
  credit_paisa bigint NOT NULL,
  approved_by uuid,
  flags text NOT NULL,
  server_flags text[] NOT NULL,
  note text NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets,
  CHECK (total_paisa = subtotal_paisa - discount_paisa + round_off_paisa),
  CHECK (paid_paisa + credit_paisa = total_paisa),
  CHECK (credit_paisa = 0 OR customer_id IS NOT NULL)
);
CREATE INDEX ix_sales_outlet_created ON sales (business_id, outlet_id, created_at);

CREATE TABLE sale_lines (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  sale_id uuid NOT NULL,
  line_no integer NOT NULL,
  product_id uuid NOT NULL,
  name_en text NOT NULL,
  name_ur text NOT NULL,
  unit text NOT NULL,
  qty_milli bigint NOT NULL CHECK (qty_milli > 0),
  unit_price_paisa bigint NOT NULL,
  list_price_paisa bigint NOT NULL,
  cost_paisa bigint NOT NULL,
  discount_paisa bigint NOT NULL,
  bill_discount_paisa bigint NOT NULL,
  total_paisa bigint NOT NULL,
  tax_rate_bp integer NOT NULL,
  tax_mode text NOT NULL,
  tax_paisa bigint NOT NULL,
  barcode text,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, sale_id) REFERENCES sales
);
CREATE INDEX ix_sale_lines_sale ON sale_lines (business_id, sale_id);
CREATE INDEX ix_sale_lines_product ON sale_lines (business_id, product_id);

CREATE TABLE sale_tenders (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  sale_id uuid NOT NULL,
  line_no integer NOT NULL,
  method text NOT NULL CHECK (method IN ('cash', 'card', 'jazzcash', 'easypaisa', 'raast', 'bank', 'credit')),
  amount_paisa bigint NOT NULL CHECK (amount_paisa > 0),
  tendered_paisa bigint NOT NULL,
  reference text NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, sale_id) REFERENCES sales
);
CREATE INDEX ix_sale_tenders_sale ON sale_tenders (business_id, sale_id);

CREATE TABLE returns (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  sale_id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  device_id uuid NOT NULL,
  worker_id uuid NOT NULL,
  shift_id uuid,
  customer_id uuid,
  approved_by uuid,
  kind text NOT NULL CHECK (kind IN ('return', 'void')),
  receipt_no text NOT NULL,
  total_paisa bigint NOT NULL,
  tax_paisa bigint NOT NULL,
  reason text NOT NULL,
  server_flags text[] NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

CREATE TABLE return_lines (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  return_id uuid NOT NULL,
  line_no integer NOT NULL,
  sale_line_id uuid NOT NULL,
  product_id uuid NOT NULL,
  qty_milli bigint NOT NULL CHECK (qty_milli > 0),
  amount_paisa bigint NOT NULL,
  tax_paisa bigint NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, return_id) REFERENCES returns
);

CREATE TABLE return_refunds (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  return_id uuid NOT NULL,
  line_no integer NOT NULL,
  method text NOT NULL,
  amount_paisa bigint NOT NULL CHECK (amount_paisa > 0),
  reference text NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, return_id) REFERENCES returns
);

CREATE TABLE customer_payments (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  shift_id uuid,
  amount_paisa bigint NOT NULL CHECK (amount_paisa > 0),
  method text NOT NULL,
  reference text NOT NULL,
  worker_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

CREATE TABLE credit_entries (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sale', 'payment', 'return', 'writeoff', 'adjustment')),
  amount_paisa bigint NOT NULL,
  sale_id uuid,
  payment_id uuid,
  reference text NOT NULL,
  reason text NOT NULL,
  worker_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets,
  CHECK ((kind = 'sale' AND amount_paisa > 0)
      OR (kind IN ('payment', 'return', 'writeoff') AND amount_paisa < 0)
      OR (kind = 'adjustment' AND amount_paisa <> 0))
);
CREATE INDEX ix_credit_entries_customer ON credit_entries (business_id, customer_id, created_at);

CREATE TABLE credit_allocations (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  entry_id uuid NOT NULL,
  sale_id uuid NOT NULL,
  amount_paisa bigint NOT NULL CHECK (amount_paisa > 0),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, entry_id) REFERENCES credit_entries
);
CREATE INDEX ix_credit_allocations_entry ON credit_allocations (business_id, entry_id);
CREATE INDEX ix_credit_allocations_sale ON credit_allocations (business_id, sale_id);

CREATE TABLE stock_movements (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  product_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sale', 'return', 'receive', 'adjust', 'transfer_out', 'transfer_in')),
  qty_milli bigint NOT NULL CHECK (qty_milli <> 0),
  unit_cost_paisa bigint,
  ref_id uuid,
  supplier_id uuid,
  reason text NOT NULL,
  worker_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

-- Current level per outlet and product, kept by the push in the same transaction as
-- the movements (levels are what devices pull; movements stay the truth).
CREATE TABLE stock_levels (
  business_id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  product_id uuid NOT NULL,
  id uuid GENERATED ALWAYS AS (md5(outlet_id::text || product_id::text)::uuid) STORED,
  qty_milli bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  sync_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (business_id, outlet_id, product_id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

CREATE TABLE shifts (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  device_id uuid NOT NULL,
  worker_id uuid NOT NULL,
  opening_float_paisa bigint NOT NULL CHECK (opening_float_paisa >= 0),
  opened_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

CREATE TABLE shift_closes (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  shift_id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  closed_by uuid NOT NULL,
  expected_cash_paisa bigint NOT NULL,
  counted_cash_paisa bigint NOT NULL,
  note text NOT NULL,
  closed_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  UNIQUE (business_id, shift_id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

CREATE TABLE cash_movements (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  shift_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('in', 'out')),
  amount_paisa bigint NOT NULL CHECK (amount_paisa > 0),
  reason text NOT NULL,
  worker_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

CREATE TABLE approvals (
  business_id uuid NOT NULL,
  id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  action text NOT NULL,
  requested_by uuid NOT NULL,
  approved_by uuid NOT NULL,
  detail text NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, outlet_id) REFERENCES outlets
);

-- Every pushed record id with its payload hash: the idempotency log that turns a
-- replay into `duplicate` and a changed payload into `conflict`.
CREATE TABLE sync_records (
  business_id uuid NOT NULL,
  record_id uuid NOT NULL,
  type text NOT NULL,
  payload_hash text NOT NULL,
  device_id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, record_id)
);

CREATE TABLE dead_letters (
  business_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_id text NOT NULL,
  type text NOT NULL,
  device_id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  code text NOT NULL,
  message text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, id)
);
"""

PULL_TABLES = {
    "subscriptions": "subscription", "outlets": "outlets", "workers": "workers",
    "suppliers": "suppliers", "products": "products", "customers": "customers",
    "credit_entries": "credit_entries", "stock_levels": "stock_levels",
}

# Tables a device writes for its own outlet only (checked again by RLS).
OUTLET_DOCUMENTS = (
    "sales", "returns", "customer_payments", "credit_entries", "stock_movements",
    "stock_levels", "shifts", "shift_closes", "cash_movements", "approvals",
    "sync_records", "dead_letters",
)
CHILD_DOCUMENTS = (
    "sale_lines", "sale_tenders", "return_lines", "return_refunds", "credit_allocations",
)
UPSERTED = ("outlets", "workers", "suppliers", "products", "customers")

POLICIES = """
CREATE POLICY tenant_read ON businesses FOR SELECT USING (business_id = app_business_id());
CREATE POLICY admin_write ON businesses FOR ALL
  USING (business_id = app_business_id() AND app_role() IN ('signup', 'admin'))
  WITH CHECK (business_id = app_business_id() AND app_role() IN ('signup', 'admin'));

CREATE POLICY tenant_read ON subscriptions FOR SELECT USING (business_id = app_business_id());
CREATE POLICY admin_write ON subscriptions FOR ALL
  USING (business_id = app_business_id() AND app_role() IN ('signup', 'admin'))
  WITH CHECK (business_id = app_business_id() AND app_role() IN ('signup', 'admin'));

-- Owner accounts are never visible to devices. The login lookup is the one place a
-- row is found before its business is known: role 'login', read-only.
CREATE POLICY owner_rw ON owner_accounts FOR ALL
  USING (business_id = app_business_id() AND app_role() IN ('signup', 'owner', 'admin'))
  WITH CHECK (business_id = app_business_id() AND app_role() IN ('signup', 'owner', 'admin'));
CREATE POLICY login_lookup ON owner_accounts FOR SELECT USING (app_role() = 'login');

CREATE POLICY owner_rw ON refresh_tokens FOR ALL
  USING (business_id = app_business_id() AND app_role() IN ('signup', 'owner'))
  WITH CHECK (business_id = app_business_id() AND app_role() IN ('signup', 'owner'));

CREATE POLICY login_throttle ON auth_throttle FOR ALL
  USING (business_id = '00000000-0000-0000-0000-000000000000' AND app_role() = 'login')
  WITH CHECK (business_id = '00000000-0000-0000-0000-000000000000' AND app_role() = 'login');

-- Devices read their own credential row; only an owner registers or revokes.
CREATE POLICY tenant_read ON devices FOR SELECT USING (business_id = app_business_id());
CREATE POLICY owner_write ON devices FOR INSERT
  WITH CHECK (business_id = app_business_id() AND app_role() IN ('owner', 'admin'));
CREATE POLICY owner_update ON devices FOR UPDATE
  USING (business_id = app_business_id() AND app_role() IN ('owner', 'admin'))
  WITH CHECK (business_id = app_business_id() AND app_role() IN ('owner', 'admin'));
"""


def _policies() -> str:
    sql = [POLICIES]
    for table in OUTLET_DOCUMENTS:
        sql.append(f"""
CREATE POLICY tenant_read ON {table} FOR SELECT USING (business_id = app_business_id());
CREATE POLICY outlet_insert ON {table} FOR INSERT WITH CHECK (
  business_id = app_business_id() AND (app_role() <> 'device' OR outlet_id = app_outlet_id()));
""")
    sql.append("""
CREATE POLICY outlet_update ON stock_levels FOR UPDATE
  USING (business_id = app_business_id() AND (app_role() <> 'device' OR outlet_id = app_outlet_id()))
  WITH CHECK (business_id = app_business_id() AND (app_role() <> 'device' OR outlet_id = app_outlet_id()));
""")
    for table in CHILD_DOCUMENTS + UPSERTED + ("barcodes",):
        sql.append(f"""
CREATE POLICY tenant_rw ON {table} FOR ALL
  USING (business_id = app_business_id()) WITH CHECK (business_id = app_business_id());
""")
    return "\n".join(sql)


def _rls_and_triggers() -> str:
    tables = [
        "businesses", "subscriptions", "owner_accounts", "refresh_tokens", "auth_throttle",
        "devices", "barcodes", *OUTLET_DOCUMENTS, *CHILD_DOCUMENTS, *UPSERTED,
    ]
    sql = []
    for table in dict.fromkeys(tables):
        sql.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;")
        sql.append(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;")
    for table, collection in PULL_TABLES.items():
        sql.append(
            f"CREATE TRIGGER stamp_sync BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION dukan_stamp_sync('{collection}');")
        # The pull reads (business_id, sync_tx, id) in order: one index range scan.
        key = "business_id" if table == "subscriptions" else "id"
        sql.append(f"CREATE INDEX ix_{table}_sync ON {table} (business_id, sync_tx, {key});")
    return "\n".join(sql)


def _grants(app_role: str) -> str:
    role = '"' + app_role.replace('"', '""') + '"'
    return f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(app_role)}) THEN
    RAISE EXCEPTION 'app role % does not exist; create it (LOGIN, NOBYPASSRLS) first', {_literal(app_role)};
  END IF;
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};
GRANT INSERT ON ALL TABLES IN SCHEMA public TO {role};
GRANT UPDATE ON businesses, subscriptions, owner_accounts, refresh_tokens, auth_throttle,
  devices, stock_levels, barcodes, {", ".join(UPSERTED)} TO {role};
GRANT DELETE ON barcodes, auth_throttle TO {role};
REVOKE ALL ON alembic_version FROM {role};
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    app_role = context.config.attributes.get("app_role", "dukan_app")
    op.execute(HELPERS)
    op.execute(TABLES)
    op.execute(_rls_and_triggers())
    op.execute(_policies())
    op.execute(_grants(app_role))


def downgrade() -> None:
    raise NotImplementedError("the initial schema is not downgraded; restore a backup instead")
