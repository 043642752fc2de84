"""`python -m bench <suite> [args]`: run bench/<suite>.py's main(args)."""

from __future__ import annotations

import importlib
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-"):
        print("usage: python -m bench <suite> [--json PATH]", file=sys.stderr)
        return 2
    suite, rest = argv[0], argv[1:]
    module = importlib.import_module(f"bench.{suite}")
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
