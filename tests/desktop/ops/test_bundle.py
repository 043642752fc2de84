"""Build the PyInstaller bundle and run its own self-test (minutes: run alone).

    .venv/bin/python -m pytest -m bundle tests/desktop/ops/test_bundle.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.bundle
@pytest.mark.timeout(1200)
def test_bundle_builds_and_passes_its_self_test(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "build"
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--no-self-test",
                    "--dist", str(dist), "--work", str(work)], check=True, cwd=ROOT)
    print(f"bundle built in {time.monotonic() - started:.0f}s")
    exe = dist / "dukan" / ("dukan-cli.exe" if sys.platform == "win32" else "dukan-cli")
    assert exe.exists() and (dist / "dukan" / ("dukan.exe" if sys.platform == "win32" else "dukan")).exists()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DUKAN_DATA_DIR", None)
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and version.stdout.startswith("Dukan POS ")
    done = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, env=env,
                          timeout=300)
    print(done.stdout, done.stderr)
    assert done.returncode == 0
    assert done.stdout.rstrip().endswith("PASS")
    assert "(bundle," in done.stdout
