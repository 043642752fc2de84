"""Settings → Backups: list, back up now, restore with a confirmation, then the app closes."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtWidgets import QMessageBox

from dukan_desktop.core.errors import PermissionDenied
from dukan_desktop.ops import restore
from dukan_desktop.paths import AppPaths
from dukan_desktop.ui.backoffice.settings_page import SettingsPage

from .conftest import sell


def sale_count(path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("select count(*) from sales").fetchone()[0]


def test_backup_then_restore_closes_the_app(qtbot, ctx, busy_shop, monkeypatch):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.backup_now().finished, timeout=20_000):
        pass
    assert page.backups.count() == 1 and "dukan-backup-" in page.backups.item(0).toolTip(), page.status.text()
    before = sale_count(busy_shop.ledger.path)
    sell(busy_shop, [("milk", 1000)])  # made after the backup: gone after the restore
    assert sale_count(busy_shop.ledger.path) == before + 1

    page.backups.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.No)
    assert page.ask_restore() is None  # "No" leaves everything as it was
    asked, quit_called = {}, []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a: asked.update(text=text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    page.quit_app = lambda: quit_called.append(True)
    job = page.ask_restore()
    assert job is not None, (page.status.text(), asked)
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert "will close" in asked["text"]
    assert quit_called == [True], page.status.text()
    assert sale_count(busy_shop.ledger.path) == before
    assert any(p.name.startswith("ledger.sqlite3.before-restore") for p in busy_shop.ledger.path.parent.iterdir())


def test_cashier_cannot_restore(busy_shop, tmp_path):
    paths = AppPaths(busy_shop.ledger.path.parent)
    with pytest.raises(PermissionDenied):
        restore.restore_in_app(busy_shop.cashier, busy_shop.ledger, paths, tmp_path / "x.sqlite3")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_backups_screenshot(qtbot, qapp, ctx, language):
    from PySide6.QtWidgets import QScrollArea

    from dukan_desktop.ui.i18n import install_language

    from ..ui.conftest import save_shot

    install_language(qapp, language)
    try:
        page = SettingsPage(ctx)
        qtbot.addWidget(page)
        page.resize(1040, 700)
        page.show()
        with qtbot.waitSignal(page.backup_now().finished, timeout=20_000):
            pass
        page.findChild(QScrollArea).ensureWidgetVisible(page.backups, 0, 200)
        assert page.findChild(type(page.backups), "backupList").isRightToLeft() is (language == "ur")
        save_shot(page, language, "backoffice-settings-backups")
    finally:
        install_language(qapp, "en")
