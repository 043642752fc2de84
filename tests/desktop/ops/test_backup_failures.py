"""Backups that fail for real: a full disk, a file-size limit, a copy that fails its check.

Whatever the failure, no file is left with a backup's name (it would count as today's
backup and push a good one out of keep-N) and no `.part` file is left behind. Nothing
here is mocked: the disk really fills (a tmpfs; where mounting is not allowed, the
kernel's file-size limit in a child process), the ledger really is damaged.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from dukan_desktop.ops.autobackup import (
    DAILY,
    daily_backup_due,
    list_auto_backups,
    maybe_daily_backup,
)
from dukan_desktop.paths import AppPaths
from dukan_desktop.services.backup import BackupFailed, backup_to, verify
from dukan_desktop.services.testing import build_test_shop

from .conftest import sell
from .test_autobackup import T0
from .test_storage_failures import _fill, small_disk

ROOT = Path(__file__).resolve().parents[3]
CHILD = Path(__file__).with_name("_backup_child.py")


def damage_an_index(ledger: Path) -> None:
    """Scramble the cells of one of the sales table's index pages, as a failing disk would.

    SQLite's backup API copies pages without reading them, so the copy succeeds; the
    copy's integrity check is what must catch it."""
    conn = sqlite3.connect(ledger)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'index'"
                            " AND tbl_name = 'sales' ORDER BY name LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    data = bytearray(ledger.read_bytes())
    start = (root - 1) * page_size
    data[start + 208: start + page_size - 8] = b"\xff" * (page_size - 216)
    ledger.write_bytes(bytes(data))


def leftovers(paths: AppPaths) -> list[str]:
    return sorted(p.name for p in paths.backups.iterdir() if p.name.endswith(".part"))


def test_a_copy_that_fails_its_check_never_gets_a_backup_name(shop_paths):
    paths, _, _ = shop_paths
    good = maybe_daily_backup(paths, T0, keep=1)
    assert good is not None
    damage_an_index(paths.ledger)

    tomorrow = T0 + timedelta(days=1)
    with pytest.raises(BackupFailed, match="integrity check"):
        maybe_daily_backup(paths, tomorrow, keep=1)
    # The good backup is still there (keep=1 would have pruned it for the bad one),
    # nothing unverified carries a backup's name, and today's backup is still due.
    assert [b.path for b in list_auto_backups(paths)] == [good.path]
    assert leftovers(paths) == []
    assert daily_backup_due(paths, tomorrow)
    verify(good.path)


def test_backup_by_hand_of_a_damaged_ledger_leaves_nothing(shop_paths, tmp_path):
    paths, _, _ = shop_paths
    damage_an_index(paths.ledger)
    dest = tmp_path / "usb" / "copy.sqlite3"
    with pytest.raises(BackupFailed):
        backup_to(paths.ledger, dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == []


def _backup_under_file_size_limit(paths: AppPaths, limit: int) -> dict:
    done = subprocess.run([sys.executable, str(CHILD), str(paths.data_dir), "fsize", str(limit)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_file_size_limit_leaves_no_part_file(shop_paths):
    paths, _, _ = shop_paths
    good = maybe_daily_backup(paths, T0, keep=2)
    size = paths.ledger.stat().st_size
    out = _backup_under_file_size_limit(paths, size // 3)  # the copy cannot be written whole
    assert "failed" in out, out
    assert "The backup could not be made" in out["failed"]
    assert leftovers(paths) == []
    assert [b.path for b in list_auto_backups(paths, DAILY)] == [good.path]


def test_a_full_disk_leaves_no_part_file_and_keeps_the_old_backups(record_property):
    with small_disk() as (method, folder, mounted):
        paths = AppPaths(folder / "shop").ensure()
        shop = build_test_shop(paths.ledger)
        for _ in range(3):
            sell(shop)
        shop.ledger.close()
        good = maybe_daily_backup(paths, T0, keep=1)
        assert good is not None
        if mounted:
            filler = _fill(folder, leave_bytes=100_000)  # far less than a ledger copy
            with pytest.raises(BackupFailed, match="full"):
                maybe_daily_backup(paths, T0 + timedelta(days=1), keep=1)
            filler.unlink()
        else:  # no mount allowed here: the kernel's file-size limit refuses the write instead
            method = "RLIMIT_FSIZE in a child process"
            assert "failed" in _backup_under_file_size_limit(paths, 100_000)
        print(f"full-disk method: {method}")
        record_property("full_disk_method", method)
        assert leftovers(paths) == []
        assert [b.path for b in list_auto_backups(paths)] == [good.path]
        assert daily_backup_due(paths, T0 + timedelta(days=1))
        # With space again the next backup works and only then replaces the old one.
        fresh = maybe_daily_backup(paths, T0 + timedelta(days=1), keep=1)
        assert [b.path for b in list_auto_backups(paths)] == [fresh.path]


def test_a_stale_part_file_from_a_power_cut_is_cleared(shop_paths):
    import os
    import time

    paths, _, _ = shop_paths
    stale = paths.backups / "auto-daily-20261101-000000.sqlite3.part"
    stale.write_bytes(b"half a backup")
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    fresh = paths.backups / "dukan-backup-now.sqlite3.part"  # "Back up now" writing right now
    fresh.write_bytes(b"being written")
    maybe_daily_backup(paths, T0)
    assert not stale.exists() and fresh.exists()
