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


# 0007's counter checks, with each document lookup by primary key: (old, new) texts.
COUNTER_LOOKUPS = {
    "dukan_check_counter_stock": [(
        """       WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE n.kind = 'sale'
                            AND s.business_id = v_business AND s.id = n.ref_id
                            AND s.outlet_id = v_outlet
                         UNION ALL
                         SELECT 1 FROM returns r WHERE n.kind = 'return'
                            AND r.business_id = v_business AND r.id = n.ref_id
                            AND r.outlet_id = v_outlet)""",
        """       WHERE NOT coalesce(CASE n.kind
               WHEN 'sale' THEN (SELECT s.outlet_id FROM sales s
                                  WHERE s.business_id = v_business AND s.id = n.ref_id)
               ELSE (SELECT r.outlet_id FROM returns r
                      WHERE r.business_id = v_business AND r.id = n.ref_id)
             END = v_outlet, false)""")],
    "dukan_check_counter_credit": [(
        """           WHEN 'sale' THEN (SELECT s.credit_paisa FROM sales s
                              WHERE s.business_id = v_business AND s.id = n.sale_id
                                AND s.outlet_id = v_outlet AND s.customer_id = n.customer_id)""",
        """           WHEN 'sale' THEN (SELECT CASE WHEN s.outlet_id = v_outlet
                                          AND s.customer_id = n.customer_id
                                         THEN s.credit_paisa END
                               FROM sales s
                              WHERE s.business_id = v_business AND s.id = n.sale_id)"""), (
        """           WHEN 'payment' THEN (SELECT p.amount_paisa FROM customer_payments p
                                 WHERE p.business_id = v_business AND p.id = n.payment_id
                                   AND p.outlet_id = v_outlet
                                   AND p.customer_id = n.customer_id)""",
        """           WHEN 'payment' THEN (SELECT CASE WHEN p.outlet_id = v_outlet
                                             AND p.customer_id = n.customer_id
                                            THEN p.amount_paisa END
                                  FROM customer_payments p
                                 WHERE p.business_id = v_business AND p.id = n.payment_id)""")],
}


def _revision(name: str, filename: str):
    """An earlier revision's module: applied revisions never change, so the downgrade
    reads their text rather than keeping a copy."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(filename))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _function(text: str, name: str) -> str:
    """One `CREATE FUNCTION name() ... END $$;` of an earlier revision's SQL, as CREATE
    OR REPLACE."""
    start = text.index(f"CREATE FUNCTION {name}()")
    end = text.index("END $$;", start) + len("END $$;")
    return "CREATE OR REPLACE" + text[start + len("CREATE"):end]


def _counter_checks(*, by_primary_key: bool) -> list[str]:
    """0007's counter checks as it made them, or with 0009's lookups."""
    checks = _revision("dukan_migration_0007", "0007_counter_documents.py").CHECKS
    sql = []
    for name, replacements in COUNTER_LOOKUPS.items():
        function = _function(checks, name)
        for old, new in replacements if by_primary_key else ():
            if function.count(old) != 1:
                raise RuntimeError(f"0009: a document lookup of {name} was not found")
            function = function.replace(old, new)
        sql.append(function)
    return sql


def _parent_checks_0008() -> list[str]:
    """The four parent checks as 0006 made them, the entry's as 0008 changed it."""
    parents = _revision("dukan_migration_0006", "0006_device_kinds.py")._parent_checks()
    m8 = _revision("dukan_migration_0008", "0008_owner_outlets.py")
    return [m8._entry_parent_0006().replace(m8._ENTRY_OUTLET, m8._ENTRY_OWNER)
            if name == "dukan_check_entry_parent" else _function(parents, name)
            for name in PARENT_CHECKS]


def upgrade() -> None:
    sql = [_parent_check(function, *spec) for function, spec in PARENT_CHECKS.items()]
    op.execute("\n".join(sql + _counter_checks(by_primary_key=True)))
    role = context.config.attributes.get("app_role", "dukan_app")
    op.execute(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')


def downgrade() -> None:
    op.execute("\n".join(_parent_checks_0008() + _counter_checks(by_primary_key=False)))
