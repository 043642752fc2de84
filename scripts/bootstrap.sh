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
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
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
echo "==> compiling translations"
"$VENV_PY" scripts/build_translations.py --release-only >/dev/null
