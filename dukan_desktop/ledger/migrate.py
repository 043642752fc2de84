"""Running the ledger's Alembic migrations from the app, the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from ..core.errors import DukanError
from ..core.i18n import QT_TRANSLATE_NOOP
from ..resources import migrations_path


class LedgerTooNew(DukanError):
    code = "ledger_too_new"
    template = QT_TRANSLATE_NOOP(
        "errors",
        "This ledger was written by a newer version of Dukan POS ({revision}). "
        "Install the newer version; nothing was changed.",
    )


def alembic_config(db_path: Path | str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path("ledger")))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return cfg


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config(":memory:"))
    return script.get_current_head()


def current_revision(db_path: Path | str) -> str | None:
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def needs_upgrade(db_path: Path | str) -> bool:
    return current_revision(db_path) != head_revision()


def upgrade_to_head(db_path: Path | str, revision: str = "head") -> None:
    """Upgrade in place. Refuses a ledger stamped with a revision we do not know."""
    cfg = alembic_config(db_path)
    current = current_revision(db_path) if Path(db_path).exists() else None
    if current is not None:
        script = ScriptDirectory.from_config(cfg)
        try:
            script.get_revision(current)
        except Exception as exc:  # unknown revision: written by a newer app
            raise LedgerTooNew(revision=current) from exc
    command.upgrade(cfg, revision)
