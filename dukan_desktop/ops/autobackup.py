"""Automatic backups into `<data dir>/backups`: once a day and when the app closes.

Each is written with the SQLite backup API and verified (services.backup). The last
N of each kind are kept (setting `backup_keep`, default 14), so a day of many
restarts cannot push the daily history out. Backups made before an upgrade
(startup.py) and by hand are never deleted here.

Qt-free: the UI calls `maybe_daily_backup` at start and from an hourly timer (in a
background job), and `backup_on_close` when the main window closes.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.clock import to_local
from ..core.errors import DukanError
from ..paths import AppPaths
from ..services.backup import BackupInfo, backup_to
from ..services.settings import DEFAULTS

log = logging.getLogger(__name__)

DAILY, ON_CLOSE = "daily", "close"
KINDS = (DAILY, ON_CLOSE)
_STAMP = "%Y%m%d-%H%M%S"
STALE_PART_S = 6 * 3600


@dataclass(frozen=True, slots=True)
class AutoBackup:
    path: Path
    kind: str
    taken_at: datetime  # UTC, from the file name


def _name(kind: str, now: datetime) -> str:
    return f"auto-{kind}-{now.astimezone(UTC).strftime(_STAMP)}.sqlite3"


def list_auto_backups(paths: AppPaths, kind: str | None = None) -> list[AutoBackup]:
    """Automatic backups, oldest first."""
    found = []
    if not paths.backups.is_dir():
        return found
    for path in paths.backups.glob("auto-*.sqlite3"):
        try:
            _, k, day, time_ = path.stem.split("-")
            taken = datetime.strptime(f"{day}-{time_}", _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        if k in KINDS and (kind is None or k == kind):
            found.append(AutoBackup(path, k, taken))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name))


def backup_keep(paths: AppPaths) -> int:
    """The `backup_keep` setting, read without opening a Ledger (at least 1)."""
    keep = DEFAULTS["backup_keep"]
    try:
        conn = sqlite3.connect(f"file:{paths.ledger}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value_json FROM settings WHERE key = 'backup_keep'").fetchone()
        finally:
            conn.close()
        if row is not None:
            keep = int(json.loads(row[0]))
    except (sqlite3.Error, ValueError, TypeError):
        pass
    return max(1, keep)


def take_auto_backup(paths: AppPaths, kind: str, now: datetime | None = None, *,
                     keep: int | None = None) -> BackupInfo:
    """Write and verify one automatic backup, then delete the oldest beyond `keep`.

    Raises BackupFailed (disk full, read-only…); old backups are only deleted after a
    new one has been verified.
    """
    now = now or datetime.now(UTC)
    paths.backups.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(paths)
    info = backup_to(paths.ledger, paths.backups / _name(kind, now))
    prune(paths, kind, keep if keep is not None else backup_keep(paths))
    log.info("%s backup written and verified: %s (%d sales)", kind, info.path, info.sales)
    return info


def remove_stale_parts(paths: AppPaths) -> list[Path]:
    """Half-written `.part` files a power cut left behind (a failure deletes its own).
    Only old ones: a backup made by hand at this moment may be writing its .part."""
    stale = []
    for part in paths.backups.glob("*.part"):
        try:
            if time.time() - part.stat().st_mtime > STALE_PART_S:  # file times are real time
                part.unlink()
                stale.append(part)
        except OSError:
            continue
    return stale


def prune(paths: AppPaths, kind: str, keep: int) -> list[Path]:
    old = list_auto_backups(paths, kind)[:-keep] if keep > 0 else []
    for backup in old:
        backup.path.unlink(missing_ok=True)
    return [b.path for b in old]


def daily_backup_due(paths: AppPaths, now: datetime) -> bool:
    """No daily backup yet on this shop-calendar day (Asia/Karachi)."""
    today = to_local(now).date()
    return not any(to_local(b.taken_at).date() == today for b in list_auto_backups(paths, DAILY))


def maybe_daily_backup(paths: AppPaths, now: datetime | None = None, *,
                       keep: int | None = None) -> BackupInfo | None:
    """Today's backup if it has not been made yet; None when there was nothing to do."""
    now = now or datetime.now(UTC)
    if not paths.ledger.exists() or not daily_backup_due(paths, now):
        return None
    return take_auto_backup(paths, DAILY, now, keep=keep)


def backup_on_close(paths: AppPaths, now: datetime | None = None, *,
                    keep: int | None = None) -> BackupInfo | None:
    """Called as the app closes, after the ledger's engines are disposed (or not: the
    backup API copies a consistent snapshot either way)."""
    if not paths.ledger.exists():
        return None
    return take_auto_backup(paths, ON_CLOSE, now, keep=keep)


class BackupScheduler:
    """The daily backup while the app runs (checked at start, then hourly), and the
    on-close backup at stop(). A plain thread with run()/stop(): no Qt needed, and a
    failing backup is logged, never raised into the till.
    """

    def __init__(self, paths: AppPaths, *, interval_s: float = 3600.0) -> None:
        self.paths = paths
        self.interval_s = interval_s
        self.last_error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.run, name="dukan-autobackup", daemon=True)

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def start(self) -> BackupScheduler:
        self._thread.start()
        return self

    def run(self) -> None:
        while not self._stop.is_set():
            self._guarded(maybe_daily_backup)
            self._stop.wait(self.interval_s)

    def stop(self, *, on_close: bool = True) -> BackupInfo | None:
        """Stop the timer; then (after the app closed its ledger) write the on-close backup.

        Never started (the app refused the ledger, or stopped before opening it): no
        backup either — only a ledger this version has opened is backed up and pruned.
        """
        self._stop.set()
        if not self.started:
            return None
        if self._thread.is_alive():
            self._thread.join(timeout=120)
        return self._guarded(backup_on_close) if on_close else None

    def _guarded(self, job) -> BackupInfo | None:
        try:
            return job(self.paths)
        except (DukanError, OSError, sqlite3.Error) as exc:
            self.last_error = exc
            log.error("automatic backup failed: %s%s", exc,
                      f" ({exc.__cause__})" if exc.__cause__ is not None else "")
            return None
