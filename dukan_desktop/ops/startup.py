"""Opening the ledger when the app starts: back up, then migrate; refuse a newer ledger.

Every start goes through `open_ledger_for_app`: a ledger from an older version is
copied into backups/ (SQLite backup API, verified) before Alembic touches it, so a
migration that fails half-way — or a power cut during it — costs nothing.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from ..core.clock import Clock
from ..core.errors import DukanError
from ..core.i18n import QT_TRANSLATE_NOOP
from ..ledger.engine import Ledger
from ..ledger.migrate import (
    LedgerTooNew,
    alembic_config,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from ..paths import AppPaths
from ..services.backup import BackupInfo, backup_to

log = logging.getLogger(__name__)

UPGRADE_PREFIX = "before-upgrade-"
PROBE_BYTES = 64 * 1024  # a sale needs a few pages of WAL; refuse to start with less


class DataDirUnusable(DukanError):
    code = "data_dir_unusable"
    template = QT_TRANSLATE_NOOP(
        "errors",
        "Dukan POS cannot write to its data folder {data_dir}: {reason}. Nothing was changed. "
        "Free some disk space or fix the folder's permissions, then start again.",
    )


def check_data_dir_writable(paths: AppPaths) -> None:
    """Write, sync and delete a small file: a read-only or full disk is found at start,
    with a message that says what to fix, not at the first sale."""
    probe = paths.data_dir / ".write-probe"
    try:
        paths.ensure()
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\0" * PROBE_BYTES)
            os.fsync(fd)
        finally:
            os.close(fd)
            probe.unlink(missing_ok=True)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            reason = QT_TRANSLATE_NOOP("errors", "the disk is full")
        elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            reason = QT_TRANSLATE_NOOP("errors", "the data folder is read-only")
        else:
            reason = exc.strerror or str(exc)
        raise DataDirUnusable(data_dir=str(paths.data_dir), reason=reason) from exc


def _has_tables(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0
    finally:
        conn.close()


def check_revision(path: Path) -> str | None:
    """The ledger's revision; LedgerTooNew if this version of the app does not know it."""
    current = current_revision(path)
    if current is not None:
        try:
            ScriptDirectory.from_config(alembic_config(path)).get_revision(current)
        except Exception as exc:  # an id we have never heard of: a newer app wrote it
            raise LedgerTooNew(revision=current) from exc
    return current


def backup_before_upgrade(paths: AppPaths, current: str, head: str) -> BackupInfo:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    dest = paths.backups / f"{UPGRADE_PREFIX}{current}-to-{head}-{stamp}.sqlite3"
    return backup_to(paths.ledger, dest)


def prepare_ledger(paths: AppPaths) -> BackupInfo | None:
    """Bring the ledger file to the head revision. Returns the pre-upgrade backup, if one was made.

    Raises DataDirUnusable or LedgerTooNew (nothing touched), BackupFailed (nothing migrated) or whatever
    the migration raises (the backup is there to restore).
    """
    check_data_dir_writable(paths)
    ledger = paths.ledger
    if not ledger.exists() or not _has_tables(ledger):
        upgrade_to_head(ledger)  # a new shop: nothing to keep
        return None
    current = check_revision(ledger)
    head = head_revision()
    if current == head:
        return None
    info = backup_before_upgrade(paths, current or "none", head)
    log.info("ledger at %s backed up to %s before upgrading to %s", current, info.path, head)
    upgrade_to_head(ledger)
    log.info("ledger upgraded from %s to %s", current, head)
    return info


def open_ledger_for_app(paths: AppPaths, *, clock: Clock | None = None) -> Ledger:
    """The one way the app (and the self-test) opens the shop's ledger."""
    prepare_ledger(paths)
    return Ledger.open(paths.ledger, clock=clock, migrate=False)
