"""Where this PC keeps its data: one object, from platformdirs, overridable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "DukanPOS"
ENV_DATA_DIR = "DUKAN_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | Path | None = None) -> AppPaths:
        """--data-dir beats $DUKAN_DATA_DIR beats the platform's user data dir."""
        chosen = data_dir or os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir(
            APP_NAME, appauthor=False)
        return cls(Path(chosen).expanduser().resolve())

    @property
    def ledger(self) -> Path:
        return self.data_dir / "ledger.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.backups, self.logs):
            d.mkdir(parents=True, exist_ok=True)
        return self
