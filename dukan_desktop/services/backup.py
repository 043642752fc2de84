"""Backups with SQLite's online backup API, verified after writing.

A backup taken while the app runs is consistent (the API copies a snapshot);
`restore` refuses a file that is not a healthy Dukan ledger.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import DukanError, InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP


class BackupFailed(DukanError):
    code = "backup_failed"
    template = QT_TRANSLATE_NOOP("errors", "The backup could not be made: {reason}")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    size_bytes: int
    sales: int
    created_at: datetime


def verify(path: Path | str) -> BackupInfo:
    """Open read-only, run integrity_check, and check it is a Dukan ledger."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "{path} is not a file."), path=str(path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise InvalidInput(QT_TRANSLATE_NOOP("errors", "{path} is damaged."), path=str(path))
            sales = conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0]
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "{path} is not a Dukan POS ledger."),
                           path=str(path)) from exc
    return BackupInfo(path, path.stat().st_size, sales,
                      datetime.fromtimestamp(path.stat().st_mtime, UTC))


def _copy(src: Path, dest: Path) -> None:
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target, pages=1024)
        target.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        target.commit()
    finally:
        target.close()
        source.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)  # atomic: a half-written backup never has the real name


def backup_to(ledger_path: Path | str, dest: Path | str) -> BackupInfo:
    dest = Path(dest)
    if dest.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"dukan-backup-{stamp}.sqlite3"
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _copy(Path(ledger_path), dest)
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed(reason=str(exc)) from exc
    return verify(dest)


def restore_from(backup: Path | str, ledger_path: Path | str) -> BackupInfo:
    """Replace the ledger with a verified backup. The app must not be running.

    The current ledger is kept beside it as `<name>.before-restore` first.
    """
    info = verify(backup)
    ledger_path = Path(ledger_path)
    if ledger_path.exists():
        keep = ledger_path.with_name(ledger_path.name + ".before-restore")
        _copy(ledger_path, keep)
        for suffix in ("-wal", "-shm"):
            Path(str(ledger_path) + suffix).unlink(missing_ok=True)
    _copy(Path(backup), ledger_path)
    return info
