"""Build the onedir bundle: `python packaging/build.py` → dist/dukan/ (dukan + dukan-cli).

1. compile the translations (.ts → .qm; .qm files are not in git),
2. run PyInstaller on packaging/dukan.spec,
3. run the bundle's own `dukan-cli --self-test` (skip with --no-self-test).

Build on the OS you ship to: a Windows bundle is built on Windows, then
packaging/windows/dukan.iss turns dist/dukan into the installer.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "dukan.spec"


def build_translations() -> None:
    script = ROOT / "scripts" / "build_translations.py"
    if script.exists():
        subprocess.run([sys.executable, str(script), "--release-only"], check=True, cwd=ROOT)


def cli_executable(dist: Path) -> Path:
    return dist / "dukan" / ("dukan-cli.exe" if sys.platform == "win32" else "dukan-cli")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default dist/)")
    parser.add_argument("--work", default=str(ROOT / "build"), help="PyInstaller's work folder")
    parser.add_argument("--no-self-test", action="store_true")
    args = parser.parse_args(argv)
    dist, work = Path(args.dist).resolve(), Path(args.work).resolve()
    started = time.monotonic()
    build_translations()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work),
                    str(SPEC)], check=True, cwd=ROOT)
    print(f"built {dist / 'dukan'} in {time.monotonic() - started:.0f}s")
    if args.no_self_test:
        return 0
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if sys.platform.startswith("linux") else "")
    if not env["QT_QPA_PLATFORM"]:
        env.pop("QT_QPA_PLATFORM")
    return subprocess.run([str(cli_executable(dist)), "--self-test"], env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
