"""Starting the GUI: bring the running instance to the front, or tell the user why not.

The data dir's OS lock (ops/single_instance.py) decides who owns the ledger. The
owner also listens on a QLocalServer (a named pipe on Windows, a socket on Linux)
named after the data dir; a second start connects, asks it to come to the front and
exits. If the first one does not answer (hung, or still starting), the second one
says so in a message box — a windowed build has no console to print to.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from ..ops.single_instance import instance_key
from ..paths import AppPaths

log = logging.getLogger(__name__)

RAISE, ACK = b"raise\n", b"ok\n"


def raise_app_windows() -> bool:
    """Bring the app's visible top-level windows to the front. False if there are none."""
    raised = False
    for window in QApplication.topLevelWidgets():
        if window.isVisible() or window.isMinimized():
            window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized)
                                  | Qt.WindowState.WindowActive)
            window.show()
            window.raise_()
            window.activateWindow()
            raised = True
    return raised


class ActivationServer(QObject):
    """Held by the first instance for as long as it runs (it owns the data dir's lock)."""

    activated = Signal()

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = instance_key(paths.data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a socket left by a crash: we hold the lock now
        if not self.server.listen(self.name):
            log.warning("single instance: cannot listen on %s: %s", self.name,
                        self.server.errorString())
        self.server.newConnection.connect(self._on_connection)
        self.activated.connect(raise_app_windows)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._on_message(s))
            sock.disconnected.connect(sock.deleteLater)

    def _on_message(self, sock: QLocalSocket) -> None:
        if bytes(sock.readAll().data()).startswith(RAISE.strip()):
            log.info("another start of the app asked this one to come to the front")
            sock.write(ACK)  # answer first: the other process is waiting to exit
            sock.flush()
            self.activated.emit()

    def close(self) -> None:
        self.server.close()


def ask_first_instance_to_raise(paths: AppPaths, timeout_ms: int = 2000) -> bool:
    """From a second start: True if the running app answered and came to the front."""
    sock = QLocalSocket()
    sock.connectToServer(instance_key(paths.data_dir))
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(RAISE)
    sock.flush()  # (waitForBytesWritten is false when the pipe took it all at once)
    answer = bytes(sock.readAll().data()) if sock.waitForReadyRead(timeout_ms) else b""
    sock.disconnectFromServer()
    return answer.startswith(ACK.strip())


def show_startup_error(message: str, title: str | None = None) -> None:
    """A message box for what stops the app from starting (another instance, a newer ledger…)."""
    QMessageBox.warning(None, title or QApplication.translate("startup", "Dukan POS"), message)
