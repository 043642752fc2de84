"""Backups with SQLite's online backup API, verified after writing.

A backup taken while the app runs is consistent (the API copies a snapshot);
`restore` refuses a file that is not a healthy Dukan ledger.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import DukanError, InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.permissions import Action, Actor, require


class BackupFailed(DukanError):
    code = "backup_failed"
    template = QT_TRANSLATE_NOOP("errors", "The backup could not be made: {reason}")


class RestoreFailed(DukanError):
    code = "restore_failed"
    template = QT_TRANSLATE_NOOP(
        "errors", "The backup could not be restored: {reason}. The shop's data was not changed.")


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


def _part(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _write_part(src: Path, tmp: Path) -> None:
    """A consistent copy of `src` in `tmp` (SQLite backup API), synced to disk."""
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target, pages=1024)
            target.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            target.commit()
        finally:
            target.close()
    finally:
        source.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())


def _sync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(src: Path, dest: Path) -> BackupInfo:
    """Write `dest` through `dest.part`: copied, synced and verified before it gets its name.

    Whatever fails — the copy (disk full, file-size limit), the sync or the check — the
    .part file is deleted and `dest` is untouched, so an unverified file never carries a
    backup's name (nor counts as today's backup, nor pushes a good one out of keep-N).
    """
    tmp = _part(dest)
    try:
        _write_part(src, tmp)
        info = verify(tmp)
        os.replace(tmp, dest)  # atomic: only a verified copy ever has the real name
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder went read-only meanwhile: nothing more to do
        raise
    _sync_dir(dest.parent)
    return replace(info, path=dest)


def backup_for(actor: Actor, ledger_path: Path | str, dest: Path | str) -> BackupInfo:
    """The owner's "Back up now" in the app. (The automatic backups and the `dukan backup`
    command run as the PC's own user and need no worker.)"""
    require(actor, Action.BACKUP_RESTORE)
    return backup_to(ledger_path, dest)


def backup_to(ledger_path: Path | str, dest: Path | str) -> BackupInfo:
    dest = Path(dest)
    if dest.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"dukan-backup-{stamp}.sqlite3"
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        return _copy(Path(ledger_path), dest)
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed(reason=str(exc)) from exc
    except InvalidInput as exc:  # a damaged ledger copies as damaged: the copy fails its check
        raise BackupFailed(reason=QT_TRANSLATE_NOOP(
            "errors", "the copy failed its integrity check (the ledger may be damaged: run "
            "“dukan check”)")) from exc


def _keep_as_is(src: Path, dest: Path) -> None:
    """`dest` becomes a copy of `src` whatever state it is in (a restore is often done
    because the ledger is damaged): the backup API if SQLite can read it, its bytes
    (and its WAL) otherwise."""
    tmp = _part(dest)
    try:
        try:
            _write_part(src, tmp)
        except sqlite3.DatabaseError:
            shutil.copyfile(src, tmp)
            wal = Path(f"{src}-wal")
            if wal.exists():
                shutil.copyfile(wal, f"{dest}-wal")
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _drop_wal(ledger_path: Path) -> None:
    """Fold the ledger's WAL into it, then delete -wal/-shm: a stale WAL next to the
    restored file would be replayed onto it. Refuses while anything has it open."""
    try:
        conn = sqlite3.connect(ledger_path, isolation_level=None, timeout=5)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:
        busy = 0  # too damaged to checkpoint: its copy (and WAL) is in .before-restore
    if busy:
        raise sqlite3.OperationalError("the ledger is still open in another program")
    for suffix in ("-wal", "-shm"):
        Path(f"{ledger_path}{suffix}").unlink(missing_ok=True)


def restore_from(backup: Path | str, ledger_path: Path | str) -> BackupInfo:
    """Replace the ledger with a verified backup. Nothing may have the ledger open.

    Each step can fail (disk full, power cut) without harm: (1) the current ledger is
    kept as `<name>.before-restore`; (2) the backup is copied beside the ledger as
    `<name>.part` and verified; (3) the ledger's WAL is folded in and removed; (4) the
    .part file is renamed over the ledger. Before (4) the ledger is the old one, whole;
    after it, the restored one. RestoreFailed says nothing was replaced.
    """
    info = verify(backup)
    ledger_path = Path(ledger_path)
    staged = _part(ledger_path)
    try:
        if ledger_path.exists():
            _keep_as_is(ledger_path, ledger_path.with_name(ledger_path.name + ".before-restore"))
        _write_part(Path(backup), staged)
        verify(staged)
        if ledger_path.exists():
            _drop_wal(ledger_path)
        os.replace(staged, ledger_path)
    except (OSError, sqlite3.Error, InvalidInput) as exc:
        staged.unlink(missing_ok=True)
        raise RestoreFailed(reason=getattr(exc, "message", None) or str(exc)) from exc
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    _sync_dir(ledger_path.parent)
    return info
