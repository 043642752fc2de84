"""Connect this PC: the owner signs in, picks or creates the outlet, the PC registers.

The steps are `sync.connect` (Qt-free); network calls run as BackgroundJobs so the
dialog never freezes. When the OS has no keyring, the dialog says so first and
explains the choice: billing carries on local-only (nothing is lost, the history
uploads when the PC is connected later), or install a keyring and try again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import DukanError
from ..ledger.engine import Ledger
from ..sync import connect, credentials
from ..sync.client import SyncError
from .i18n import tr_error
from .worker import BackgroundJob


class ConnectDialog(QDialog):
    connected = Signal(object)  # sync.connect.ConnectResult

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 default_url: str = "") -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.session: connect.OwnerSession | None = None
        self.choices: list[connect.OutletChoice] = []
        self._job: BackgroundJob | None = None
        self.setWindowTitle(self.tr("Connect this PC"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        try:
            credentials.check_available()
        except credentials.NoKeyring as exc:
            self._no_keyring_page(exc)
            return
        self._sign_in_page(default_url)
        self._outlet_page()

    # -- pages -------------------------------------------------------------------------

    def _no_keyring_page(self, exc: DukanError) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        text = QLabel(tr_error(exc))
        text.setWordWrap(True)
        box.addWidget(text)
        self.local_only = QPushButton(self.tr("Keep billing on this PC only"))
        self.local_only.clicked.connect(self.reject)
        box.addWidget(self.local_only)
        self.pages.addWidget(page)

    def _sign_in_page(self, default_url: str) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.url = QLineEdit(default_url)
        self.identifier = QLineEdit()
        self.identifier.setPlaceholderText(self.tr("email or phone"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_account = QCheckBox(self.tr("Create a new account for this shop"))
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._sign_in)
        form.addRow(self.tr("Server"), self.url)
        form.addRow(self.tr("Owner"), self.identifier)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.new_account)
        form.addRow(self.sign_in_button)
        self.pages.addWidget(page)

    def _outlet_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.outlet = QComboBox()
        self.outlet.currentIndexChanged.connect(self._outlet_changed)
        self.new_outlet_name = QLineEdit()
        self.new_outlet_code = QLineEdit()
        self.new_outlet_code.setMaxLength(12)
        self.device_name = QLineEdit()
        self.device_name.setPlaceholderText(self.tr("e.g. Counter 2"))
        # What this PC is: the server refuses catalog, staff and outlet changes from a
        # counter. The default comes from the account (its first PC is the owner's).
        self.kind_owner = QRadioButton(self.tr("This is the owner's PC"))
        self.kind_counter = QRadioButton(self.tr("A counter"))
        self.kind_group = QButtonGroup(self)
        kinds = QVBoxLayout()
        for button, text in (
                (self.kind_owner, self.tr("It may change products, prices, staff and outlets, "
                                          "and receive or adjust stock.")),
                (self.kind_counter, self.tr("It sells and takes udhaar payments. Products, "
                                            "prices, staff and stock come from the owner's PC."))):
            self.kind_group.addButton(button)
            hint = QLabel(text)
            hint.setWordWrap(True)
            hint.setIndent(24)
            kinds.addWidget(button)
            kinds.addWidget(hint)
        buttons = QHBoxLayout()
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self._connect)
        back = QPushButton(self.tr("Back"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        buttons.addWidget(back)
        buttons.addWidget(self.connect_button)
        form.addRow(self.tr("Outlet"), self.outlet)
        form.addRow(self.tr("New outlet name"), self.new_outlet_name)
        form.addRow(self.tr("Receipt prefix"), self.new_outlet_code)
        form.addRow(self.tr("This PC's name"), self.device_name)
        form.addRow(self.tr("This PC is"), kinds)
        form.addRow(buttons)
        self.pages.addWidget(page)

    # -- steps ---------------------------------------------------------------------------

    def _run(self, fn, on_done) -> None:
        self._busy(True)
        self._job = BackgroundJob(lambda _cancelled: fn(), self)
        # Buttons come back before the next page shows (slots run in connection order);
        # waiting for `finished` left "Connect" disabled for a moment on the new page.
        self._job.succeeded.connect(lambda _result: self._busy(False))
        self._job.failed.connect(lambda _exc: self._busy(False))
        self._job.succeeded.connect(on_done)
        self._job.failed.connect(self._failed)
        self._job.run()

    def _busy(self, busy: bool) -> None:
        for button in (self.sign_in_button, self.connect_button):
            button.setEnabled(not busy)
        if busy:
            self.message.setText(self.tr("Talking to the server…"))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, DukanError):
            self.message.setText(tr_error(exc))
        elif isinstance(exc, SyncError):
            self.message.setText(self.tr("The server could not be reached or refused: {0}")
                                 .format(str(exc)))
        else:
            self.message.setText(str(exc))

    def _sign_in(self) -> None:
        url, ident, password = self.url.text().strip(), self.identifier.text().strip(), \
            self.password.text()
        if not url or not ident or not password:
            self.message.setText(self.tr("Enter the server, the owner's email or phone and the password."))
            return
        new_account = self.new_account.isChecked()

        def work():
            if new_account:
                email, phone = (ident, None) if "@" in ident else (None, ident)
                session = connect.sign_up(url, self.ledger, email=email, phone=phone,
                                          password=password)
            else:
                session = connect.sign_in(url, ident, password)
            return (session, connect.outlet_choices(session, self.ledger),
                    connect.default_kind(session, self.ledger))
        self._run(work, self._signed_in)

    def _signed_in(self, result) -> None:
        self.session, self.choices, kind = result
        (self.kind_owner if kind == "owner" else self.kind_counter).setChecked(True)
        self.outlet.clear()
        for choice in self.choices:
            label = f"{choice.name} ({choice.code})"
            if choice.this_pc and not choice.on_server:
                label += " — " + self.tr("will be created on the server")
            self.outlet.addItem(label)
        fresh = not any(c.this_pc for c in self.choices)
        if fresh:
            self.outlet.addItem(self.tr("New outlet…"))
        self.message.setText("")
        self.pages.setCurrentIndex(1)
        self._outlet_changed()

    def _outlet_changed(self) -> None:
        creating = self.outlet.currentIndex() >= len(self.choices)
        self.new_outlet_name.setEnabled(creating)
        self.new_outlet_code.setEnabled(creating)

    def _connect(self) -> None:
        index = self.outlet.currentIndex()
        session, name = self.session, self.device_name.text().strip()
        if index < len(self.choices):
            outlet_id, new_outlet = self.choices[index].id, None
        else:
            outlet_id = None
            new_outlet = (self.new_outlet_name.text().strip(),
                          self.new_outlet_code.text().strip().upper())
        kind = "owner" if self.kind_owner.isChecked() else "counter"
        self._run(lambda: connect.connect(self.ledger, session, outlet_id=outlet_id,
                                          new_outlet=new_outlet, device_name=name, kind=kind),
                  self._connected)

    def _connected(self, result: connect.ConnectResult) -> None:
        self.message.setText(self.tr("Connected. This PC's history is uploading in the background; "
                                     "billing carries on as usual."))
        self.connected.emit(result)
        self.accept()

    def done(self, code: int) -> None:  # noqa: D401 - Qt override
        if self._job is not None:
            self._job.cancel()
        if self.session is not None:
            self.session.client.close()
        super().done(code)
