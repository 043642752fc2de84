"""Owner-only documents stay owner-only in PostgreSQL; login throttle housekeeping.

On the desktop, receiving, adjusting and transferring stock and writing off, adjusting
or settling udhaar are the owner's (core/permissions.py). On the wire these are
`stock_movement` records (kinds receive, adjust, transfer_out, transfer_in) and
`credit_entry` records (writeoff, adjustment). The API refuses them from a counter
(`owner_device_required`); this revision refuses them again in the database, for the
device role when `app.device_kind` is not 'owner':

- a counter's stock movement is only of kind 'sale' or 'return' (the server derives
  them from the document), names that document (`ref_id`) of the device's own outlet,
  has the document's sign (a sale takes out, a return puts back), and all such
  movements of that document and product together never move more than its lines do.
  So an adjustment cannot pass as a sale, and no movement can be added to a sale
  beyond what it sold;
- a counter's credit entry is only of kind 'sale', 'payment' or 'return', names its
  document of the device's own outlet and that document's customer, and all entries of
  the document together never exceed its credit (sale), its amount (payment) or its
  refunds to udhaar (return, found by sale and receipt number);
- a counter's allocation belongs to a payment or return entry and the entry's
  allocations never exceed it.

These are statement-level AFTER INSERT triggers over the transition table, like
migration 0006's parent checks: the push's fast path writes a document, its lines and
its movements in one statement, and only the end of the statement sees them all. The
sums read the document's rows through new indexes (movements by ref_id, credit entries
by sale and by payment, returns by sale, return lines and refunds by return).

`dukan_apply_push` (the per-record path) maps these refusals to the result code
`owner_device_required` (their message carries it) instead of `forbidden`.

`auth_throttle` gets an index on `window_start`: login failures are now counted per
identifier whether or not an account has it (`login:` keys), so stale rows are pruned
by the API, oldest first.

On a large database build the indexes beforehand with CREATE INDEX CONCURRENTLY under
the same names; the migration then keeps them (IF NOT EXISTS).

Revision ID: 0007
Revises: 0006
"""

import importlib.util
from pathlib import Path

from alembic import context, op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_stock_movements_ref": "stock_movements (business_id, ref_id) WHERE ref_id IS NOT NULL",
    "ix_credit_entries_sale": "credit_entries (business_id, sale_id) WHERE sale_id IS NOT NULL",
    "ix_credit_entries_payment":
        "credit_entries (business_id, payment_id) WHERE payment_id IS NOT NULL",
    "ix_returns_sale": "returns (business_id, sale_id)",
    "ix_return_lines_return": "return_lines (business_id, return_id)",
    "ix_return_refunds_return": "return_refunds (business_id, return_id)",
    "ix_auth_throttle_window": "auth_throttle (business_id, window_start)",
}

# The marker the per-record path looks for in a refusal's message.
MARKER = "(owner_device_required)"

