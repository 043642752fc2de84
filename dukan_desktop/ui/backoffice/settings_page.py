"""Settings: shop profile, receipt header/footer, tax defaults, round-off, number
format, language, printer, cloud connection and backups (made in the background)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DukanError, InvalidInput
from ...core.i18n import QT_TRANSLATE_NOOP
from ...core.money import format_plain, parse_rupees
from ...ops import restore
from ...paths import AppPaths
from ...printing.printers import KINDS, PrinterConfig, PrintService
from ...services import backup, settings, shop
from ..events import RESTORE_ABANDONED, RESTORE_STARTING, SETTINGS, events
from ..i18n import LANGUAGES
from .common import BackOfficeContext, JobBar, ProgressJob, StatusLine, local_time

PRINTER_BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)  # serial printers


class SettingsPage(QWidget):
    def __init__(self, ctx: BackOfficeContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsPage")
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)  # the printer's options are the widest
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.profile = {k: QLineEdit() for k in ("name", "address", "phone", "ntn", "strn")}
        left.addWidget(self._group(self.tr("Shop profile"), [
            (self.tr("Shop name"), self.profile["name"]), (self.tr("Address"), self.profile["address"]),
            (self.tr("Phone"), self.profile["phone"]), (self.tr("NTN"), self.profile["ntn"]),
            (self.tr("STRN"), self.profile["strn"])]))
        self.header, self.footer = QLineEdit(), QLineEdit()
        left.addWidget(self._group(self.tr("Receipt"), [
            (self.tr("Header line"), self.header), (self.tr("Footer line"), self.footer)]))
        self.tax_rate = QLineEdit()
        self.tax_mode = QComboBox()
        for mode, label in (("inclusive", self.tr("Prices include tax")),
                            ("exclusive", self.tr("Tax added to prices")), ("exempt", self.tr("Exempt"))):
            self.tax_mode.addItem(label, mode)
        self.round_off = QComboBox()
        self.round_off.addItem(self.tr("No rounding"), "none")
        self.round_off.addItem(self.tr("Round cash totals to the nearest rupee"), "nearest_rupee")
        left.addWidget(self._group(self.tr("Tax and rounding"), [
            (self.tr("Default tax rate %"), self.tax_rate), (self.tr("Default tax mode"), self.tax_mode),
            (self.tr("Round-off"), self.round_off)]))
        self.new_customer_limit = QLineEdit()
        self.new_customer_limit.setObjectName("newCustomerLimit")
        self.new_customer_limit.setToolTip(self.tr(
            "Customers added at the counter get this credit limit. 0: any udhaar for them "
            "needs the owner's PIN."))
        left.addWidget(self._group(self.tr("Udhaar"), [
            (self.tr("Credit limit for new customers (Rs)"), self.new_customer_limit)]))
        for box in (self.tax_mode, self.round_off):  # long choices must not widen the column
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(14)

        self.symbol = QLineEdit()
        self.grouping = QCheckBox(self.tr("Group thousands (1,234)"))
        self.urdu_digits = QCheckBox(self.tr("Urdu digits (۱۲۳)"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        left.addWidget(self._group(self.tr("Numbers and language"), [
            (self.tr("Currency symbol"), self.symbol), ("", self.grouping), ("", self.urdu_digits),
            (self.tr("Language"), self.language)]))
        left.addStretch(1)
        self.printer_kind = QComboBox()
        kind_names = {"network": self.tr("Network: LAN or Wi-Fi, port 9100"), "usb": self.tr("USB"),
                      "serial": self.tr("Serial (COM port)"), "file": self.tr("Device or file")}
        for kind in KINDS:
            self.printer_kind.addItem(kind_names.get(kind, kind), kind)
        self.printer_address = QLineEdit()
        self.printer_address.setPlaceholderText(self.tr("192.168.1.50, 0416:5011, COM3 …"))
        self.paper = QComboBox()
        self.paper.addItem("\u200e80 mm", 80)
        self.paper.addItem("\u200e58 mm", 58)
        self.auto_print = QCheckBox(self.tr("Print every receipt automatically"))
        self.drawer_pin = QComboBox()
        self.drawer_pin.setObjectName("drawerPin")
        for label, pin in ((self.tr("No cash drawer"), None), (self.tr("Drawer on pin 2"), 2),
                           (self.tr("Drawer on pin 5"), 5)):
            self.drawer_pin.addItem(label, pin)
        self.baudrate = QComboBox()
        self.baudrate.setObjectName("baudrate")
        for rate in PRINTER_BAUD_RATES:
            self.baudrate.addItem(f"\u200e{rate}", rate)
        self.printer_kind.currentIndexChanged.connect(
            lambda: self.baudrate.setEnabled(self.printer_kind.currentData() == "serial"))
        self.check_paper = QCheckBox(self.tr("Check for paper before printing"))
        self.check_paper.setToolTip(self.tr("Network, USB and serial printers can say they are out of paper."))
        self.raster_for_urdu = QCheckBox(self.tr("Print Urdu as an image (needed for Urdu receipts)"))
        test_page = QPushButton(self.tr("Print a test page"))
        test_page.setObjectName("printTestPage")
        test_page.clicked.connect(self.print_test_page)
        right.addWidget(self._group(self.tr("Receipt printer"), [
            (self.tr("Connection"), self.printer_kind), (self.tr("Address"), self.printer_address),
            (self.tr("Serial speed (baud)"), self.baudrate), (self.tr("Paper"), self.paper),
            (self.tr("Cash drawer"), self.drawer_pin), ("", self.auto_print), ("", self.check_paper),
            ("", self.raster_for_urdu), ("", test_page)]))
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://dukan.example.pk")
        connect_button = QPushButton(self.tr("Connect this PC…"))
        connect_button.setObjectName("connectPc")
        connect_button.clicked.connect(self.connect_pc)
        right.addWidget(self._group(self.tr("Cloud connection"), [
            (self.tr("Server address"), self.server_url), ("", connect_button)]))
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.backups = QListWidget()
        self.backups.setObjectName("backupList")
        self.backups.setMaximumHeight(120)
        backup_now = QPushButton(self.tr("Back up now"))
        backup_now.setObjectName("backupNow")
        backup_now.clicked.connect(self.backup_now)
        restore_button = QPushButton(self.tr("Restore…"))
        restore_button.setObjectName("restoreBackup")
        restore_button.clicked.connect(self.ask_restore)
        backup_buttons = QHBoxLayout()
        backup_buttons.addWidget(backup_now)
        backup_buttons.addWidget(restore_button)
        backup_buttons.addStretch(1)
        right.addWidget(self._group(self.tr("Backups"), [
            (self.tr("Keep the last"), self.keep), ("", self.backups), ("", backup_buttons)]))
        self.quit_app = lambda: QApplication.exit(restore.EXIT_RESTART)  # after a restore (tests replace it)
        right.addStretch(1)

        bottom = QHBoxLayout()
        self.jobs = JobBar()
        bottom.addWidget(self.jobs, 1)
        save = QPushButton(self.tr("Save settings"))
        save.setObjectName("saveSettings")
        save.clicked.connect(self.save)
        bottom.addWidget(save)
        outer.addLayout(bottom)
        self.status = StatusLine()
        outer.addWidget(self.status)
        self.load()

    def _group(self, title: str, rows) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for label, widget in rows:
            form.addRow(label, widget)
        return box

    def load(self) -> None:
        with self.ctx.read() as uow:
            values = settings.owner_settings(uow, self.ctx.actor)  # a cashier is refused here
            profile = shop.owner_profile(uow, self.ctx.actor)
        for key, field in self.profile.items():
            field.setText(profile.get(key, ""))
        self.header.setText(values["receipt_header"] or "")
        self.footer.setText(values["receipt_footer"] or "")
        self.tax_rate.setText(f"{values['default_tax_rate_bp'] / 100:g}")
        self.tax_mode.setCurrentIndex(max(0, self.tax_mode.findData(values["default_tax_mode"])))
        self.round_off.setCurrentIndex(max(0, self.round_off.findData(values["round_off"])))
        self.new_customer_limit.setText(format_plain(values["default_credit_limit_paisa"]))
        self.symbol.setText(values["money_symbol"])
        self.grouping.setChecked(bool(values["money_grouping"]))
        self.urdu_digits.setChecked(bool(values["urdu_digits"]))
        self.language.setCurrentIndex(max(0, self.language.findData(values["language"])))
        printer = PrinterConfig.from_settings(values)
        self.printer_kind.setCurrentIndex(max(0, self.printer_kind.findData(printer.kind)))
        self.printer_address.setText(printer.address)
        self.paper.setCurrentIndex(max(0, self.paper.findData(printer.paper_mm)))
        self.auto_print.setChecked(printer.auto_print)
        self._printer = printer  # what the form does not show (timeout, profile) is kept on save
        self.drawer_pin.setCurrentIndex(max(0, self.drawer_pin.findData(printer.drawer_pin)))
        if self.baudrate.findData(printer.baudrate) < 0:
            self.baudrate.addItem(f"\u200e{printer.baudrate}", printer.baudrate)
        self.baudrate.setCurrentIndex(self.baudrate.findData(printer.baudrate))
        self.baudrate.setEnabled(printer.kind == "serial")
        self.check_paper.setChecked(printer.check_paper)
        self.raster_for_urdu.setChecked(printer.raster_for_urdu)
        self.server_url.setText(values["server_url"] or "")
        self.keep.setValue(int(values["backup_keep"]))
        self._list_backups()

    def _paths(self) -> AppPaths:
        return self.ctx.paths or AppPaths(Path(self.ctx.ledger.path).parent)

    def _backup_dir(self) -> Path:
        return self._paths().backups

    def _list_backups(self) -> None:
        self.backups.clear()
        entries = restore.list_backups(self._paths())
        kinds = {"daily": self.tr("daily"), "close": self.tr("when the app closed"),
                 "before_upgrade": self.tr("before an update"), "manual": self.tr("made by hand")}
        for e in entries[:50]:  # short enough for the narrow list in Urdu too; the file name is the tooltip
            item = QListWidgetItem(f"{local_time(e.modified_at)} · {kinds.get(e.kind, e.kind)} · "
                                   f"{e.size_bytes // 1024:,} KB")
            item.setToolTip(str(e.path))
            item.setData(Qt.ItemDataRole.UserRole, str(e.path))
            self.backups.addItem(item)
        if not entries:
            self.backups.addItem(self.tr("No backups yet."))

    def ask_restore(self) -> ProgressJob | None:
        """Confirm, then restore the chosen backup and close the app (the owner starts it again)."""
        item = self.backups.currentItem()
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not path:
            self.status.error(self.tr("Choose a backup in the list first."))
            return None
        answer = QMessageBox.warning(
            self, self.tr("Restore a backup"),
            self.tr("Replace this PC's data with the backup “{name}”?\n\n"
                    "Everything recorded on this PC after that backup was made will no longer be "
                    "in the shop's data here (the current data is kept as a copy next to the ledger).\n\n"
                    "Dukan POS will close when the restore is done and start again on the restored data.").format(
                name=Path(path).name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.restore(Path(path))

    def restore(self, path: Path) -> ProgressJob:
        """Restored and restarting, or untouched and usable: never in between. Sync stops
        first (the counter app hears RESTORE_STARTING on this thread); the ledger then
        refuses every write until the file is swapped. The job cannot be cancelled (its
        Cancel is disabled): only closing the app before the swap calls it off."""
        actor, ledger, paths = self.ctx.actor, self.ctx.ledger, self._paths()
        events().notify(RESTORE_STARTING, actor.worker_id)

        def work(cancelled, progress):
            progress(0, 1)
            info = restore.restore_in_app(actor, ledger, paths, path,
                                          before_swap=lambda: not cancelled.is_set())
            progress(1, 1)
            return info

        job = ProgressJob(work, self)
        job.succeeded.connect(self._restored)
        job.failed.connect(self._restore_failed)
        return self.jobs.start(job, self.tr("Restoring…"))

    def _restore_failed(self, err) -> None:
        events().notify(RESTORE_ABANDONED, self.ctx.actor.worker_id)  # untouched: sync resumes
        self.status.error(err)

    def _restored(self, info) -> None:
        # Every window, the sync engine and caches hold the old ledger: a clean restart
        # opens the restored one the normal way (revision check, upgrade) instead.
        QMessageBox.information(self, self.tr("Backup restored"), self.tr(
            "The backup is restored ({sales} sales). Dukan POS will now close and start "
            "again on the restored data.").format(sales=info.sales))
        self.quit_app()

    def changes(self) -> dict:
        try:
            rate = round(float(self.tax_rate.text().strip().rstrip("%")) * 100)
        except ValueError:
            rate = -1
        if not 0 <= rate <= 10_000:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The tax rate must be between 0% and 100%."))
        printer = self.printer_config()
        new_customer_limit = parse_rupees(self.new_customer_limit.text().strip() or "0")
        return {
            "receipt_header": self.header.text().strip(), "receipt_footer": self.footer.text().strip(),
            "default_tax_rate_bp": rate, "default_tax_mode": self.tax_mode.currentData(),
            "round_off": self.round_off.currentData(), "money_symbol": self.symbol.text().strip(),
            "money_grouping": self.grouping.isChecked(), "urdu_digits": self.urdu_digits.isChecked(),
            "language": self.language.currentData(), "server_url": self.server_url.text().strip(),
            "backup_keep": self.keep.value(), "default_credit_limit_paisa": new_customer_limit,
            **printer.to_settings(),
        }

    def printer_config(self) -> PrinterConfig:
        """The printer as the form shows it (timeout and profile as they were)."""
        return replace(self._printer, kind=self.printer_kind.currentData(),
                       address=self.printer_address.text().strip(), paper_mm=self.paper.currentData(),
                       auto_print=self.auto_print.isChecked(), drawer_pin=self.drawer_pin.currentData(),
                       baudrate=self.baudrate.currentData(), check_paper=self.check_paper.isChecked(),
                       raster_for_urdu=self.raster_for_urdu.isChecked())

    def print_test_page(self) -> ProgressJob:
        """Print a test page with the settings on screen (saved or not), in the background."""
        config = self.printer_config()

        def work(_cancelled, progress):
            progress(0, 1)
            PrintService(config).print_test_page()
            progress(1, 1)
            return config.address

        job = ProgressJob(work, self)
        job.succeeded.connect(lambda address: self.status.info(
            self.tr("Test page sent to the printer at {address}.").format(address=address)))
        job.failed.connect(self.status.error)
        return self.jobs.start(job, self.tr("Printing a test page…"))

    def save(self) -> bool:
        try:
            changes = self.changes()
            with self.ctx.write() as uow:
                shop.update_business(uow, self.ctx.actor,
                                     **{k: f.text() for k, f in self.profile.items()})
                settings.update_settings(uow, self.ctx.actor, changes)
                uow.commit()
        except DukanError as err:
            self.status.error(err)
            return False
        self.ctx.money_format = None  # re-read on next use
        self.status.info(self.tr("Settings saved."))
        events().notify(SETTINGS, self.ctx.actor.worker_id)
        return True

    def connect_pc(self) -> None:
        """Sign in as the owner, pick the outlet, register this PC; sync starts after."""
        from ..connect_dialog import ConnectDialog  # the sync stack loads only when asked for
        from ..events import SETTINGS, events

        dialog = ConnectDialog(self.ctx.ledger, self, default_url=self.server_url.text().strip())
        dialog.connected.connect(lambda _result: events().notify(SETTINGS, self.ctx.actor.worker_id))
        dialog.exec()
        self.load()

    def backup_now(self) -> ProgressJob:
        source, dest, actor = self.ctx.ledger.path, self._backup_dir(), self.ctx.actor

        def work(_cancelled, progress):
            progress(0, 1)
            dest.mkdir(parents=True, exist_ok=True)  # a missing folder would be taken as the file name
            info = backup.backup_for(actor, source, dest)
            progress(1, 1)
            return info

        job = ProgressJob(work, self)
        job.succeeded.connect(lambda info: (self.status.info(
            self.tr("Backup saved: {name}").format(name=info.path.name)), self._list_backups()))
        job.failed.connect(self.status.error)
        return self.jobs.start(job, self.tr("Backing up…"))
