"""`dukan`: the counter app, and admin commands that run without a window.

    dukan [--data-dir PATH]              start the app
    dukan demo [--data-dir PATH] [--start] a demo shop (2 outlets, products, udhaar)
    dukan check [--data-dir PATH]        SQLite integrity + every ledger invariant
    dukan backup PATH / restore PATH     verified backups
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .paths import AppPaths


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="where the ledger, backups and logs live")
    p = argparse.ArgumentParser(prog="dukan", parents=[common],
                                description="Dukan POS — offline-first point of sale")
    p.add_argument("--version", action="version", version=f"Dukan POS {__version__}")
    p.add_argument("--language", choices=("en", "ur"), help="override the language setting")
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
    args = _parser().parse_args(argv)
    paths = AppPaths.resolve(args.data_dir)
    command = args.command or "gui"
    try:
        return {"gui": _gui, "demo": _demo, "check": _check, "backup": _backup,
                "restore": _restore}[command](paths, args)
    except KeyboardInterrupt:
        return 130


def _gui(paths: AppPaths, args) -> int:
    from .ui.app import run

    return run(paths.ensure(), language=args.language)


def _demo(paths: AppPaths, args) -> int:
    from .services.demo import CASHIER_PIN, OWNER_PIN, build_demo

    paths.ensure()
    if paths.ledger.exists():
        if not args.force:
            print(f"A ledger already exists at {paths.ledger}; using it (--force to rebuild).")
            return _gui(paths, args) if args.start else 0
        for suffix in ("", "-wal", "-shm"):
            Path(str(paths.ledger) + suffix).unlink(missing_ok=True)
    print(f"Building a demo shop in {paths.data_dir} …", flush=True)
    build_demo(paths.ledger, days=args.days)
    print(f"Done. Owner PIN {OWNER_PIN}, cashier PIN {CASHIER_PIN}.")
    return _gui(paths, args) if args.start else 0


def _check(paths: AppPaths, args) -> int:
    from .ledger.engine import Ledger
    from .ledger.migrate import needs_upgrade
    from .ledger.uow import UnitOfWork
    from .services.integrity import check_ledger

    if not paths.ledger.exists():
        print(f"No ledger at {paths.ledger}.", file=sys.stderr)
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
    from .services.backup import restore_from

    try:
        info = restore_from(Path(args.path), paths.ensure().ledger)
    except DukanError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"Restored {info.path} ({info.sales:,} sales) into {paths.ledger}.")
    return 0
