"""Restoring a backup, from the CLI or from the running app.

`restore_backup` replaces the ledger file; the caller must have closed its Ledger
(the UI: dispose it, restore, then `startup.open_ledger_for_app` again — a backup
from an older version is upgraded there, after its own pre-upgrade copy).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.permissions import Action, Actor, require
from ..ledger.engine import Ledger
from ..paths import AppPaths
from ..services.backup import BackupInfo, restore_from, verify
from .startup import check_revision

log = logging.getLogger(__name__)


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

    The ledger being replaced is kept as `ledger.sqlite3.before-restore`.
    """
    info = verify(backup)
    check_revision(Path(backup))  # LedgerTooNew before anything is replaced
    paths.ensure()
    restored = restore_from(backup, paths.ledger)
    log.info("restored %s (%d sales) into %s", backup, info.sales, paths.ledger)
    return restored


def restore_in_app(actor: Actor, ledger: Ledger, paths: AppPaths, backup: Path | str) -> BackupInfo:
    """The owner's restore from the running app: refuse anyone else, close the ledger, restore.

    The caller quits afterwards; the next start opens the restored ledger through
    `startup.open_ledger_for_app` (upgrade, revision check) like any other start.
    """
    require(actor, Action.BACKUP_RESTORE)
    if Path(ledger.path).resolve() != paths.ledger.resolve():
        raise ValueError(f"the open ledger {ledger.path} is not {paths.ledger}")
    ledger.close()
    return restore_backup(paths, backup)
