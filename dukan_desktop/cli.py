"""`dukan`: the counter app, and admin commands that run without a window.

    dukan [--data-dir PATH]              start the app
    dukan demo [--data-dir PATH] [--start] a demo shop (2 outlets, products, udhaar)
    dukan check [--data-dir PATH]        SQLite integrity + every ledger invariant
    dukan backup PATH / restore PATH     verified backups (restore: the app must be closed)
    dukan --self-test                    check this installation (temporary folder only)
    dukan --open-data-folder             show this PC user's data folder
    dukan --version
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .paths import AppPaths

log = logging.getLogger("dukan")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dukan",
                                description="Dukan POS — offline-first point of sale")
    p.add_argument("--data-dir", help="where the ledger, backups and logs live")
    # Also accepted after the sub-command; SUPPRESS keeps a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="where the ledger, backups and logs live")
    p.add_argument("--version", action="version", version=f"Dukan POS {__version__}")
    p.add_argument("--language", choices=("en", "ur"), help="override the language setting")
    p.add_argument("--self-test", action="store_true",
                   help="check this installation in a temporary folder and exit (0 = all good)")
    p.add_argument("--open-data-folder", action="store_true",
                   help="open this PC user's data folder (ledger, backups, logs) and exit")
    sub = p.add_subparsers(dest="command")
    demo = sub.add_parser("demo", parents=[common], help="create a demo shop")
    demo.add_argument("--start", action="store_true", help="open the app on it afterwards")
    demo.add_argument("--force", action="store_true", help="replace an existing demo ledger")
    demo.add_argument("--days", type=int, default=60)
    sub.add_parser("check", parents=[common], help="check the ledger's integrity and invariants")
    b = sub.add_parser("backup", parents=[common], help="write a verified backup")
    b.add_argument("path")
    r = sub.add_parser("restore", parents=[common], help="restore a backup (app must be closed)")
    r.add_argument("path")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if sys.stdout is None and ("--version" in argv or "--self-test" in argv):
        return _without_console(argv)
    args = _parser().parse_args(argv)
    if args.self_test:
        from .ops.selftest import run_self_test

        return run_self_test()  # touches nothing of the shop's: no data dir, no log file
    paths = AppPaths.resolve(args.data_dir)
    if args.open_data_folder:  # the installer's "Shop data and backups" shortcut, for any user
        print(paths.ensure().data_dir)
        open_folder(paths.data_dir)
        return 0
    command = args.command or "gui"
    from .ops.logging_setup import configure_logging

    configure_logging(paths)
    log.info("Dukan POS %s: %s (data dir %s)", __version__, command, paths.data_dir)
    try:
        return {"gui": _gui, "demo": _demo, "check": _check, "backup": _backup,
                "restore": _restore}[command](paths, args)
    except KeyboardInterrupt:
        return 130


def open_folder(folder: Path) -> None:
    """Show a folder in the PC's file manager (Explorer, Finder, xdg-open)."""
    import os
    import shutil
    import subprocess

    if sys.platform == "win32":
        os.startfile(folder)  # noqa: S606 - a folder of ours, opened by the shell
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(folder)])
    elif shutil.which("xdg-open"):
        subprocess.Popen(["xdg-open", str(folder)])


def _without_console(argv: list[str]) -> int:
    """The windowed `dukan.exe` has no console: argparse would print --version into the
    void. Show it (and a self-test's report) in a message box instead."""
    import io

    from .ui.no_console import show_text

    if "--version" in argv:
        show_text(f"Dukan POS {__version__}")
        return 0
    from .ops.selftest import run_self_test

    out = io.StringIO()
    code = run_self_test(out)
    show_text(out.getvalue(), warning=code != 0)
    return code


