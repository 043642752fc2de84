"""The back office on a counter PC: a note says where the owner's changes are made, and
a change tried anyway is refused with that message and changes nothing."""

from pathlib import Path

import pytest

from dukan_desktop.ledger.uow import COUNTER_PC_REFUSES
from dukan_desktop.services import catalog_admin
from dukan_desktop.sync.connect import save_device_kind
from dukan_desktop.ui.backoffice.products import ProductsPage
from dukan_desktop.ui.backoffice.window import BackOfficeWindow
from dukan_desktop.ui.i18n import install_language

OUT = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


def _counter(ctx) -> None:
    with ctx.write() as uow:
        save_device_kind(uow, "counter")
        uow.commit()


def _prices(ctx) -> dict[str, int]:
    with ctx.read() as uow:
        return {r.name_en: r.price_paisa for r in catalog_admin.product_rows(uow, ctx.actor)}


def test_the_back_office_of_an_unconnected_pc_has_no_note(qtbot, ctx):
    window = BackOfficeWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert not window.counter_note.isVisible()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_back_office_of_a_counter_pc_says_where_changes_are_made(qtbot, qapp, ctx, language):
    _counter(ctx)
    install_language(qapp, language)
    try:
        ctx.language = language
        window = BackOfficeWindow(ctx, section="products")
        qtbot.addWidget(window)
        window.show()
        qtbot.wait(50)
        note = window.counter_note
        assert note.isVisible()
        assert ("counter" in note.text()) == (language == "en")  # Urdu in Urdu
        # The note wraps inside the side column: none of it is cut off.
        assert note.heightForWidth(note.width()) <= note.height()
        OUT.joinpath(language).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / language / "backoffice-counter-pc.png"))
    finally:
        install_language(qapp, "en")


def test_a_price_change_on_a_counter_pc_is_refused_and_changes_nothing(qtbot, ctx):
    _counter(ctx)
    before = _prices(ctx)
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    page.view.setCurrentIndex(page.model.index(0, 0))
    dialog = page.edit_selected()
    dialog.price.setText("999")
    dialog.save()
    assert dialog.isVisible() and COUNTER_PC_REFUSES in dialog.status.text()
    assert _prices(ctx) == before
