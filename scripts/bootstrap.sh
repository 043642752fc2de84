# Sourced by scripts/demo and scripts/test: a virtualenv in .venv with the project installed.
# Re-running is cheap: pip only installs what changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Dukan POS needs Python 3.11 or newer (found $("$PY" --version 2>&1))." >&2
  exit 1
fi
# Root with apt-get and not CI: install what is missing (announced, never silently).
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ "${CI:-}" != true ]; }
if [ ! -x .venv/bin/python ]; then
  # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a separate package.
  if ! "$PY" -c 'import ensurepip, venv' 2>/dev/null; then
    venv_pkg="python3-venv"
    minor="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    if command -v apt-cache >/dev/null && apt-cache show "python$minor-venv" >/dev/null 2>&1; then
      venv_pkg="python$minor-venv"
    fi
    if can_apt; then
      echo "==> installing $venv_pkg (python3 -m venv needs it): apt-get install -y $venv_pkg"
      { apt-get update -qq && apt-get install -y -qq "$venv_pkg"; } >/dev/null 2>&1 || true
    fi
    if ! "$PY" -c 'import ensurepip, venv' 2>/dev/null; then
      echo "Python's venv module cannot create a virtualenv here ($PY has no ensurepip)." >&2
      echo "Install it, then run this again:  sudo apt-get install -y $venv_pkg" >&2
      exit 1
    fi
  fi
  echo "==> creating .venv"
  "$PY" -m venv .venv || { rm -rf .venv; echo "could not create .venv with $PY -m venv" >&2; exit 1; }
fi
VENV_PY="$ROOT/.venv/bin/python"
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${1:-base}"
if [ ! -f "$stamp" ]; then
  echo "==> installing Dukan POS and its dependencies into .venv"
  log=.venv/pip-install.log
  { "$VENV_PY" -m pip install --upgrade pip && "$VENV_PY" -m pip install -e ".${2:-}"; } >"$log" 2>&1 \
    || { tail -40 "$log" >&2; echo "pip install failed (full log: $log)" >&2; exit 1; }
  touch "$stamp"
fi
# PySide6's wheels bring Qt but not the system libraries Qt links against (even the
# offscreen platform the tests use needs EGL/GL, fontconfig, xkbcommon, GLib, D-Bus).
QT_APT_PACKAGES="libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3"
qt_loads() { QT_QPA_PLATFORM=offscreen "$VENV_PY" -c 'import PySide6.QtWidgets' 2>&1; }
if ! qt_error="$(qt_loads)"; then
  if can_apt; then
    echo "==> installing Qt's system libraries: apt-get install -y $QT_APT_PACKAGES"
    { apt-get update -qq && apt-get install -y -qq $QT_APT_PACKAGES; } >/dev/null 2>&1 || true
  fi
  if ! qt_error="$(qt_loads)"; then
    echo "Qt cannot load: $(printf '%s\n' "$qt_error" | tail -1)" >&2
    echo "Install Qt's system libraries, then run this again:" >&2
    echo "  sudo apt-get install -y $QT_APT_PACKAGES" >&2
    echo "(a desktop session also needs: libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1)" >&2
    exit 1
  fi
fi
echo "==> compiling translations"
"$VENV_PY" scripts/build_translations.py --release-only >/dev/null
