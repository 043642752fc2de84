"""Take a fresh database down to a revision and up to head again, probing each step."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg
from alembic import command

from dukan_server import migrate, testing


def down_and_up(revision: str, probe: Callable[[psycopg.Connection], object],
                steps: Sequence[str] = ("down", "up", "down", "up")) -> list[object]:
    """`probe(conn)` (an owner-role connection) after each step, in order."""
    db = testing.start_test_database()
    try:
        cfg = migrate.alembic_config(db.owner_url, testing.APP_ROLE)
        found = []
        for step in steps:
            if step == "down":
                command.downgrade(cfg, revision)
            else:
                command.upgrade(cfg, "head")
            with psycopg.connect(db.owner_url) as conn:
                found.append(probe(conn))
        return found
    finally:
        db.drop()
