"""Device authentication and tenant context in one round trip.

`dukan_device_context(business, device)` sets the transaction-local tenant settings
(`app.business_id`, `app.role` = device), reads the device's credential row under RLS
and, when the device exists and is not revoked, narrows `app.outlet_id` to its
outlet. The API then compares the token digest; on a mismatch it raises and the whole
transaction (settings included) is rolled back before anything else runs in it. The
business's generation comes back too, so a pull needs no extra query.

SECURITY INVOKER (the default): RLS applies inside, as for every other statement.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE FUNCTION dukan_device_context(p_business uuid, p_device uuid)
RETURNS TABLE (outlet_id text, number integer, token_hash bytea, revoked_at timestamptz,
               generation integer)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.business_id', p_business::text, true),
          set_config('app.outlet_id', '', true),
          set_config('app.role', 'device', true);
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


def upgrade() -> None:
    op.execute(FUNCTION)


def downgrade() -> None:
    op.execute("DROP FUNCTION dukan_device_context(uuid, uuid);")
