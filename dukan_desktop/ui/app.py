"""The counter app: fonts, translators, the ledger, then first run → login → billing.

`run(paths)` is what `dukan` (no sub-command) calls. `CounterApp` is the controller
that swaps windows; tests drive it directly without entering the event loop.
"""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from ..core.errors import DukanError
from ..core.permissions import Actor
from ..ledger.engine import Ledger
from ..ledger.uow import UnitOfWork
from ..ops.startup import open_ledger_for_app
from ..paths import AppPaths
from ..resources import resource_path
from ..services import settings, shop, workers
from . import events as ev
from .billing.window import BillingWindow
from .i18n import install_language, load_fonts
from .login import LoginWindow
from .session import CounterSession
from .sync_status import SyncStatus
from .worker import BackgroundJob, cancel_all

log = logging.getLogger(__name__)


def stylesheet() -> str:
    path = resource_path("styles", "counter.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


# Young objects are collected less often (a scan allocates a few thousand); the full
# collections that caused 100 ms pauses mid-scan only look at what was made since start-up.
GC_THRESHOLDS = (5_000, 20, 50)


def settle_gc() -> None:
    """Once the billing screen is up: everything alive now (Qt wrappers, SQLAlchemy mappers,
    imported modules) lives for the whole session, so take it out of the collector's view.
    No gc.collect() first: that is a 80-100 ms pause of its own; freezing is instant."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Dukan POS")
    app.setOrganizationName("Dukan")
    # Wayland matches windows to packaging/linux/dukan-pos.desktop (icon, name) by this.
    app.setDesktopFileName("dukan-pos")
    load_fonts()
    app.setStyleSheet(stylesheet())
    return app


class CounterApp(QObject):
    """Which window is showing, and the session once someone has logged in."""

    def __init__(self, app: QApplication, ledger: Ledger, language: str | None = None,
                 paths: AppPaths | None = None) -> None:
        super().__init__()
        self.app, self.ledger, self.paths = app, ledger, paths
        self._closing = False
        self.sync_status = SyncStatus(self)
        self.session: CounterSession | None = None
        self.window: QWidget | None = None
        with UnitOfWork(ledger, write=False) as uow:
            self.language = language or settings.get(uow, "language") or "en"
        self.language = install_language(app, self.language)
        ev.events().changed.connect(self._on_changed)
        self._listening = True
        self.sync = None  # SyncService, started once its modules are loaded
        self._sync_import = None
        # The sync stack (httpx, pydantic, keyring) takes ~1 s to import: load it on a
        # background thread so the counter accepts scans meanwhile.
        QTimer.singleShot(0, self.start_sync)

    def start_sync(self) -> None:
        """Background sync, only when this PC is connected (also after "Connect this PC")."""
        if self.sync is not None or self._sync_import is not None:
            return
        with UnitOfWork(self.ledger, write=False) as uow:
            connected = bool(settings.get(uow, "server_url"))
        if not connected:  # a local-only shop never pays for importing the sync stack
            return

        def load(_cancelled):
            import importlib

            return importlib.import_module("dukan_desktop.sync.qt_adapter").SyncService

        self._sync_import = BackgroundJob(load, self)
        self._sync_import.succeeded.connect(self._sync_loaded)
        self._sync_import.failed.connect(self._sync_failed)
        self._sync_import.run()

    def _sync_loaded(self, service_class) -> None:
        self._sync_import = None
        if self.sync is None and not self._closing:
            self.sync = service_class.start_if_connected(self.ledger, self.sync_status, parent=self)
            if self.sync is None:  # server_url is set, but the keyring lost the credential
                self.sync_status.set_problem("credential_missing", "")

    def _sync_failed(self, exc) -> None:
        self._sync_import = None
        log.error("sync could not start: %s", exc)

    # -- windows -------------------------------------------------------------------------

    def _show(self, window: QWidget) -> QWidget:
        old, self.window = self.window, window
        window.show()
        if old is not None:
            old.close()
            old.deleteLater()
        return window

    def start(self) -> QWidget:
        with UnitOfWork(self.ledger, write=False) as uow:
            ready = shop.is_set_up(uow)
        return self.show_login() if ready else self.show_first_run()

    def show_first_run(self) -> QWidget:
        from .backoffice.wizard import SetupWizard  # the back office loads only when needed

        window = SetupWizard(self.ledger, self.language)
        window.done.connect(self._first_run_done)
        window.language_changed.connect(lambda language: setattr(self, "language", language))
        return self._show(window)

    def _first_run_done(self, language: str) -> None:
        pin = self.window.pin.text().strip() if self._showing_wizard() else ""
        if language != self.language:
            self.language = install_language(self.app, language)
        owner = self._owner_after_setup(pin)
        if owner is None:
            self.show_login()
        else:
            self.open_billing(owner)  # the owner just chose the PIN: straight to the first sale

    def _showing_wizard(self) -> bool:
        return self.window is not None and self.window.objectName() == "setupWizard"

    def _owner_after_setup(self, pin: str) -> Actor | None:
        try:
            with UnitOfWork(self.ledger, write=False) as uow:
                owner_id = next((w.id for w in workers.list_workers(uow) if w.role == "owner"), None)
            if owner_id is None or not pin:
                return None
            with UnitOfWork(self.ledger) as uow:
                actor = workers.login(uow, owner_id, pin)
                uow.commit()
            return actor
        except DukanError:
            return None

    def show_login(self) -> LoginWindow:
        self.session = None
        with UnitOfWork(self.ledger, write=False) as uow:
            ctx = shop.context(uow)
        window = LoginWindow(self.ledger, ctx)
        window.logged_in.connect(self.open_billing)
        window.language_requested.connect(self.toggle_language)
        return self._show(window)

    def open_billing(self, actor: Actor, cart=None) -> BillingWindow:
        with UnitOfWork(self.ledger, write=False) as uow:
            ctx = shop.context(uow)
        self.session = CounterSession(self.ledger, ctx, actor, language=self.language,
                                      sync_status=self.sync_status, extras={"paths": self.paths})
        self.session.refresh()
        window = BillingWindow(self.session)
        window.language_requested.connect(self.toggle_language)
        window.logout_requested.connect(self.show_login)
        if cart is not None and cart.lines:
            window.cart.load(cart)
        self._show(window)
        settle_gc()
        return window

    # -- language, applied without a restart ------------------------------------------------

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        self.language = install_language(self.app, language)
        if isinstance(self.window, BillingWindow):
            old = self.window
            office = old.back_office if getattr(old, "back_office", None) is not None else None
            if office is not None and isValid(office) and office.isVisible():
                office.setParent(None)  # it would go with the old billing window
            else:
                office = None
            window = self.open_billing(self.session.actor, old.cart.cart())  # rebuilt in the new language
            if office is not None:  # the back office stays open, rebuilt in the new language
                office.setParent(window, office.windowFlags())
                window.back_office = office
                office.retranslate(self.language)
                office.show()
        elif isinstance(self.window, LoginWindow):
            self.show_login()
        elif self._showing_wizard():
            self.show_first_run()

    def toggle_language(self) -> None:
        """Ctrl+L. The owner's switch becomes the shop's language (what the app starts in);
        a cashier's, or one on the login screen, lasts until the app closes: the language
        is the owner's setting, and the settings service refuses anyone else."""
        language = "en" if self.language == "ur" else "ur"
        owner = self.session.actor if self.session is not None and self.session.actor.is_owner else None
        if owner is not None:
            try:
                with UnitOfWork(self.ledger) as uow:
                    settings.update_settings(uow, owner, {"language": language})
                    uow.commit()
            except DukanError as err:  # the screen still switches; only the default is not saved
                log.warning("language setting not saved: %s", err)
                owner = None
        self.set_language(language)
        if owner is not None:
            ev.events().notify(ev.SETTINGS, owner.worker_id)

    def _on_changed(self, what: str, _who: str) -> None:
        if what in (ev.RESTORE_STARTING, ev.RESTORE_ABANDONED):
            self._restore_event(what)
            return
        if self.sync is not None and what not in (ev.HELD, ev.SETTINGS):
            self.sync.local_change()  # a sale (or payment, return...) is pushed right away
        if what == ev.SETTINGS:
            with UnitOfWork(self.ledger, write=False) as uow:
                language = settings.get(uow, "language")
            self.set_language(language)
            if self.sync is None:
                self.start_sync()  # "Connect this PC" may have just connected it
            else:  # ...or connected it again (a new credential after a revocation)
                self.sync.reload_credentials()

    def _restore_event(self, what: str) -> None:
        """Nothing but the restore may write while the ledger is replaced: sync stops
        (synchronously, on this thread) and comes back only if the restore did not happen."""
        if what == ev.RESTORE_STARTING:
            self._closing = True  # a sync stack still loading must not start now
            if self.sync is not None:
                self.sync.stop()
                self.sync = None
        else:
            self._closing = False
            self.start_sync()

    def shutdown(self) -> None:
        self._closing = True
        cancel_all()
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
        if self._listening:  # shutdown may run twice (a restart, then the final exit)
            self._listening = False
            ev.events().changed.disconnect(self._on_changed)
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None


def run(paths: AppPaths, *, language: str | None = None, on_ledger_open=None) -> int:
    app = ensure_application()
    paths.ensure()
    ledger = open_ledger_for_app(paths)  # backs up, then migrates; refuses a newer ledger
    if on_ledger_open is not None:
        on_ledger_open(ledger)  # e.g. automatic backups: only of a ledger this version opened
    controller = CounterApp(app, ledger, language, paths)
    controller.start()
    try:
        return app.exec()
    finally:
        controller.shutdown()
        ledger.close()