CHECKS = f"""
CREATE FUNCTION app_is_counter() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT app_role() = 'device' AND app_device_kind() <> 'owner' $$;

CREATE FUNCTION dukan_check_counter_stock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_business uuid := app_business_id();
  v_outlet uuid := app_outlet_id();
BEGIN
  IF NOT app_is_counter() THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM new_rows n WHERE n.kind NOT IN ('sale', 'return')
               OR n.ref_id IS NULL OR (n.kind = 'sale') <> (n.qty_milli < 0)) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = 'only the owner''s PC may receive, adjust or transfer stock: a counter''s'
                ' stock movement is its sale''s or return''s {MARKER}';
  END IF;
  -- Per document (not per line): its movements and its lines, each summed by product.
  IF EXISTS (
      SELECT 1 FROM (SELECT DISTINCT n.ref_id, n.kind FROM new_rows n) n
       WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE n.kind = 'sale'
                            AND s.business_id = v_business AND s.id = n.ref_id
                            AND s.outlet_id = v_outlet
                         UNION ALL
                         SELECT 1 FROM returns r WHERE n.kind = 'return'
                            AND r.business_id = v_business AND r.id = n.ref_id
                            AND r.outlet_id = v_outlet)
          OR EXISTS (
            SELECT 1
              FROM (SELECT m.product_id, sum(m.qty_milli) * CASE WHEN n.kind = 'sale' THEN -1
                                                                 ELSE 1 END AS qty
                      FROM stock_movements m
                     WHERE m.business_id = v_business AND m.ref_id = n.ref_id
                       AND m.kind = n.kind
                     GROUP BY m.product_id) m
              LEFT JOIN (SELECT l.product_id, sum(l.qty_milli) AS qty FROM sale_lines l
                          WHERE n.kind = 'sale' AND l.business_id = v_business
                            AND l.sale_id = n.ref_id
                          GROUP BY l.product_id
                         UNION ALL
                         SELECT l.product_id, sum(l.qty_milli) FROM return_lines l
                          WHERE n.kind = 'return' AND l.business_id = v_business
                            AND l.return_id = n.ref_id
                          GROUP BY l.product_id) d ON d.product_id = m.product_id
             WHERE d.qty IS NULL OR m.qty > d.qty)) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = 'a counter''s sale or return stock movement must be of a document of this'
                ' device''s outlet and move no more than its lines {MARKER}';
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION dukan_check_counter_credit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_business uuid := app_business_id();
  v_outlet uuid := app_outlet_id();
BEGIN
  IF NOT app_is_counter() THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM new_rows n WHERE n.kind NOT IN ('sale', 'payment', 'return')
               OR (n.kind = 'payment' AND n.payment_id IS NULL)
               OR (n.kind <> 'payment' AND n.sale_id IS NULL)) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = 'only the owner''s PC may write off or adjust udhaar: a counter''s credit'
                ' entry is its sale''s, payment''s or return''s {MARKER}';
  END IF;
  IF EXISTS (
      SELECT 1 FROM (SELECT DISTINCT n.kind, n.customer_id, n.sale_id, n.payment_id,
                            n.reference FROM new_rows n) n
       WHERE coalesce(CASE n.kind
           WHEN 'sale' THEN (SELECT sum(e.amount_paisa) FROM credit_entries e
                              WHERE e.business_id = v_business AND e.sale_id = n.sale_id
                                AND e.kind = 'sale')
           WHEN 'payment' THEN (SELECT -sum(e.amount_paisa) FROM credit_entries e
                                 WHERE e.business_id = v_business
                                   AND e.payment_id = n.payment_id AND e.kind = 'payment')
           ELSE (SELECT -sum(e.amount_paisa) FROM credit_entries e
                  WHERE e.business_id = v_business AND e.sale_id = n.sale_id
                    AND e.kind = 'return' AND e.reference = n.reference)
         END, 0)
         > coalesce(CASE n.kind
           WHEN 'sale' THEN (SELECT s.credit_paisa FROM sales s
                              WHERE s.business_id = v_business AND s.id = n.sale_id
                                AND s.outlet_id = v_outlet AND s.customer_id = n.customer_id)
           WHEN 'payment' THEN (SELECT p.amount_paisa FROM customer_payments p
                                 WHERE p.business_id = v_business AND p.id = n.payment_id
                                   AND p.outlet_id = v_outlet
                                   AND p.customer_id = n.customer_id)
           ELSE (SELECT sum(f.amount_paisa) FROM returns r
                   JOIN return_refunds f ON f.business_id = r.business_id AND f.return_id = r.id
                  WHERE r.business_id = v_business AND r.sale_id = n.sale_id
                    AND r.receipt_no = n.reference AND r.outlet_id = v_outlet
                    AND r.customer_id = n.customer_id AND f.method = 'credit')
         END, 0)) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = 'a counter''s credit entry must be of a document of this device''s outlet'
                ' and its customer, and no more than that document''s udhaar {MARKER}';
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION dukan_check_counter_allocation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_business uuid := app_business_id();
BEGIN
  IF NOT app_is_counter() THEN
    RETURN NULL;
  END IF;
  IF EXISTS (
      SELECT 1 FROM (SELECT DISTINCT n.entry_id FROM new_rows n) n
       WHERE NOT EXISTS (
         SELECT 1 FROM credit_entries e
          WHERE e.business_id = v_business AND e.id = n.entry_id
            AND e.kind IN ('payment', 'return')
            AND -e.amount_paisa >= (SELECT sum(a.amount_paisa) FROM credit_allocations a
                                     WHERE a.business_id = v_business
                                       AND a.entry_id = n.entry_id))) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = 'a counter allocates only a payment or a refund to udhaar, and no more'
                ' than it {MARKER}';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER check_counter_document AFTER INSERT ON stock_movements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION dukan_check_counter_stock();
CREATE TRIGGER check_counter_document AFTER INSERT ON credit_entries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION dukan_check_counter_credit();
CREATE TRIGGER check_counter_document AFTER INSERT ON credit_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION dukan_check_counter_allocation();
"""

DROP_CHECKS = """
DROP TRIGGER check_counter_document ON credit_allocations;
DROP TRIGGER check_counter_document ON credit_entries;
DROP TRIGGER check_counter_document ON stock_movements;
DROP FUNCTION dukan_check_counter_allocation();
DROP FUNCTION dukan_check_counter_credit();
DROP FUNCTION dukan_check_counter_stock();
DROP FUNCTION app_is_counter();
"""

_FORBIDDEN = "ELSE 'forbidden' END;"
_OWNER_DEVICE = (f"WHEN SQLERRM LIKE '%{MARKER}%' THEN 'owner_device_required'"
                 f" ELSE 'forbidden' END;")


def _apply_push_0002() -> str:
    """`dukan_apply_push` exactly as revision 0002 created it. Applied revisions never
    change, so its text is read from there rather than copied."""
    path = Path(__file__).with_name("0002_push_function.py")
    spec = importlib.util.spec_from_file_location("dukan_migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.FUNCTION
    start = text.index("CREATE FUNCTION dukan_apply_push(")
    function = "CREATE OR REPLACE" + text[start + len("CREATE"):]
    if function.count(_FORBIDDEN) != 1:
        raise RuntimeError("0007: the refusal mapping of dukan_apply_push was not found")
    return function


def upgrade() -> None:
    for name, target in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    op.execute(CHECKS)
    op.execute(_apply_push_0002().replace(_FORBIDDEN, _OWNER_DEVICE))
    role = context.config.attributes.get("app_role", "dukan_app")
    op.execute(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')


def downgrade() -> None:
    op.execute(_apply_push_0002())
    op.execute(DROP_CHECKS)
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
