"""Run by test_backup_failures.py: one automatic backup under a real write limit.

    python _backup_child.py DATA_DIR fsize LIMIT_BYTES

`fsize` caps every file this process writes at LIMIT_BYTES (RLIMIT_FSIZE; SIGXFSZ
ignored, so the write fails with EFBIG as on a full disk). Prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path

from dukan_desktop.ops.autobackup import DAILY, take_auto_backup
from dukan_desktop.paths import AppPaths
from dukan_desktop.services.backup import BackupFailed

data_dir, mode, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = AppPaths(Path(data_dir))
assert mode == "fsize"
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    info = take_auto_backup(paths, DAILY, keep=2)
    print(json.dumps({"ok": str(info.path)}))
except BackupFailed as exc:
    print(json.dumps({"failed": exc.message}))
