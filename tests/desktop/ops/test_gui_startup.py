"""`dukan` with no command: the start-up path of the GUI, driven for real (offscreen Qt,
a temporary data dir): the lock, a second start, exit codes, when automatic backups
begin, and the restart after an in-app restore."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dukan_desktop.cli import main
from dukan_desktop.ledger import migrate
from dukan_desktop.ledger.migrate import current_revision, head_revision
from dukan_desktop.ops.autobackup import BackupScheduler, list_auto_backups
from dukan_desktop.ops.restore import EXIT_RESTART
from dukan_desktop.services.testing import build_test_shop
from dukan_desktop.ui import app as ui_app
from dukan_desktop.ui import single_instance_qt

from .test_single_instance import other_process_holds_the_lock  # noqa: F401 - a fixture
from .test_startup import FIRST_REVISION

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def start_errors(monkeypatch):
    """What the start-up message box would have said (a modal box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(single_instance_qt, "show_startup_error",
                        lambda message, title=None: shown.append(message))
    return shown


@pytest.fixture
def scheduler_starts(monkeypatch):
    """The ledger's revision at the moment automatic backups started (once per start)."""
    seen: list[str | None] = []
    real_start = BackupScheduler.start

    def start(self):
        seen.append(current_revision(self.paths.ledger))
        return real_start(self)

    monkeypatch.setattr(BackupScheduler, "start", start)
    return seen


def quit_soon(code: int = 0) -> None:
    """Leave the event loop as soon as the app has started."""
    QTimer.singleShot(0, lambda: QApplication.exit(code))


def test_backups_start_after_the_ledger_is_migrated(qapp, app_paths, scheduler_starts, start_errors):
    migrate.upgrade_to_head(app_paths.ledger, FIRST_REVISION)  # a ledger from the first release
    quit_soon()
    assert main(["--data-dir", str(app_paths.data_dir)]) == 0, start_errors
    # The daily backup copied the migrated ledger, never one half-way through its upgrade.
    assert scheduler_starts == [head_revision()]
    kinds = sorted(b.kind for b in list_auto_backups(app_paths))
    assert kinds == ["close", "daily"]
    assert any(p.name.startswith("before-upgrade-") for p in app_paths.backups.iterdir())


def test_a_ledger_from_a_newer_version_gets_no_automatic_backup(qapp, app_paths, scheduler_starts,
                                                                start_errors):
    shop = build_test_shop(app_paths.ledger)
    shop.ledger.close()
    conn = sqlite3.connect(app_paths.ledger)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    conn.close()
    before = app_paths.ledger.read_bytes()
    assert main(["--data-dir", str(app_paths.data_dir)]) == 2
    assert len(start_errors) == 1 and "newer version" in start_errors[0]
    assert scheduler_starts == []
    assert list(app_paths.backups.iterdir()) == []  # no daily, no on-close, nothing pruned
    assert app_paths.ledger.read_bytes() == before


def test_an_unusable_data_folder_stops_with_exit_2(qapp, tmp_path, start_errors, scheduler_starts):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("a file where the data folder should be")
    assert main(["--data-dir", str(not_a_folder / "data")]) == 2
    assert len(start_errors) == 1 and "cannot write to its data folder" in start_errors[0]
    assert scheduler_starts == []


def test_a_second_start_that_nobody_answers_exits_3(qapp, app_paths, start_errors,
                                                    other_process_holds_the_lock):  # noqa: F811
    assert main(["--data-dir", str(app_paths.data_dir)]) == 3
    assert len(start_errors) == 1 and "already open" in start_errors[0]


@pytest.mark.qt_log_ignore(".*does not support raise.*")  # the offscreen platform
def test_a_second_start_brings_the_running_app_to_the_front(qtbot, app_paths):
    from PySide6.QtWidgets import QWidget

    from dukan_desktop.ops.single_instance import InstanceLock

    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    with InstanceLock(app_paths.data_dir):
        server = single_instance_qt.ActivationServer(app_paths)
        try:
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
            second = subprocess.Popen(
                [sys.executable, "-m", "dukan_desktop", "--data-dir", str(app_paths.data_dir)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            with qtbot.waitSignal(server.activated, timeout=30_000):
                pass
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        finally:
            server.close()
    assert second.returncode == 0, second.stderr.read()
    assert "brought it to the front" in second.stderr.read()
    assert not window.isMinimized()


def test_after_a_restore_the_app_starts_again_on_the_restored_ledger(qapp, app_paths, monkeypatch,
                                                                     scheduler_starts, start_errors):
    shop = build_test_shop(app_paths.ledger)
    shop.ledger.close()
    real_run, opened = ui_app.run, []

    def run(paths, **kwargs):
        opened.append(paths.ledger)
        quit_soon(EXIT_RESTART if len(opened) == 1 else 0)  # the restore's "start again"
        return real_run(paths, **kwargs)

    monkeypatch.setattr(ui_app, "run", run)
    assert main(["--data-dir", str(app_paths.data_dir)]) == 0, start_errors
    assert len(opened) == 2  # the ledger opened a second time, in the same process
    assert len(scheduler_starts) == 1  # one backup schedule for the whole session
    assert [b.kind for b in list_auto_backups(app_paths, "close")] == ["close"]
