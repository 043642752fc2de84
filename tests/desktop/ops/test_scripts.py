"""scripts/bootstrap.sh and scripts/test on a fresh machine: what is missing is named
(and, as root with apt-get outside CI, installed), never skipped silently.

Each runs the real script in a sandbox copy of the repo with a PATH of its own: fake
`apt-get` (records what it was asked to install), a fake `.venv/bin/python` where
needed, and links to the few real tools the scripts use — so nothing is installed here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TOOLS = ("bash", "sh", "env", "sha256sum", "cut", "cat", "mv", "cp", "chown", "ls", "id",
         "seq", "sleep", "tail", "head", "dirname", "rm", "touch", "printf", "mkdir", "grep",
         "chmod")

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the scripts' apt paths are for root")


def _executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    path.chmod(0o755)
    return path


@pytest.fixture
def sandbox(tmp_path):
    repo, bin_dir = tmp_path / "repo", tmp_path / "bin"
    (repo / "scripts").mkdir(parents=True)
    for name in ("bootstrap.sh", "test"):
        shutil.copy2(ROOT / "scripts" / name, repo / "scripts" / name)
    shutil.copy2(ROOT / "pyproject.toml", repo / "pyproject.toml")
    bin_dir.mkdir()
    for tool in TOOLS:
        real = shutil.which(tool)
        if real:
            (bin_dir / tool).symlink_to(real)
    _executable(bin_dir / "apt-get", f"""
        #!/bin/sh
        echo "$*" >> {tmp_path}/apt.log
        case "$*" in *" postgresql"*) sh {tmp_path}/install-postgresql ;; esac
        exit 0
    """)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "PYTHON": sys.executable,
           "DUKAN_PG_ETC": str(tmp_path / "etc-postgresql")}
    return repo, bin_dir, tmp_path, env


def _apt_log(tmp: Path) -> str:
    log = tmp / "apt.log"
    return log.read_text() if log.exists() else ""


def _fake_venv(repo: Path, tmp: Path, *, qt_error: str | None = None) -> None:
    """A .venv whose python answers the scripts' probes, pip's work already done."""
    qt = (f'echo "{qt_error}" >&2; exit 1' if qt_error else "exit 0")
    _executable(repo / ".venv" / "bin" / "python", f"""
        #!/bin/sh
        case "$*" in
          *"import PySide6.QtWidgets"*) {qt} ;;
          *"import psycopg"*) [ -f {tmp}/pg-running ] && exit 0; exit 1 ;;
          *build_translations.py*) exit 0 ;;
          *"-m pytest"*) echo "ran pytest $*"; exit 0 ;;
        esac
        echo "unexpected: $*" >&2; exit 2
    """)
    digest = hashlib.sha256((repo / "pyproject.toml").read_bytes()).hexdigest()[:16]
    for extra in ("app", "dev"):
        (repo / ".venv" / f".installed-{digest}-{extra}").touch()


def _run(repo: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", *args], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=120)


def test_bootstrap_names_the_missing_venv_package(sandbox):
    repo, bin_dir, tmp, env = sandbox
    # A Debian python3 without python3-venv: no ensurepip.
    no_venv = _executable(tmp / "python-no-venv", f"""
        #!/bin/sh
        case "$*" in *ensurepip*) exit 1 ;; esac
        exec {sys.executable} "$@"
    """)
    done = _run(repo, {**env, "PYTHON": str(no_venv)}, "-c", "source scripts/bootstrap.sh app ''")
    assert done.returncode == 1
    assert "cannot create a virtualenv" in done.stderr
    assert "sudo apt-get install -y python3" in done.stderr and "-venv" in done.stderr
    assert "-venv" in _apt_log(tmp)  # root with apt-get: it tried to install it first
    assert not (repo / ".venv").exists()


def test_bootstrap_names_the_missing_qt_libraries(sandbox):
    repo, bin_dir, tmp, env = sandbox
    _fake_venv(repo, tmp, qt_error="ImportError: libEGL.so.1: cannot open shared object file")
    done = _run(repo, env, "-c", "source scripts/bootstrap.sh app ''")
    assert done.returncode == 1
    assert "Qt cannot load: ImportError: libEGL.so.1" in done.stderr
    assert "sudo apt-get install -y libegl1 libgl1 libfontconfig1 libxkbcommon0" in done.stderr
    assert "install -y -qq libegl1" in _apt_log(tmp)


def test_bootstrap_under_ci_installs_nothing(sandbox):
    repo, bin_dir, tmp, env = sandbox
    _fake_venv(repo, tmp, qt_error="ImportError: libGL.so.1: cannot open shared object file")
    done = _run(repo, {**env, "CI": "true"}, "-c", "source scripts/bootstrap.sh app ''")
    assert done.returncode == 1 and "sudo apt-get install" in done.stderr
    assert _apt_log(tmp) == ""


def _postgresql_installer(tmp: Path, bin_dir: Path) -> None:
    """What installing Debian's postgresql leaves: a cluster config and pg_ctlcluster."""
    hba = tmp / "etc-postgresql" / "15" / "main" / "pg_hba.conf"
    _executable(tmp / "install-postgresql", f"""
        mkdir -p {hba.parent}
        printf 'local all postgres peer\\nhost all all 127.0.0.1/32 scram-sha-256\\n' > {hba}
        cat > {bin_dir}/pg_ctlcluster <<'EOF'
        #!/bin/sh
        echo "$*" >> {tmp}/pg_ctlcluster.log
        touch {tmp}/pg-running
        EOF
        chmod +x {bin_dir}/pg_ctlcluster
    """)


def test_scripts_test_installs_postgresql_on_a_machine_without_any(sandbox):
    repo, bin_dir, tmp, env = sandbox
    _fake_venv(repo, tmp)
    _postgresql_installer(tmp, bin_dir)
    done = _run(repo, env, "scripts/test", "-q")
    assert done.returncode == 0, done.stderr
    assert "no PostgreSQL installed: apt-get install -y postgresql" in done.stdout
    assert "install -y -qq postgresql" in _apt_log(tmp)
    hba = (tmp / "etc-postgresql" / "15" / "main" / "pg_hba.conf").read_text().splitlines()
    assert hba[:2] == ["local all all trust", "host all all 127.0.0.1/32 trust"]
    assert "restart" in (tmp / "pg_ctlcluster.log").read_text()
    assert "ran pytest -m pytest -m bundle or not bundle -q" in done.stdout


@pytest.mark.parametrize("why", ["CI", "DUKAN_TEST_PG"])
def test_scripts_test_never_installs_postgresql_under_ci_or_elsewhere(sandbox, why):
    repo, bin_dir, tmp, env = sandbox
    _fake_venv(repo, tmp)
    _postgresql_installer(tmp, bin_dir)
    extra = {"CI": "true"} if why == "CI" else {"DUKAN_TEST_PG": "postgresql://db.invalid/x"}
    done = _run(repo, {**env, **extra}, "scripts/test", "-q")
    assert done.returncode == 1
    assert "FATAL: no PostgreSQL reachable" in done.stderr  # fail loudly, never skip
    assert "postgresql" not in _apt_log(tmp).replace("poppler", "")
