"""The schema is built by the migrations, and they match the models."""

import sqlite3

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.ledger.migrate import (
    LedgerTooNew,
    alembic_config,
    head_revision,
    upgrade_to_head,
)


def test_no_drift_between_models_and_migrations(tmp_path):
    db = tmp_path / "l.sqlite3"
    upgrade_to_head(db)
    command.check(alembic_config(db))  # raises if autogenerate would emit anything


def test_every_migration_downgrades_and_upgrades(tmp_path):
    db = tmp_path / "l.sqlite3"
    cfg = alembic_config(db)
    upgrade_to_head(db)
    command.downgrade(cfg, "base")
    upgrade_to_head(db)
    revisions = list(ScriptDirectory.from_config(cfg).walk_revisions())
    assert revisions and head_revision() == revisions[0].revision


def test_durable_pragmas_on_every_connection(tmp_path):
    ledger = Ledger.open(tmp_path / "l.sqlite3")
    with ledger.write_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    ledger.close()


def test_a_ledger_from_a_newer_version_is_refused_untouched(tmp_path):
    db = tmp_path / "l.sqlite3"
    upgrade_to_head(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db.read_bytes()
    with pytest.raises(LedgerTooNew) as err:
        upgrade_to_head(db)
    assert "newer version" in err.value.message
    assert db.read_bytes() == before
