"""`dukan-server`: serve, migrate, and the operator's admin commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime

import psycopg
from psycopg.rows import dict_row


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .config import Settings

    Settings.from_env()  # fail before forking workers if the environment is incomplete
    uvicorn.run("dukan_server.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level=args.log_level, proxy_headers=args.proxy_headers,
                forwarded_allow_ips=os.environ.get("DUKAN_FORWARDED_ALLOW_IPS", "127.0.0.1"),
                timeout_keep_alive=30)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from . import migrate

    url = os.environ.get("DUKAN_MIGRATE_DATABASE_URL")
    if not url:
        raise SystemExit("DUKAN_MIGRATE_DATABASE_URL (the schema owner's URL) is not set")
    migrate.upgrade(url, os.environ.get("DUKAN_APP_ROLE", "dukan_app"), args.revision)
    print(f"migrated to {args.revision}")
    return 0


def _admin_connection():
    url = os.environ.get("DUKAN_DATABASE_URL")
    if not url:
        raise SystemExit("DUKAN_DATABASE_URL is not set")
    return psycopg.connect(url, row_factory=dict_row)


def _create_business(args: argparse.Namespace) -> int:
    from . import accounts
    from .config import Settings

    settings = Settings.from_env()
    password = os.environ.get("DUKAN_OWNER_PASSWORD") or args.password
    if not password:
        raise SystemExit("give the owner's password in DUKAN_OWNER_PASSWORD or --password")
    with _admin_connection() as conn:
        business_id, owner_id = accounts.create_business_with_owner(
            conn, settings, business_name=args.name, password=password, email=args.email,
            phone=args.phone, owner_name=args.owner_name, business_id=args.business_id)
    print(json.dumps({"business_id": business_id, "owner_id": owner_id}))
    return 0


def _set_plan(args: argparse.Namespace) -> int:
    from . import accounts

    def limit(value: str | None):
        if value is None:
            return "keep"
        return None if value == "unlimited" else int(value)

    with _admin_connection() as conn:
        accounts.set_subscription(
            conn, args.business_id, plan=args.plan, status=args.status,
            max_outlets=limit(args.max_outlets), max_devices=limit(args.max_devices),
            valid_until=datetime.fromisoformat(args.valid_until) if args.valid_until else "keep")
    print("ok")
    return 0


def _bump_generation(args: argparse.Namespace) -> int:
    from . import accounts

    with _admin_connection() as conn:
        print(accounts.bump_generation(conn, args.business_id))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dukan-server")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the API (uvicorn)")
    serve.add_argument("--host", default=os.environ.get("DUKAN_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("DUKAN_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("DUKAN_WORKERS", "1")))
    serve.add_argument("--log-level", default=os.environ.get("DUKAN_LOG_LEVEL", "info"))
    serve.add_argument("--proxy-headers", action="store_true",
                       help="trust X-Forwarded-* from DUKAN_FORWARDED_ALLOW_IPS (behind TLS proxy)")
    serve.set_defaults(func=_serve)

    mig = sub.add_parser("migrate", help="apply migrations as the schema owner")
    mig.add_argument("--revision", default="head")
    mig.set_defaults(func=_migrate)

    create = sub.add_parser("create-business", help="create a business with its owner")
    create.add_argument("--name", required=True)
    create.add_argument("--email")
    create.add_argument("--phone")
    create.add_argument("--owner-name", default="")
    create.add_argument("--password", help="prefer DUKAN_OWNER_PASSWORD (not in shell history)")
    create.add_argument("--business-id")
    create.set_defaults(func=_create_business)

    plan = sub.add_parser("set-plan", help="change a business's subscription")
    plan.add_argument("business_id")
    plan.add_argument("--plan")
    plan.add_argument("--status", choices=["trial", "active", "past_due", "expired", "cancelled"])
    plan.add_argument("--max-outlets", help="a number or 'unlimited'")
    plan.add_argument("--max-devices", help="a number or 'unlimited'")
    plan.add_argument("--valid-until", help="ISO date-time")
    plan.set_defaults(func=_set_plan)

    gen = sub.add_parser("bump-generation",
                         help="after a restore: make every device of the business re-pull")
    gen.add_argument("business_id")
    gen.set_defaults(func=_bump_generation)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
