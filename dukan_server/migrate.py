"""Run the server's Alembic migrations as the owner role.

The migrations live inside the package (`dukan_server/migrations/`) so that a plain
`pip install '.[server]'` ships them: Alembic reads env.py, the template and the
revision files from disk, next to this module wherever it is installed.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def sqlalchemy_url(url: str) -> str:
    """Alembic goes through SQLAlchemy: name the psycopg 3 driver explicitly."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def alembic_config(owner_url: str, app_role: str = "dukan_app") -> Config:
    if not MIGRATIONS_DIR.is_dir():
        raise SystemExit(f"server migrations not found at {MIGRATIONS_DIR}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", sqlalchemy_url(owner_url).replace("%", "%%"))
    cfg.attributes["app_role"] = app_role
    return cfg


def upgrade(owner_url: str, app_role: str = "dukan_app", revision: str = "head") -> None:
    command.upgrade(alembic_config(owner_url, app_role), revision)
