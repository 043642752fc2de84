"""Update the Urdu catalogue from the source and compile it: `python scripts/build_translations.py`.

1. lupdate scans dukan_desktop/ (tr(), QCoreApplication.translate and
   QT_TRANSLATE_NOOP in core/services) into resources/translations/dukan_*.ts,
   keeping existing translations;
2. lrelease compiles each .ts into the .qm the app loads (.qm files are not in git).

`--release-only` skips lupdate (what a packaging step or a fresh checkout needs).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dukan_desktop.ui.i18n import qt_tool  # noqa: E402 - after the path tweak

SOURCES = ROOT / "dukan_desktop"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("ur",)


def lupdate(ts: Path, *, extra: list[str] = ()) -> str:
    tool = qt_tool("lupdate")
    if tool is None:
        raise SystemExit("lupdate not found (install PySide6)")
    done = subprocess.run(
        [str(tool), "-extensions", "py", "-recursive", "-locations", "none", "-no-obsolete",
         *extra, str(SOURCES), "-ts", str(ts)],
        check=True, capture_output=True, text=True)
    return done.stdout + done.stderr


def lrelease(ts: Path) -> Path:
    tool = qt_tool("lrelease")
    if tool is None:
        raise SystemExit("lrelease not found (install PySide6)")
    qm = ts.with_suffix(".qm")
    subprocess.run([str(tool), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release-only", action="store_true", help="only compile .ts to .qm")
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"dukan_{language}.ts"
        if not args.release_only:
            print(lupdate(ts, extra=["-target-language", language]).strip())
        print(f"built {lrelease(ts).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
