"""Pushes publish their pull nudges after commit, in batches.

A transaction that has sent NOTIFY takes one cluster-wide lock at commit and keeps
it until its commit record is flushed, so every pushing transaction used to wait for
the previous one's WAL flush (100 single-sale pushes a second was the ceiling).
The push's own transactions now set `app.notify = 'defer'`: the stamp trigger still
sets `sync_tx` but skips pg_notify, and the API process sends the same
`business_id:collection` payloads after commit, batched every few milliseconds from
a transaction without writes (no WAL flush under the lock). Every other writer
(owner API, admin CLI, per-record push path) still notifies from the trigger.

`dukan_device_context` gains `p_defer_notify` for that.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE OR REPLACE FUNCTION dukan_stamp_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sync_tx := pg_current_xact_id();
  IF current_setting('app.notify', true) IS DISTINCT FROM 'defer' THEN
    PERFORM pg_notify('dukan_sync', NEW.business_id::text || ':' || TG_ARGV[0]);
  END IF;
  RETURN NEW;
END $$;

DROP FUNCTION dukan_device_context(uuid, uuid);
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

DOWNGRADE = """
CREATE OR REPLACE FUNCTION dukan_stamp_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sync_tx := pg_current_xact_id();
  PERFORM pg_notify('dukan_sync', NEW.business_id::text || ':' || TG_ARGV[0]);
  RETURN NEW;
END $$;

DROP FUNCTION dukan_device_context(uuid, uuid, boolean);
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
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
