"""The owner's PIN at the counter: asked for what the bill is now, asked again when the
bill changes after an approval, never taken twice; with two owners the PIN dialog asks
which one approves (a wrong PIN counts against that owner only)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from dukan_desktop.core.permissions import Role
from dukan_desktop.ledger.models import Approval, ApprovalUse, LoginState
from dukan_desktop.services import workers
from dukan_desktop.ui import owner_pin
from dukan_desktop.ui.billing import window as billing_window

from .conftest import in_modal, log_in, press, save_shot, type_into_focus
from .test_billing import barcode, last_sale, scan


class Owner:
    """Stands in for the owner at the PIN dialog: types the queued PINs, counts prompts."""

    def __init__(self, monkeypatch) -> None:
        self.pins: list[tuple[str, int]] = []  # (PIN, which owner in the picker)
        self.prompts: list[str] = []           # the action each prompt was for
        self.pickers_shown: list[bool] = []
        owner = self

        def exec_(dialog) -> int:
            owner.prompts.append(dialog.action.value)
            owner.pickers_shown.append(dialog.owner.isVisibleTo(dialog))
            while owner.pins:
                pin, index = owner.pins.pop(0)
                dialog.owner.setCurrentIndex(index)
                dialog.pin.setText(pin)
                dialog._approve()
                if dialog.result() == QDialog.DialogCode.Accepted:
                    return QDialog.DialogCode.Accepted
            return QDialog.DialogCode.Rejected

        monkeypatch.setattr(owner_pin.OwnerPinDialog, "exec", exec_)

    def will_type(self, *pins: str, owner: int = 0) -> None:
        self.pins += [(p, owner) for p in pins]


@pytest.fixture
def owner(monkeypatch):
    return Owner(monkeypatch)


@pytest.fixture
def typed(monkeypatch):
    """What the cashier types into the next value prompts (price, discount ...)."""
    values: list = []
    monkeypatch.setattr(billing_window, "ask_value", lambda *a, **k: values.pop(0))
    return values


def _count(shop, model) -> int:
    with shop.uow(False) as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def _pay_exact(qtbot, window) -> None:
    in_modal(lambda d: type_into_focus(qtbot, d, ""))
    press(qtbot, window, Qt.Key.Key_F12)


def test_changing_another_price_after_an_approval_asks_again(qtbot, counter, shop, owner, typed):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, barcode(shop, "milk"))
    scan(qtbot, window, barcode(shop, "soap"))          # the soap line is selected
    owner.will_type("1234")
    typed.append(14_000)
    press(qtbot, window, Qt.Key.Key_F6)                   # soap at Rs 140: the owner approves
    assert owner.prompts == ["price_override"]
    qtbot.keyClick(window.scan, Qt.Key.Key_Up)            # the milk line
    owner.will_type("1234")
    typed.append(20_000)
    press(qtbot, window, Qt.Key.Key_F6)                   # and milk at Rs 200: asked again
    assert owner.prompts == ["price_override"] * 2
    _pay_exact(qtbot, window)
    sale = last_sale(shop)
    assert sale is not None and "price_override" in sale.flags
    assert [ln["unit_price_paisa"] for ln in sale.lines] == [20_000, 14_000]
    assert owner.prompts == ["price_override"] * 2        # nothing more at the tender
    assert owner.pickers_shown == [False, False]          # one owner: no question which
    assert (_count(shop, Approval), _count(shop, ApprovalUse)) == (2, 1)


def test_raising_an_approved_discount_asks_again(qtbot, counter, shop, owner, typed):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, f"2*{barcode(shop, 'milk')}")    # Rs 440
    owner.will_type("1234")
    typed.append(5_000)
    press(qtbot, window, Qt.Key.Key_F7)                   # Rs 50 off: above the 5 % limit
    owner.will_type("1234")
    typed.append(6_000)
    press(qtbot, window, Qt.Key.Key_F7)                   # Rs 60 off: the Rs 50 approval no longer fits
    assert owner.prompts == ["discount_above_limit"] * 2
    _pay_exact(qtbot, window)
    sale = last_sale(shop)
    assert sale is not None and sale.discount_paisa == 6_000
    assert owner.prompts == ["discount_above_limit"] * 2


def test_not_approving_the_new_discount_undoes_it(qtbot, counter, shop, owner, typed):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, f"2*{barcode(shop, 'milk')}")
    owner.will_type("1234")
    typed.append(5_000)
    press(qtbot, window, Qt.Key.Key_F7)
    typed.append(6_000)                                    # no PIN this time
    press(qtbot, window, Qt.Key.Key_F7)
    assert window.cart.bill_discount_paisa == 5_000 and "undone" in window.message.text()


def test_a_plain_item_after_an_approved_price_needs_no_new_pin(qtbot, counter, shop, owner, typed):
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, barcode(shop, "milk"))
    owner.will_type("1234")
    typed.append(20_000)
    press(qtbot, window, Qt.Key.Key_F6)
    scan(qtbot, window, barcode(shop, "eggs"))
    _pay_exact(qtbot, window)
    sale = last_sale(shop)
    assert sale is not None and sale.total_paisa == 20_000 + 36_000
    assert owner.prompts == ["price_override"]


def test_the_next_bill_needs_its_own_pin(qtbot, counter, shop, owner, typed):
    window = log_in(qtbot, counter, "cashier")
    for _ in range(2):
        scan(qtbot, window, barcode(shop, "milk"))
        owner.will_type("1234")
        typed.append(20_000)
        press(qtbot, window, Qt.Key.Key_F6)
        _pay_exact(qtbot, window)
    assert owner.prompts == ["price_override"] * 2
    assert (_count(shop, Approval), _count(shop, ApprovalUse)) == (2, 2)


def test_with_two_owners_the_dialog_asks_which_and_counts_against_that_one(qtbot, counter, shop, owner,
                                                                           typed):
    with shop.uow() as uow:
        partner = workers.create_worker(uow, shop.owner, name="Kamran", pin="9753", role=Role.OWNER)
        uow.commit()
    window = log_in(qtbot, counter, "cashier")
    scan(qtbot, window, barcode(shop, "milk"))
    with shop.uow(False) as uow:
        names = [w.name for w in workers.approvers(uow)]
    kamran = names.index("Kamran")
    owner.will_type("1111", "2222", owner=kamran)          # wrong twice, then nobody approves
    typed.append(20_000)
    press(qtbot, window, Qt.Key.Key_F6)
    assert owner.pickers_shown == [True]
    assert window.cart.lines[0].unit_price_paisa is None   # not approved: undone
    with shop.uow(False) as uow:
        assert uow.session.get(LoginState, partner).failed_count == 2
        assert uow.session.get(LoginState, shop.owner.worker_id) is None


@pytest.mark.parametrize("language", ["en", "ur"])
def test_owner_pin_dialog_screens(qtbot, shop, language):
    """The PIN dialog with its owner picker, in English and Urdu (look at them)."""
    from dukan_desktop.core.permissions import Action
    from dukan_desktop.ui import app as counter_app
    from dukan_desktop.ui import i18n
    from dukan_desktop.ui.worker import cancel_all

    with shop.uow() as uow:
        workers.create_worker(uow, shop.owner, name="Kamran", pin="9753", role=Role.OWNER)
        uow.commit()
    qapp = counter_app.ensure_application()
    controller = counter_app.CounterApp(qapp, shop.ledger, language)
    controller.start()
    try:
        window = log_in(qtbot, controller, "cashier")
        dialog = owner_pin.OwnerPinDialog(window.session, Action.DISCOUNT_ABOVE_LIMIT, "0" * 64, window)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.owner.isVisibleTo(dialog) and dialog.owner.count() == 2
        assert dialog.isRightToLeft() is (language == "ur")
        save_shot(dialog, language, "owner-pin-two-owners")
        dialog.close()
    finally:
        controller.shutdown()
        cancel_all()
        i18n.install_language(qapp, "en")
