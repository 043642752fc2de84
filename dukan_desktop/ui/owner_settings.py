"""The owner's counter settings: language, discount limit, round-off.

Only reachable from an owner's billing window; `update_settings` refuses anyone else
whatever the UI does.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ..core.errors import DukanError, InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP
from ..services import settings
from .events import SETTINGS, events
from .i18n import LANGUAGES, tr_error
from .session import CounterSession


class OwnerSettingsDialog(QDialog):
    def __init__(self, session: CounterSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("ownerSettings")
        self.setWindowTitle(self.tr("Counter settings"))
        self.setMinimumWidth(480)
        with session.read() as uow:
            values = settings.get_all(uow)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(values["language"])))
        form.addRow(self.tr("Language"), self.language)
        self.limit = QLineEdit(str(values["cashier_discount_limit_bp"] / 100))
        form.addRow(self.tr("Cashier discount limit (%)"), self.limit)
        self.round_off = QComboBox()
        self.round_off.addItem(self.tr("Exact paisa"), "none")
        self.round_off.addItem(self.tr("Nearest rupee"), "nearest_rupee")
        self.round_off.setCurrentIndex(max(0, self.round_off.findData(values["round_off"])))
        form.addRow(self.tr("Cash round-off"), self.round_off)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            try:
                limit_bp = round(float(self.limit.text().strip()) * 100)
            except ValueError:
                limit_bp = -1
            if not 0 <= limit_bp <= 10_000:
                raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The limit is a percentage from 0 to 100."))
            with self.session.write() as uow:
                settings.update_settings(uow, self.session.actor, {
                    "language": self.language.currentData(),
                    "cashier_discount_limit_bp": limit_bp,
                    "round_off": self.round_off.currentData()})
                uow.commit()
        except DukanError as err:
            self.error.setText(tr_error(err))
            return
        events().notify(SETTINGS, self.session.actor.worker_id)
        self.accept()
