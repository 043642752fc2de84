"""Automatic backups: daily and on close, verified, the last N of each kind kept."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from dukan_desktop.ops import autobackup
from dukan_desktop.ops.autobackup import (
    DAILY,
    ON_CLOSE,
    BackupScheduler,
    backup_keep,
    backup_on_close,
    list_auto_backups,
    maybe_daily_backup,
)
from dukan_desktop.services.backup import BackupFailed, verify

from .conftest import count_sales

T0 = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)  # 09:00 in Karachi


def test_daily_backup_once_per_shop_day(shop_paths):
    paths, _, receipts = shop_paths
    first = maybe_daily_backup(paths, T0)
    assert first is not None and first.sales == len(receipts)
    assert maybe_daily_backup(paths, T0 + timedelta(hours=10)) is None  # 19:00, same day
    assert maybe_daily_backup(paths, T0 + timedelta(hours=15)) is not None  # 00:00 next day
    assert [b.kind for b in list_auto_backups(paths)] == [DAILY, DAILY]


def test_rotation_keeps_the_last_n_of_each_kind_and_each_is_verified(shop_paths, monkeypatch):
    paths, _, _ = shop_paths
    verified = []
    real_verify = autobackup.backup_to.__globals__["verify"]
    monkeypatch.setitem(autobackup.backup_to.__globals__, "verify",
                        lambda p: verified.append(p) or real_verify(p))
    for day in range(6):
        maybe_daily_backup(paths, T0 + timedelta(days=day), keep=3)
        backup_on_close(paths, T0 + timedelta(days=day, hours=12), keep=2)
    daily = list_auto_backups(paths, DAILY)
    close = list_auto_backups(paths, ON_CLOSE)
    assert [b.taken_at.day for b in daily] == [5, 6, 7]
    assert [b.taken_at.day for b in close] == [6, 7]
    assert len(verified) == 12
    for b in daily + close:
        verify(b.path)
    assert not list(paths.backups.glob("*.part"))


def test_keep_comes_from_the_backup_keep_setting(shop_paths):
    paths, _, _ = shop_paths
    assert backup_keep(paths) == 14  # the default
    conn = sqlite3.connect(paths.ledger)
    with conn:
        conn.execute("INSERT INTO settings (key, value_json, updated_at) VALUES"
                     " ('backup_keep', '2', '2026-11-02 00:00:00')")
    conn.close()
    assert backup_keep(paths) == 2
    for day in range(4):
        maybe_daily_backup(paths, T0 + timedelta(days=day))
    assert len(list_auto_backups(paths, DAILY)) == 2


def test_manual_and_pre_upgrade_backups_are_never_pruned(shop_paths):
    paths, _, _ = shop_paths
    (paths.backups / "before-upgrade-0001-to-0002-20261101-000000.sqlite3").write_bytes(b"x")
    (paths.backups / "my-copy.sqlite3").write_bytes(b"x")
    for day in range(3):
        maybe_daily_backup(paths, T0 + timedelta(days=day), keep=1)
    names = sorted(p.name for p in paths.backups.iterdir())
    assert "my-copy.sqlite3" in names and any(n.startswith("before-upgrade") for n in names)


def test_a_failed_backup_deletes_nothing_and_leaves_no_half_file(shop_paths, monkeypatch):
    paths, _, _ = shop_paths
    for day in range(2):
        maybe_daily_backup(paths, T0 + timedelta(days=day), keep=2)
    before = sorted(p.name for p in paths.backups.iterdir())

    def broken(*_a, **_k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("dukan_desktop.services.backup._copy", broken)
    with pytest.raises(BackupFailed, match="disk is full"):
        maybe_daily_backup(paths, T0 + timedelta(days=2), keep=2)
    assert sorted(p.name for p in paths.backups.iterdir()) == before


def test_scheduler_makes_the_daily_backup_and_one_on_close(shop_paths):
    paths, _, receipts = shop_paths
    scheduler = BackupScheduler(paths, interval_s=3600).start()
    info = scheduler.stop()
    assert info is not None and info.sales == len(receipts)
    kinds = sorted(b.kind for b in list_auto_backups(paths))
    assert kinds == [ON_CLOSE, DAILY] or kinds == [DAILY, ON_CLOSE]
    assert count_sales(info.path) == len(receipts)


def test_scheduler_logs_a_failure_instead_of_raising(app_paths, caplog):
    app_paths.ledger.write_bytes(b"this is not a ledger")
    scheduler = BackupScheduler(app_paths, interval_s=3600).start()
    assert scheduler.stop() is None
    assert scheduler.last_error is not None
    assert "automatic backup failed" in caplog.text
