"""One app per data dir: an OS lock, released when the holder dies; the Qt hand-over."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from dukan_desktop.cli import main
from dukan_desktop.ops.single_instance import AlreadyRunning, InstanceLock, instance_key, is_running
from dukan_desktop.services.backup import backup_to

from .conftest import count_sales

HOLDER = """
import sys, time
from dukan_desktop.ops.single_instance import InstanceLock
InstanceLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def other_process_holds_the_lock(app_paths):
    """A second process owning the data dir, as a running app would."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(app_paths.data_dir)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_a_second_lock_on_the_same_data_dir_fails_clearly(app_paths):
    with InstanceLock(app_paths.data_dir):
        with pytest.raises(AlreadyRunning) as caught:
            InstanceLock(app_paths.data_dir).acquire()
        assert "already open" in caught.value.message
        assert str(app_paths.data_dir) in caught.value.message
        assert is_running(app_paths.data_dir)
    assert not is_running(app_paths.data_dir)
    InstanceLock(app_paths.data_dir).acquire().release()  # free again


def test_other_data_dirs_are_independent(tmp_path):
    with InstanceLock(tmp_path / "shop-a"), InstanceLock(tmp_path / "shop-b"):
        pass
    assert instance_key(tmp_path / "shop-a") != instance_key(tmp_path / "shop-b")


def test_the_lock_dies_with_its_process(app_paths, other_process_holds_the_lock):
    lock = InstanceLock(app_paths.data_dir)
    with pytest.raises(AlreadyRunning):
        lock.acquire()
    assert lock.owner_pid() == other_process_holds_the_lock.pid
    other_process_holds_the_lock.kill()  # a power cut, as far as the lock is concerned
    other_process_holds_the_lock.wait(10)
    lock.acquire()
    lock.release()


def test_cli_restore_refuses_while_the_app_runs(shop_paths, other_process_holds_the_lock,
                                                tmp_path, capsys):
    paths, _, receipts = shop_paths
    backup = backup_to(paths.ledger, tmp_path / "b.sqlite3").path
    assert main(["restore", str(backup), "--data-dir", str(paths.data_dir)]) == 3
    err = capsys.readouterr().err
    assert "Dukan POS is running" in err and "Close it first" in err
    assert not (paths.data_dir / "ledger.sqlite3.before-restore").exists()
    assert count_sales(paths.ledger) == len(receipts)


ASKER = """
import sys
from PySide6.QtCore import QCoreApplication
from dukan_desktop.paths import AppPaths
from dukan_desktop.ui.single_instance_qt import ask_first_instance_to_raise
app = QCoreApplication([])
print(ask_first_instance_to_raise(AppPaths(sys.argv[1]), timeout_ms=10000), flush=True)
"""


@pytest.mark.qt_log_ignore(".*does not support raise.*")  # the offscreen platform
def test_second_start_brings_the_first_to_the_front(qtbot, app_paths):
    from PySide6.QtWidgets import QWidget

    from dukan_desktop.ui.single_instance_qt import ActivationServer

    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    server = ActivationServer(app_paths)
    try:
        with qtbot.waitSignal(server.activated, timeout=20000):
            second = subprocess.Popen([sys.executable, "-c", ASKER, str(app_paths.data_dir)],
                                      stdout=subprocess.PIPE, text=True)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
        assert second.stdout.read().strip() == "True"
        assert not window.isMinimized()
    finally:
        server.close()


def test_nobody_answering_is_reported_as_false(qtbot, app_paths):
    from dukan_desktop.ui.single_instance_qt import ask_first_instance_to_raise

    started = time.monotonic()
    assert ask_first_instance_to_raise(app_paths, timeout_ms=500) is False
    assert time.monotonic() - started < 5
