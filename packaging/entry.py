"""The frozen executables' entry point (both `dukan` and `dukan-cli`)."""

import sys

from dukan_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
