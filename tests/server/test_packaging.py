"""`pip install '.[server]'` (not editable) ships the migrations `dukan-server migrate` runs.

The wheel is built from a copy of the server's sources in a temporary folder (a build
in the checkout would leave build/ behind for everyone), unpacked as site-packages
would hold it, and `dukan-server migrate` is run from there against an empty database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import psycopg
import pytest
from alembic.script import ScriptDirectory

from dukan_server import migrate, testing

REPO = testing.REPO_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copy(REPO / "pyproject.toml", src)
    for package in ("dukan_server", "dukan_protocol"):
        shutil.copytree(REPO / package, src / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(src)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("dukan_pos-*.whl")
    return built


def test_the_wheel_holds_every_server_migration(wheel):
    with zipfile.ZipFile(wheel) as whl:
        shipped = {name for name in whl.namelist() if "/migrations/" in name}
    expected = {"dukan_server/migrations/" + p.relative_to(migrate.MIGRATIONS_DIR).as_posix()
                for p in migrate.MIGRATIONS_DIR.rglob("*")
                if p.suffix in (".py", ".mako") and "__pycache__" not in p.parts}
    assert "dukan_server/migrations/env.py" in expected and len(expected) >= 8
    assert shipped == expected


def test_migrate_runs_from_the_installed_layout(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as whl:
        whl.extractall(site)
    db = testing.start_test_database(prefix="dukan_wheel", migrated=False)
    try:
        env = dict(os.environ, PYTHONPATH=str(site), DUKAN_MIGRATE_DATABASE_URL=db.owner_url,
                   DUKAN_APP_ROLE=testing.APP_ROLE)
        where = subprocess.run(
            [sys.executable, "-c", "import dukan_server.migrate as m; print(m.MIGRATIONS_DIR)"],
            env=env, cwd=tmp_path, check=True, capture_output=True, text=True)
        assert Path(where.stdout.strip()) == site / "dukan_server" / "migrations"
        done = subprocess.run([sys.executable, "-m", "dukan_server.cli", "migrate"], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        with psycopg.connect(db.owner_url) as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        head = ScriptDirectory.from_config(migrate.alembic_config(db.owner_url)).get_current_head()
        assert version == head
    finally:
        db.drop()
