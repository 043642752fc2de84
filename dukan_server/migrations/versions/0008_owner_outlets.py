"""The owner's PC writes stock and udhaar documents for every outlet of its business.

The back office on the owner's PC receives goods for, adjusts and transfers stock
between any outlets of the business, and writes off or adjusts udhaar at any of them
(dukan_desktop/services/stock.py, credit.py). Until now the device role could insert
documents only for `app_outlet_id()` (0001's `outlet_insert`), so a transfer to a
second outlet or goods received there never reached the server. For the device role
with `app.device_kind = 'owner'` (0006) this revision also lets through:

- stock movements of kind receive, adjust, transfer_out and transfer_in, and credit
  entries of kind writeoff and adjustment, for any outlet of the current business
  (`app_owner_may_write`, an outlet lookup under RLS, so another business's outlet is
  refused by the policy itself and not only by the foreign key);
- the `stock_levels` rows of those outlets (insert and update: the push keeps the levels
  of the movement's own outlet);
- allocations of such a write-off or adjustment (0006's `dukan_check_entry_parent`
  required the entry to be of the device's outlet).

Everything else stays as it was: sales, returns, payments, shifts, cash movements and
approvals are of the device's own outlet for every device, and a counter still writes
none of these owner documents (0007). The pairing of a transfer's out and in is checked
by the API over the whole batch (push_rules.pair_transfers): the push writes a batch in
several statements on its per-record path, in any order.

ALTER POLICY and CREATE OR REPLACE: running the upgrade twice changes nothing.

Revision ID: 0008
Revises: 0007
"""

import importlib.util
from pathlib import Path

from alembic import context, op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

HELPER = """
CREATE OR REPLACE FUNCTION app_owner_may_write(p_outlet uuid) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT app_role() = 'device' AND app_device_kind() = 'owner'
     AND EXISTS (SELECT 1 FROM outlets o
                  WHERE o.business_id = app_business_id() AND o.id = p_outlet)
$$;
"""

OWN_OUTLET = "business_id = app_business_id() AND (app_role() <> 'device' OR outlet_id = app_outlet_id()"
STOCK_KINDS = "('receive', 'adjust', 'transfer_out', 'transfer_in')"
CREDIT_KINDS = "('writeoff', 'adjustment')"

# (table, policy, clause): the owner's exception, added inside 0001's device condition.
POLICIES = (
    ("stock_movements", "outlet_insert",
     f"kind IN {STOCK_KINDS} AND app_owner_may_write(outlet_id)"),
    ("credit_entries", "outlet_insert",
     f"kind IN {CREDIT_KINDS} AND app_owner_may_write(outlet_id)"),
    ("stock_levels", "outlet_insert", "app_owner_may_write(outlet_id)"),
    ("stock_levels", "outlet_update", "app_owner_may_write(outlet_id)"),
)

_ENTRY_OUTLET = "AND p.id = n.ref AND p.outlet_id = app_outlet_id())) THEN"
_ENTRY_OWNER = ("AND p.id = n.ref AND (p.outlet_id = app_outlet_id()"
                f" OR (app_device_kind() = 'owner' AND p.kind IN {CREDIT_KINDS})))) THEN")


def _policy(table: str, policy: str, check: str) -> str:
    using = f" USING ({check})" if policy == "outlet_update" else ""
    return f"ALTER POLICY {policy} ON {table}{using} WITH CHECK ({check});"


def _policies(owner: bool) -> str:
    return "\n".join(
        _policy(table, policy, OWN_OUTLET + (f" OR ({clause}))" if owner else ")"))
        for table, policy, clause in POLICIES)


def _entry_parent_0006() -> str:
    """0006's `dukan_check_entry_parent`, read from that revision (applied revisions never
    change), as CREATE OR REPLACE."""
    path = Path(__file__).with_name("0006_device_kinds.py")
    spec = importlib.util.spec_from_file_location("dukan_migration_0006", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module._parent_checks()
    start = text.index("CREATE FUNCTION dukan_check_entry_parent()")
    end = text.index("END $$;", start) + len("END $$;")
    function = "CREATE OR REPLACE" + text[start + len("CREATE"):end]
    if function.count(_ENTRY_OUTLET) != 1:
        raise RuntimeError("0008: the outlet condition of dukan_check_entry_parent was not found")
    return function


def upgrade() -> None:
    op.execute(HELPER)
    op.execute(_policies(owner=True))
    op.execute(_entry_parent_0006().replace(_ENTRY_OUTLET, _ENTRY_OWNER))
    role = context.config.attributes.get("app_role", "dukan_app")
    op.execute(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')


def downgrade() -> None:
    op.execute(_entry_parent_0006())
    op.execute(_policies(owner=False))
    op.execute("DROP FUNCTION IF EXISTS app_owner_may_write(uuid);")
