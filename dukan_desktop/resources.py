"""Finding bundled files the same way from source and from a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding resources/ and migrations/: the bundle, or the repo root."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def migrations_path(name: str) -> Path:
    return app_root().joinpath("migrations", name)