def _gui(paths: AppPaths, args) -> int:
    """One instance per data dir; automatic backups once this version has opened the ledger.

    Exit codes: 0 normal (or the running app was brought to the front), 2 cannot start
    (data folder unusable, ledger from a newer version), 3 another instance holds the
    data folder and did not answer. After an in-app restore the app starts again here.
    """
    from .core.errors import DukanError
    from .ops.autobackup import BackupScheduler
    from .ops.restore import EXIT_RESTART
    from .ops.single_instance import AlreadyRunning, InstanceLock
    from .ops.startup import check_data_dir_writable
    from .ui.app import ensure_application, run
    from .ui.i18n import tr_error
    from .ui.single_instance_qt import (
        ActivationServer,
        ask_first_instance_to_raise,
        show_startup_error,
    )

    app = ensure_application()
    lock = InstanceLock(paths.data_dir)
    try:
        check_data_dir_writable(paths)
        lock.acquire()
    except AlreadyRunning as exc:
        if ask_first_instance_to_raise(paths):
            print("Dukan POS is already open; brought it to the front.", file=sys.stderr)
            return 0
        log.warning("%s (pid %s did not answer)", exc.message, lock.owner_pid())
        show_startup_error(tr_error(exc))
        return 3
    except DukanError as exc:
        log.error("cannot start: %s", exc.message)
        show_startup_error(tr_error(exc))
        return 2
    activation = ActivationServer(paths, app)
    # Started only once open_ledger_for_app has checked and migrated the ledger: a daily
    # backup must not race the migration, and a refused (newer) ledger gets none at all.
    backups = BackupScheduler(paths)

    def ledger_opened(_ledger) -> None:
        if not backups.started:
            backups.start()

    try:
        while True:
            code = run(paths, language=args.language, on_ledger_open=ledger_opened)
            if code != EXIT_RESTART:
                return code
            log.info("starting again on the restored ledger")
    except DukanError as exc:  # a newer ledger, a disk that filled up during the upgrade
        log.error("cannot start: %s", exc.message)
        show_startup_error(tr_error(exc))
        return 2
    finally:
        backups.stop()  # the on-close backup (if it ever started), after run() closed the ledger
        activation.close()
        lock.release()


def _hold_lock(paths: AppPaths, doing: str):
    """The data dir's lock for an admin command that must not run beside the app."""
    from .ops.single_instance import AlreadyRunning, InstanceLock

    lock = InstanceLock(paths.data_dir)
    try:
        return lock.acquire()
    except AlreadyRunning:
        pid = lock.owner_pid()
        print(f"Dukan POS is running with this data folder ({paths.data_dir}"
              f"{f', pid {pid}' if pid else ''}). Close it first, then {doing} again.",
              file=sys.stderr)
        return None


def _demo(paths: AppPaths, args) -> int:
    from .services.demo import CASHIER_PIN, OWNER_PIN, build_demo

    paths.ensure()
    if paths.ledger.exists() and not args.force:
        print(f"A ledger already exists at {paths.ledger}; using it (--force to rebuild).")
        return _gui(paths, args) if args.start else 0
    lock = _hold_lock(paths, "build the demo")
    if lock is None:
        return 3
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(str(paths.ledger) + suffix).unlink(missing_ok=True)
        print(f"Building a demo shop in {paths.data_dir} …", flush=True)
        build_demo(paths.ledger, days=args.days)
    finally:
        lock.release()
    print(f"Done. Owner PIN {OWNER_PIN}, cashier PIN {CASHIER_PIN}.")
    return _gui(paths, args) if args.start else 0


def _check(paths: AppPaths, args) -> int:
    from .ledger.engine import Ledger
    from .ledger.migrate import LedgerTooNew, needs_upgrade
    from .ledger.uow import UnitOfWork
    from .ops.startup import check_revision
    from .services.integrity import check_ledger

    if not paths.ledger.exists():
        print(f"No ledger at {paths.ledger}.", file=sys.stderr)
        return 2
    try:
        check_revision(paths.ledger)
    except LedgerTooNew as exc:
        print(f"{exc.message} (This is Dukan POS {__version__}.)", file=sys.stderr)
        return 2
    if needs_upgrade(paths.ledger):
        print("The ledger needs an upgrade; start the app once (it backs up, then upgrades).",
              file=sys.stderr)
        return 2
    ledger = Ledger(paths.ledger)
    try:
        with UnitOfWork(ledger, write=False) as uow:
            problems = check_ledger(uow)
    finally:
        ledger.close()
    if not problems:
        print(f"OK: {paths.ledger} passes the integrity check and every ledger invariant.")
        return 0
    print(f"{len(problems)} problem(s) in {paths.ledger}:")
    for p in problems:
        print(f"  [{p.check}] {p.detail}")
    return 1


def _backup(paths: AppPaths, args) -> int:
    from .core.errors import DukanError
    from .services.backup import backup_to

    try:
        info = backup_to(paths.ledger, Path(args.path))
    except DukanError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"Backup written and verified: {info.path} ({info.size_bytes:,} bytes, {info.sales:,} sales)")
    return 0


def _restore(paths: AppPaths, args) -> int:
    from .core.errors import DukanError
    from .ops.restore import restore_backup

    lock = _hold_lock(paths, "restore")
    if lock is None:
        return 3
    try:
        info = restore_backup(paths, Path(args.path))
    except DukanError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    finally:
        lock.release()
    print(f"Restored {info.path} ({info.sales:,} sales) into {paths.ledger}.")
    print(f"The ledger it replaced is kept as {paths.ledger.name}.before-restore.")
    return 0
