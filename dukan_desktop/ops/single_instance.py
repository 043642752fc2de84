"""One app per ledger: an exclusive OS lock on `<data dir>/.lock`.

The lock is the operating system's (flock on Linux/macOS, msvcrt.locking on Windows),
so it is released the moment the process dies — a power cut or a crash never leaves
a stale lock behind that the shopkeeper has to delete by hand.

Bringing the first instance to the front needs its event loop, so that part is Qt's
(ui/single_instance_qt.py); this module only decides who owns the data dir.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from ..core.errors import DukanError
from ..core.i18n import QT_TRANSLATE_NOOP

LOCK_NAME = ".lock"


class AlreadyRunning(DukanError):
    code = "already_running"
    template = QT_TRANSLATE_NOOP(
        "errors",
        "Dukan POS is already open for this shop's data ({data_dir}). "
        "Use the window that is open, or close it first.",
    )


def instance_key(data_dir: Path | str) -> str:
    """A short name for this data dir, safe for a local socket / named pipe."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return f"dukan-pos-{digest}"


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """Held for as long as the app (or a `dukan restore`) works on the data dir.

        with InstanceLock(paths.data_dir):      # raises AlreadyRunning
            ...
    """

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        if self._fd is not None:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Byte 0 is the one locked (Windows locks regions); the pid goes after it for support.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise AlreadyRunning(data_dir=str(self.data_dir), pid=self.owner_pid())
        try:
            os.ftruncate(fd, 1)
            os.lseek(fd, 1, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass  # a full disk must not stop the lock itself
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def owner_pid(self) -> int | None:
        """The pid written by whoever holds the lock (for messages and logs), if readable."""
        try:
            with open(self.path, "rb") as fh:
                fh.seek(1)
                return int(fh.read(32).split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def is_running(data_dir: Path | str) -> bool:
    """Whether some process holds the data dir's lock right now."""
    probe = InstanceLock(data_dir)
    if not probe.path.exists():
        return False
    try:
        probe.acquire()
    except AlreadyRunning:
        return True
    probe.release()
    return False
