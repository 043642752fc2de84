"""Alembic environment for the desktop ledger (SQLite, batch mode for ALTERs)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from dukan_desktop.ledger.base import UTCDateTime
from dukan_desktop.ledger.models import Base

config = context.config
target_metadata = Base.metadata

# Virtual tables for search are created by hand in migrations; autogenerate must not
# try to drop them.
_UNMANAGED_PREFIXES = ("product_search",)


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table" and name and name.startswith(_UNMANAGED_PREFIXES):
        return False
    return True


def render_item(type_, obj, autogen_context):
    """Migrations must not import app code: UTCDateTime is stored as a plain DATETIME."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
