"""The push's outlet and document checks find their document by primary key.

The statement-level checks of 0006 (a child's parent is of the device's outlet), 0007
(a counter's stock movements and credit entries are its own documents') and 0008 (the
owner's write-offs) looked a parent up with `business_id = ... AND id = ... AND
outlet_id = ...` in one condition. Two indexes match two of those columns: the
primary key (business_id, id) and `ix_sales_outlet_created` (business_id, outlet_id,
...). PL/pgSQL plans each check once per connection, often while a shop's tables are
still small, when both indexes cost the same; the plan then kept could read every sale
of the outlet for each document checked (a 10,000-sale backlog took 12 s to push, and
each batch got slower as the outlet's history grew). The 0006 checks were worse: a
nested-loop anti join that scanned all of the business's sales per document
(`ix_sales_shift`, `Join Filter: p.id = n.ref`).

Here every such lookup names only the primary key's columns and compares the outlet
(and customer) of the row it found: no other index matches as well, whatever the
statistics say. The checks accept and refuse exactly what they did; their messages
are unchanged (the per-record push maps them to its codes).

Revision ID: 0009
Revises: 0008
"""

import importlib.util
from pathlib import Path

from alembic import context, op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CREDIT_KINDS = "('writeoff', 'adjustment')"
# function: (parent table, child column, what, the condition a found parent must meet)
PARENT_CHECKS = {
    "dukan_check_sale_parent": ("sales", "sale_id", "sale", "p.outlet_id = v_outlet"),
    "dukan_check_return_parent": ("returns", "return_id", "return", "p.outlet_id = v_outlet"),
    # 0008: the owner's PC allocates its write-offs and adjustments at any outlet.
    "dukan_check_entry_parent": (
        "credit_entries", "entry_id", "credit entry",
        f"p.outlet_id = v_outlet OR (app_device_kind() = 'owner' AND p.kind IN {CREDIT_KINDS})"),
    "dukan_check_shift_parent": ("shifts", "shift_id", "shift", "p.outlet_id = v_outlet"),
}
MARKER = "(owner_device_required)"


def _parent_check(function: str, parent: str, column: str, what: str, ok: str) -> str:
    # "row-level security" in the message: the per-record push maps it to wrong_outlet.
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_business uuid := app_business_id();
  v_outlet uuid := app_outlet_id();
BEGIN
  IF app_role() = 'device' AND EXISTS (
       SELECT 1 FROM (SELECT DISTINCT n.{column} AS ref FROM new_rows n) n
        WHERE NOT coalesce((SELECT {ok} FROM {parent} p
                             WHERE p.business_id = v_business AND p.id = n.ref), false)) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('new row violates row-level security for table "%s": its {what} is'
                       ' not one of this device''s outlet', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;"""


COUNTER_STOCK = f"""
CREATE OR REPLACE FUNCTION dukan_check_counter_stock() RETURNS trigger LANGUAGE plpgsql AS $$
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
       WHERE NOT coalesce(CASE n.kind
               WHEN 'sale' THEN (SELECT s.outlet_id FROM sales s
                                  WHERE s.business_id = v_business AND s.id = n.ref_id)
               ELSE (SELECT r.outlet_id FROM returns r
                      WHERE r.business_id = v_business AND r.id = n.ref_id)
             END = v_outlet, false)
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
"""

COUNTER_CREDIT = f"""
CREATE OR REPLACE FUNCTION dukan_check_counter_credit() RETURNS trigger LANGUAGE plpgsql AS $$
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
           WHEN 'sale' THEN (SELECT CASE WHEN s.outlet_id = v_outlet
                                          AND s.customer_id = n.customer_id
                                         THEN s.credit_paisa END
                               FROM sales s
                              WHERE s.business_id = v_business AND s.id = n.sale_id)
           WHEN 'payment' THEN (SELECT CASE WHEN p.outlet_id = v_outlet
                                             AND p.customer_id = n.customer_id
                                            THEN p.amount_paisa END
                                  FROM customer_payments p
                                 WHERE p.business_id = v_business AND p.id = n.payment_id)
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
"""


def _revision(name: str, filename: str):
    """An earlier revision's module: applied revisions never change, so the downgrade
    reads their text rather than keeping a copy."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(filename))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _functions_0008() -> str:
    """The six functions as 0006, 0007 and 0008 left them, as CREATE OR REPLACE."""
    m6 = _revision("dukan_migration_0006", "0006_device_kinds.py")
    m7 = _revision("dukan_migration_0007", "0007_counter_documents.py")
    m8 = _revision("dukan_migration_0008", "0008_owner_outlets.py")
    sql = []
    parents = m6._parent_checks()
    for function in PARENT_CHECKS:
        if function == "dukan_check_entry_parent":
            sql.append(m8._entry_parent_0006().replace(m8._ENTRY_OUTLET, m8._ENTRY_OWNER))
            continue
        start = parents.index(f"CREATE FUNCTION {function}()")
        end = parents.index("END $$;", start) + len("END $$;")
        sql.append("CREATE OR REPLACE" + parents[start + len("CREATE"):end])
    for function in ("dukan_check_counter_stock", "dukan_check_counter_credit"):
        start = m7.CHECKS.index(f"CREATE FUNCTION {function}()")
        end = m7.CHECKS.index("END $$;", start) + len("END $$;")
        sql.append("CREATE OR REPLACE" + m7.CHECKS[start + len("CREATE"):end])
    return "\n".join(sql)


def upgrade() -> None:
    sql = [_parent_check(function, *spec) for function, spec in PARENT_CHECKS.items()]
    op.execute("\n".join([*sql, COUNTER_STOCK, COUNTER_CREDIT]))
    role = context.config.attributes.get("app_role", "dukan_app")
    op.execute(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')


def downgrade() -> None:
    op.execute(_functions_0008())
