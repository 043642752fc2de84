"""Migrations at start: a verified backup first, then the upgrade; a newer ledger is refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from dukan_desktop.ledger import migrate
from dukan_desktop.ledger.migrate import LedgerTooNew, current_revision, head_revision
from dukan_desktop.ledger.uow import UnitOfWork
from dukan_desktop.ops import startup
from dukan_desktop.ops.startup import open_ledger_for_app, prepare_ledger
from dukan_desktop.resources import migrations_path
from dukan_desktop.services import settings
from dukan_desktop.services.backup import verify

FIRST_REVISION = "0001"  # the first file in migrations/ledger/versions/
NOW = "2026-11-02 10:00:00.000000"  # how SQLAlchemy stores DateTime in SQLite


def _ledger_at_first_revision(path: Path) -> None:
    """A ledger as the very first release made it, filled in with raw SQL (no ORM models)."""
    migrate.upgrade_to_head(path, FIRST_REVISION)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO businesses (id, name, address, phone, ntn, strn, created_at,"
                     " updated_at) VALUES ('b1', 'Madina Store', 'Gulberg', '042', '', '', ?, ?)",
                     (NOW, NOW))
        conn.execute("INSERT INTO products (id, business_id, sku, name_en, name_ur, unit,"
                     " price_paisa, cost_paisa, tax_rate_bp, tax_mode, supplier_id,"
                     " reorder_level_milli, active, created_at, updated_at) VALUES"
                     " ('p1', 'b1', 'RICE', 'Basmati Rice', 'چاول', 'kg', 38000, 33000, 0,"
                     " 'exempt', NULL, 0, 1, ?, ?)", (NOW, NOW))
        conn.execute("INSERT INTO settings (key, value_json, updated_at) VALUES"
                     " ('backup_keep', '7', ?)", (NOW,))
    conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_data_dir_gets_a_ledger_at_head_and_no_backup(app_paths):
    ledger = open_ledger_for_app(app_paths)
    ledger.close()
    assert current_revision(app_paths.ledger) == head_revision()
    assert list(app_paths.backups.iterdir()) == []


def test_upgrade_from_the_very_first_migration_keeps_the_data(app_paths):
    _ledger_at_first_revision(app_paths.ledger)
    made = prepare_ledger(app_paths)
    upgraded = head_revision() != FIRST_REVISION
    assert (made is not None) == upgraded  # a backup exactly when there was an upgrade
    if made is not None:
        assert made.path.parent == app_paths.backups
        assert current_revision(made.path) == FIRST_REVISION  # the copy is the old ledger
    ledger = open_ledger_for_app(app_paths)
    try:
        assert current_revision(app_paths.ledger) == head_revision()
        with UnitOfWork(ledger, write=False) as uow:
            name = uow.session.execute(text("SELECT name_en FROM products WHERE id='p1'")).scalar()
            assert name == "Basmati Rice"
            assert settings.get(uow, "backup_keep") == 7
    finally:
        ledger.close()


@pytest.fixture
def migrations_with_extra_revision(tmp_path, monkeypatch):
    """The real migrations plus one more after head, as the next release would ship."""
    root = tmp_path / "app" / "migrations" / "ledger"
    shutil.copytree(migrations_path("ledger"), root,
                    ignore=shutil.ignore_patterns("__pycache__"))
    base = head_revision()

    def add(body: str) -> str:
        (root / "versions" / "9999_ops_test.py").write_text(
            f'"""ops test revision"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
            f'revision = "9999_ops_test"\ndown_revision = "{base}"\n'
            f'branch_labels = None\ndepends_on = None\n\n\n'
            f'def upgrade() -> None:\n{body}\n\n\ndef downgrade() -> None:\n    pass\n',
            encoding="utf-8")
        monkeypatch.setattr(migrate, "migrations_path", lambda name: root.parent / name)
        return base

    return add


def test_upgrade_backs_up_first_then_migrates(app_paths, migrations_with_extra_revision):
    _ledger_at_first_revision(app_paths.ledger)
    migrate.upgrade_to_head(app_paths.ledger)  # the current release's head
    before = current_revision(app_paths.ledger)
    migrations_with_extra_revision(
        "    op.add_column('products', sa.Column('ops_note', sa.String(40), nullable=True))")

    ledger = open_ledger_for_app(app_paths)
    ledger.close()

    assert current_revision(app_paths.ledger) == "9999_ops_test"
    [backup] = list(app_paths.backups.glob("before-upgrade-*.sqlite3"))
    assert backup.name.startswith(f"before-upgrade-{before}-to-9999_ops_test-")
    verify(backup)
    assert current_revision(backup) == before
    conn = sqlite3.connect(app_paths.ledger)
    assert conn.execute("SELECT name_en, ops_note FROM products").fetchall() == [("Basmati Rice", None)]
    conn.close()


def test_a_failing_migration_leaves_the_ledger_as_it_was_and_a_backup(
        app_paths, migrations_with_extra_revision):
    _ledger_at_first_revision(app_paths.ledger)
    migrate.upgrade_to_head(app_paths.ledger)
    before = current_revision(app_paths.ledger)
    migrations_with_extra_revision(
        "    op.add_column('products', sa.Column('ops_note', sa.String(40)))\n"
        "    raise RuntimeError('power cut half-way')")
    with pytest.raises(RuntimeError):
        open_ledger_for_app(app_paths)
    assert current_revision(app_paths.ledger) == before  # SQLite DDL rolled back
    assert len(list(app_paths.backups.glob("before-upgrade-*.sqlite3"))) == 1


def test_a_ledger_from_a_newer_version_is_refused_and_left_alone(app_paths):
    open_ledger_for_app(app_paths).close()
    conn = sqlite3.connect(app_paths.ledger)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dcafe_from_the_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    digest = _sha(app_paths.ledger)

    with pytest.raises(LedgerTooNew) as caught:
        open_ledger_for_app(app_paths)

    assert "newer version of Dukan POS" in caught.value.message
    assert "f00dcafe_from_the_future" in caught.value.message
    assert "nothing was changed" in caught.value.message
    assert _sha(app_paths.ledger) == digest
    assert list(app_paths.backups.iterdir()) == []


def test_a_read_only_probe_failure_names_the_folder(app_paths, monkeypatch):
    import errno

    def refuse(*_a, **_k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(startup.os, "open", refuse)
    with pytest.raises(startup.DataDirUnusable) as caught:
        open_ledger_for_app(app_paths)
    assert str(app_paths.data_dir) in caught.value.message
    assert "read-only" in caught.value.message
