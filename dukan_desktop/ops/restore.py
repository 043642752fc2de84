"""Restoring a backup, from the CLI or from the running app.

`restore_backup` replaces the ledger file when nothing has it open (the CLI holds the
data dir's lock). `restore_in_app` does it under the running app: writes refused,
the ledger closed, the file swapped; the app then restarts and opens the restored
ledger through `startup.open_ledger_for_app` (a backup from an older version is
upgraded there, after its own pre-upgrade copy).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import DukanError
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.permissions import Action, Actor, require
from ..ledger.engine import LEDGER_RESTORING, Ledger
from ..paths import AppPaths
from ..services.backup import BackupInfo, RestoreFailed, restore_from, verify
from .startup import check_revision

log = logging.getLogger(__name__)

# The app's exit code that means "start again at once" (after a restore): `dukan`
# reopens the ledger in the same process instead of leaving the owner at the desktop.
EXIT_RESTART = 75


@dataclass(frozen=True, slots=True)
class BackupEntry:
    path: Path
    size_bytes: int
    modified_at: datetime  # UTC

    @property
    def kind(self) -> str:
        """auto-daily, auto-close, before-upgrade or manual."""
        name = self.path.name
        if name.startswith("auto-daily-"):
            return "daily"
        if name.startswith("auto-close-"):
            return "close"
        if name.startswith("before-upgrade-"):
            return "before_upgrade"
        return "manual"


def list_backups(paths: AppPaths) -> list[BackupEntry]:
    """Every backup in the data dir's backups folder, newest first (for a restore list)."""
    if not paths.backups.is_dir():
        return []
    entries = []
    for path in paths.backups.glob("*.sqlite3"):
        st = path.stat()
        entries.append(BackupEntry(path, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC)))
    return sorted(entries, key=lambda e: e.modified_at, reverse=True)


def restore_backup(paths: AppPaths, backup: Path | str) -> BackupInfo:
    """Verify the backup, refuse one from a newer version, then replace the ledger.

    Nothing may have the ledger open. The ledger being replaced is kept as
    `ledger.sqlite3.before-restore`. RestoreFailed / InvalidInput / LedgerTooNew: the
    ledger was not changed.
    """
    info = verify(backup)
    check_revision(Path(backup))  # LedgerTooNew before anything is replaced
    paths.ensure()
    restored = restore_from(backup, paths.ledger)
    log.info("restored %s (%d sales) into %s", backup, info.sales, paths.ledger)
    return restored


class RestoreCancelled(DukanError):
    code = "restore_cancelled"
    template = QT_TRANSLATE_NOOP("errors", "The restore was cancelled; nothing was changed.")


def restore_in_app(actor: Actor, ledger: Ledger, paths: AppPaths, backup: Path | str, *,
                   before_swap: Callable[[], bool] = lambda: True) -> BackupInfo:
    """The owner's restore from the running app. Ends in one of two states only:

    * restored: the ledger file is replaced and `ledger` stays closed, refusing writes
      — the caller restarts the app (EXIT_RESTART), which opens the restored file the
      normal way (revision check, upgrade of an older backup after its own copy);
    * untouched (any exception; RestoreCancelled when `before_swap()` said no): the
      ledger was not replaced and `ledger` takes writes again.

    The caller stops whatever else writes to the ledger (sync) first. From here every
    write unit of work fails with "the ledger is being restored": a sale tried during
    the restore is refused on screen, never committed into the file being replaced.
    `before_swap()` is the last point where the restore can be called off; once it
    returns True the restore cannot be stopped half-way.
    """
    require(actor, Action.BACKUP_RESTORE)
    if Path(ledger.path).resolve() != paths.ledger.resolve():
        raise ValueError(f"the open ledger {ledger.path} is not {paths.ledger}")
    verify(backup)
    check_revision(Path(backup))  # refuse a damaged or newer backup before blocking anything
    try:
        ledger.refuse_writes(LEDGER_RESTORING)
    except sqlite3.Error as exc:
        raise RestoreFailed(reason=QT_TRANSLATE_NOOP("errors", "the ledger is busy")) from exc
    try:
        if not before_swap():
            raise RestoreCancelled()
        ledger.close()  # every connection: the file can be replaced (Windows), its WAL folded in
        info = restore_backup(paths, backup)
    except BaseException:
        ledger.allow_writes()
        raise
    log.info("in-app restore by %s done; the app restarts", actor.worker_id)
    return info
