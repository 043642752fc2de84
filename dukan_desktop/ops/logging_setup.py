"""Logs: a rotating file under the data dir, and stderr when there is one.

A windowed build has no console (sys.stderr is None), so the file is what an
installer or support person reads: `<data dir>/logs/dukan.log`, five old files kept.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from ..paths import AppPaths

LOG_NAME = "dukan.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
_MARK = "_dukan_handler"


def configure_logging(paths: AppPaths, *, level: int = logging.INFO, stderr: bool = True,
                      max_bytes: int = MAX_BYTES, backup_count: int = BACKUP_COUNT) -> Path | None:
    """Install the handlers once (calling again replaces ours). Returns the log file, if any.

    A data dir we cannot write to must not stop the app: the log then goes to stderr only.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.raiseExceptions = False  # a full disk must not print a traceback per log line
    formatter = logging.Formatter(FORMAT)
    log_file: Path | None = paths.logs / LOG_NAME
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")
    except OSError:
        log_file = None
    else:
        file_handler.setFormatter(formatter)
        setattr(file_handler, _MARK, True)
        root.addHandler(file_handler)
    if stderr and sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(max(level, logging.WARNING))
        console.setFormatter(formatter)
        setattr(console, _MARK, True)
        root.addHandler(console)
    _log_uncaught_exceptions()
    if log_file is None:
        logging.getLogger(__name__).warning("cannot write logs under %s", paths.logs)
    return log_file


def _log_uncaught_exceptions() -> None:
    previous = sys.excepthook
    if getattr(previous, _MARK, False):
        return

    def hook(exc_type, exc, tb) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            logging.getLogger("dukan").critical("uncaught exception", exc_info=(exc_type, exc, tb))
        previous(exc_type, exc, tb)

    setattr(hook, _MARK, True)
    sys.excepthook = hook
