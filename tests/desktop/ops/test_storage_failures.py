"""A full disk or a read-only data dir: a clear message, no corruption, no lost sale.

Tests run as root, and root ignores file permissions, so "read-only" is made real:

* read-only: the data dir is bind-mounted read-only (`mount --bind` + `remount,ro`)
  and the app's own code runs against the mount in a child process. Where mounting is
  not allowed (an unprivileged CI container), the dir and files are chmod'ed a-w and
  the child runs without CAP_DAC_OVERRIDE (dropped from its capability bounding set),
  so the kernel enforces the permissions on it; a non-root run just uses chmod.
* disk full: the ledger lives on a tmpfs of a few MB, filled up to the last ~200 KB,
  then sales are made until the disk refuses one. Where mounting is not allowed, SQLite
  is capped with `PRAGMA max_page_count`, which fails writes with the same SQLITE_FULL
  result the real ENOSPC produces.

Each test prints (and records) which method ran; neither ever skips.
DUKAN_TEST_NO_MOUNT=1 forces the fallbacks (to check them on a machine that can mount).
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from dukan_desktop.cli import main
from dukan_desktop.core.errors import StorageError
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.paths import AppPaths
from dukan_desktop.services.testing import build_test_shop

from .conftest import count_sales, sell

ROOT = Path(__file__).resolve().parents[3]
CHILD = Path(__file__).with_name("_readonly_child.py")
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def _can_mount() -> bool:
    return os.geteuid() == 0 and not os.environ.get("DUKAN_TEST_NO_MOUNT")


def _run(*cmd: str) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


def _scratch() -> Path:
    # Mount points under /tmp/ops-*: pytest's tmp_path may sit on a filesystem where
    # bind mounts behave differently, and a failed umount must not break its cleanup.
    path = Path("/tmp") / f"ops-storage-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    return path


# -- read-only -------------------------------------------------------------------------

@contextmanager
def read_only_view(data_dir: Path):
    """Yield (method, path of a read-only view of data_dir, preexec_fn for the child)."""
    scratch = _scratch()
    view = scratch / "ro"
    view.mkdir()
    mounted = (_can_mount() and _run("mount", "--bind", str(data_dir), str(view))
               and (_run("mount", "-o", "remount,bind,ro", str(view))
                    or not _run("umount", str(view)) or False))
    try:
        if mounted:
            yield "read-only bind mount", view, None
            return
        modes = {p: p.stat().st_mode for p in [data_dir, *data_dir.rglob("*")]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            if os.geteuid() == 0:
                yield "chmod a-w, child without CAP_DAC_OVERRIDE", data_dir, _drop_dac_caps
            else:
                yield "chmod a-w", data_dir, None
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
    finally:
        if mounted:
            subprocess.run(["umount", str(view)], check=True)
        shutil.rmtree(scratch, ignore_errors=True)


def _drop_dac_caps() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_read_only_data_dir(tmp_path, record_property):
    paths = AppPaths(tmp_path / "shop").ensure()
    shop = build_test_shop(paths.ledger)
    committed = [sell(shop).receipt_no for _ in range(3)]
    # Keep the ledger open, as the running app does (so -wal and -shm exist).
    ledger_before = count_sales(paths.ledger)

    with read_only_view(paths.data_dir) as (method, view, preexec):
        print(f"read-only method: {method}")
        record_property("read_only_method", method)
        done = subprocess.run(
            [sys.executable, str(CHILD), str(view), shop.cashier.worker_id,
             shop.ctx.outlet_id, shop.products["milk"]],
            capture_output=True, text=True, cwd=ROOT, preexec_fn=preexec, timeout=120)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout.strip().splitlines()[-1])

    # At start: refused with a message that names the folder and the cause.
    assert out["startup"].startswith("DataDirUnusable: ")
    assert str(view) in out["startup"] and "read-only" in out["startup"]
    # Opened anyway, the ledger reads, and a sale fails cleanly.
    assert out["sales_seen"] == len(committed)
    assert out["sale"] == ("StorageError: The sale could not be saved: the data folder is "
                           "read-only. Nothing was recorded.")
    # Nothing lost, nothing broken; the shop carries on once the folder is writable.
    assert count_sales(paths.ledger) == ledger_before == len(committed)
    sell(shop)
    shop.ledger.close()
    assert main(["check", "--data-dir", str(paths.data_dir)]) == 0


# -- disk full -------------------------------------------------------------------------

@contextmanager
def small_disk():
    """Yield (method, folder): a tmpfs of 8 MB, or None for the max_page_count fallback."""
    scratch = _scratch()
    mounted = _can_mount() and _run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs",
                                         str(scratch))
    try:
        yield ("tmpfs of 8 MB" if mounted else "PRAGMA max_page_count"), scratch, mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(scratch)], check=True)
        shutil.rmtree(scratch, ignore_errors=True)


def _fill(folder: Path, leave_bytes: int) -> Path:
    filler = folder / "filler.bin"
    st = os.statvfs(folder)
    size = st.f_bavail * st.f_frsize - leave_bytes
    with open(filler, "wb") as fh:
        chunk = b"\0" * (1 << 20)
        while size > 0:
            fh.write(chunk[: min(size, len(chunk))])
            size -= len(chunk)
    return filler


def _cap_pages(ledger: Ledger, extra_pages: int) -> None:
    """Fallback: SQLite refuses to grow the file past this many more pages (SQLITE_FULL)."""
    conn = sqlite3.connect(ledger.path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()

    def cap(dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    ledger.write_engine.dispose()
    event.listen(ledger.write_engine, "connect", cap)


def test_disk_full_keeps_every_committed_sale(record_property):
    with small_disk() as (method, folder, mounted):
        print(f"disk-full method: {method}")
        record_property("disk_full_method", method)
        paths = AppPaths(folder / "shop").ensure()
        shop = build_test_shop(paths.ledger)
        committed = [sell(shop).receipt_no for _ in range(2)]
        filler = _fill(folder, leave_bytes=200_000) if mounted else None
        if not mounted:
            _cap_pages(shop.ledger, extra_pages=6)

        failure = None
        for _ in range(2000):
            try:
                committed.append(sell(shop).receipt_no)
            except StorageError as exc:
                failure = exc
                break
        assert failure is not None, "the disk never filled up"
        assert failure.message == ("The sale could not be saved: the disk is full. "
                                   "Nothing was recorded.")
        assert len(committed) > 2

        # Still full: every sale reported as saved is there, and the ledger is sound.
        assert count_sales(paths.ledger) == len(committed)
        shop.ledger.close()
        assert main(["check", "--data-dir", str(paths.data_dir)]) == 0
        # The app refuses to start on a full disk, with a message saying so.
        if mounted:
            from dukan_desktop.ops.startup import DataDirUnusable, open_ledger_for_app

            with pytest.raises(DataDirUnusable, match="the disk is full"):
                open_ledger_for_app(paths)

        # Space freed: the same shop sells again, nothing from before is missing.
        if filler is not None:
            filler.unlink()
        shop.ledger = Ledger.open(paths.ledger, clock=shop.clock)
        committed.append(sell(shop).receipt_no)
        conn = sqlite3.connect(paths.ledger)
        saved = {r for (r,) in conn.execute("SELECT receipt_no FROM sales")}
        conn.close()
        shop.ledger.close()
        assert saved == set(committed)
        assert main(["check", "--data-dir", str(paths.data_dir)]) == 0
