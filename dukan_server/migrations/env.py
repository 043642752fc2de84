"""Alembic environment for the hosted PostgreSQL schema (run as the owner role).

The URL comes from the `sqlalchemy.url` main option, set by `dukan_server.migrate`
from DUKAN_MIGRATE_DATABASE_URL. The app role that receives grants is taken from the
`app_role` attribute (default `dukan_app`).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported for the server schema")
run_migrations_online()
