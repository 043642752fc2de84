"""Shifts: open with a float, cash in/out, close with a count; Z-report data.

Expected cash = float + cash taken on sales (net of change) + cash udhaar payments
+ cash in − cash out − cash refunds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, insert, select

from ..core.checks import check_text
from ..core.errors import InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import derived_id, new_id
from ..core.money import check_paisa
from ..core.permissions import Action, Actor, require
from ..ledger.models import (
    CashMovement,
    CustomerPayment,
    Return,
    ReturnRefund,
    Sale,
    SaleTender,
    Shift,
    ShiftClose,
    Worker,
)
from ..ledger.uow import UnitOfWork
from . import settings


@dataclass(frozen=True, slots=True)
class ShiftView:
    id: str
    worker_id: str
    outlet_id: str
    opened_at: datetime
    opening_float_paisa: int


@dataclass(frozen=True, slots=True)
class ZReport:
    shift_id: str
    outlet_id: str
    worker_name: str
    opened_at: datetime
    closed_at: datetime | None
    opening_float_paisa: int
    sales_count: int
    sales_total_paisa: int
    tax_paisa: int
    discounts_paisa: int
    by_tender: dict[str, int] = field(default_factory=dict)
    returns_count: int = 0
    returns_total_paisa: int = 0
    cash_refunds_paisa: int = 0
    credit_payments_cash_paisa: int = 0
    credit_payments_other_paisa: int = 0
    cash_in_paisa: int = 0
    cash_out_paisa: int = 0
    expected_cash_paisa: int = 0
    counted_cash_paisa: int | None = None
    difference_paisa: int | None = None


def current_shift(uow: UnitOfWork) -> ShiftView | None:
    """This PC's open shift, if any."""
    device_id = settings.get(uow, "device_id")
    s = uow.session.scalar(
        select(Shift).outerjoin(ShiftClose, ShiftClose.shift_id == Shift.id)
        .where(Shift.device_id == device_id, ShiftClose.id.is_(None))
        .order_by(Shift.opened_at.desc()).limit(1))
    return None if s is None else ShiftView(s.id, s.worker_id, s.outlet_id, s.opened_at,
                                            s.opening_float_paisa)


def open_shift(uow: UnitOfWork, actor: Actor, opening_float_paisa: int) -> str:
    outlet_id, device_id, business_id = (settings.get(uow, k) for k in ("outlet_id", "device_id", "business_id"))
    require(actor, Action.MANAGE_OWN_SHIFT, outlet_id=outlet_id)
    check_paisa(opening_float_paisa)
    if current_shift(uow) is not None:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "A shift is already open on this PC. Close it first."))
    shift_id, now = new_id(), uow.now()
    row = dict(id=shift_id, business_id=business_id, outlet_id=outlet_id, device_id=device_id,
               worker_id=actor.worker_id, opening_float_paisa=opening_float_paisa, opened_at=now)
    uow.session.execute(insert(Shift), [row])
    uow.outbox("shift_open", shift_id, {k: v for k, v in row.items() if k != "business_id"})
    return shift_id


def _shift(uow: UnitOfWork, actor: Actor, shift_id: str, *, own: bool = True) -> Shift:
    s = uow.session.get(Shift, shift_id) if isinstance(shift_id, str) else None
    if s is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such shift."))
    require(actor, Action.MANAGE_OWN_SHIFT, outlet_id=s.outlet_id)
    if own and not actor.is_owner and s.worker_id != actor.worker_id:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "This is another cashier's shift."))
    return s


def _closed(uow: UnitOfWork, shift_id: str) -> ShiftClose | None:
    return uow.session.scalar(select(ShiftClose).where(ShiftClose.shift_id == shift_id))


_SHIFT_SQL = (
    "SELECT s.worker_id, s.outlet_id, s.device_id, c.id FROM shifts s "
    "LEFT JOIN shift_closes c ON c.shift_id = s.id WHERE s.id = ?")


def check_shift(uow: UnitOfWork, actor: Actor, shift_id: str | None) -> None:
    """What a sale, return, payment or cash movement may be booked to: no shift, or an
    open shift on this PC that is the actor's own (an owner may use any open one here).

    A closed shift's Z report never changes afterwards; a made-up id is a NotFound.
    """
    if shift_id is None:
        return
    found = uow.sql(_SHIFT_SQL, (shift_id,)) if isinstance(shift_id, str) else []
    if not found:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such shift."))
    worker_id, outlet_id, device_id, closed = found[0]
    if device_id != settings.get(uow, "device_id") or outlet_id != settings.get(uow, "outlet_id"):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "That shift is not open on this PC."))
    if closed is not None:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "This shift is closed."))
    if not actor.is_owner and worker_id != actor.worker_id:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "This is another cashier's shift."))


def cash_movement(uow: UnitOfWork, actor: Actor, shift_id: str, kind: str, amount_paisa: int,
                  reason: str) -> str:
    s = _shift(uow, actor, shift_id)
    check_shift(uow, actor, shift_id)
    if kind not in ("in", "out"):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Cash goes in or out."))
    check_paisa(amount_paisa, allow_zero=False)
    reason = check_text(reason, required=QT_TRANSLATE_NOOP("errors", "Give a reason for the cash movement."))
    movement_id = new_id()
    row = dict(id=movement_id, business_id=s.business_id, outlet_id=s.outlet_id, shift_id=shift_id,
               kind=kind, amount_paisa=amount_paisa, reason=reason,
               worker_id=actor.worker_id, created_at=uow.now())
    uow.session.execute(insert(CashMovement), [row])
    uow.outbox("cash_movement", movement_id, {k: v for k, v in row.items() if k != "business_id"})
    return movement_id


def _report(uow: UnitOfWork, s: Shift, close: ShiftClose | None) -> ZReport:
    sess = uow.session
    count, total, tax, disc = sess.execute(
        select(func.count(), func.coalesce(func.sum(Sale.total_paisa), 0),
               func.coalesce(func.sum(Sale.tax_paisa), 0),
               func.coalesce(func.sum(Sale.discount_paisa), 0))
        .where(Sale.shift_id == s.id)).one()
    by_tender = dict(sess.execute(
        select(SaleTender.method, func.sum(SaleTender.amount_paisa))
        .join(Sale, Sale.id == SaleTender.sale_id).where(Sale.shift_id == s.id)
        .group_by(SaleTender.method)).all())
    r_count, r_total = sess.execute(
        select(func.count(), func.coalesce(func.sum(Return.total_paisa), 0))
        .where(Return.shift_id == s.id)).one()
    cash_refunds = sess.scalar(
        select(func.coalesce(func.sum(ReturnRefund.amount_paisa), 0))
        .join(Return, Return.id == ReturnRefund.return_id)
        .where(Return.shift_id == s.id, ReturnRefund.method == "cash"))
    pay = dict(sess.execute(
        select(CustomerPayment.method == "cash", func.sum(CustomerPayment.amount_paisa))
        .where(CustomerPayment.shift_id == s.id).group_by(CustomerPayment.method == "cash")).all())
    moves = dict(sess.execute(
        select(CashMovement.kind, func.sum(CashMovement.amount_paisa))
        .where(CashMovement.shift_id == s.id).group_by(CashMovement.kind)).all())
    pay_cash, pay_other = pay.get(True, 0) or 0, pay.get(False, 0) or 0
    expected = (s.opening_float_paisa + by_tender.get("cash", 0) + pay_cash
                + moves.get("in", 0) - moves.get("out", 0) - cash_refunds)
    worker = sess.get(Worker, s.worker_id)
    return ZReport(
        shift_id=s.id, outlet_id=s.outlet_id, worker_name=worker.name if worker else "",
        opened_at=s.opened_at, closed_at=close.closed_at if close else None,
        opening_float_paisa=s.opening_float_paisa, sales_count=count, sales_total_paisa=total,
        tax_paisa=tax, discounts_paisa=disc, by_tender=by_tender, returns_count=r_count,
        returns_total_paisa=r_total, cash_refunds_paisa=cash_refunds,
        credit_payments_cash_paisa=pay_cash, credit_payments_other_paisa=pay_other,
        cash_in_paisa=moves.get("in", 0), cash_out_paisa=moves.get("out", 0),
        expected_cash_paisa=expected,
        counted_cash_paisa=close.counted_cash_paisa if close else None,
        difference_paisa=(close.counted_cash_paisa - expected) if close else None)


def z_report(uow: UnitOfWork, actor: Actor, shift_id: str) -> ZReport:
    s = _shift(uow, actor, shift_id, own=False)
    return _report(uow, s, _closed(uow, shift_id))


def close_shift(uow: UnitOfWork, actor: Actor, shift_id: str, counted_cash_paisa: int,
                note: str = "") -> ZReport:
    s = _shift(uow, actor, shift_id)
    if _closed(uow, shift_id):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "This shift is already closed."))
    check_paisa(counted_cash_paisa)
    note = check_text(note)
    expected = _report(uow, s, None).expected_cash_paisa
    close_id, now = derived_id(shift_id, "close", 0), uow.now()
    row = dict(id=close_id, shift_id=shift_id, closed_by=actor.worker_id,
               expected_cash_paisa=expected, counted_cash_paisa=counted_cash_paisa,
               note=note, closed_at=now)
    uow.session.execute(insert(ShiftClose), [row])
    uow.outbox("shift_close", close_id, row)
    return _report(uow, s, _closed(uow, shift_id))


def shift_history(uow: UnitOfWork, actor: Actor, *, limit: int = 200,
                  opened_from: datetime | None = None, opened_before: datetime | None = None,
                  outlet_id: str | None = None) -> list[ZReport]:
    """Z reports, newest first: the range and outlet are applied before the limit (the
    last `limit` shifts of that range, not the range within the last `limit` shifts)."""
    require(actor, Action.VIEW_REPORTS)
    q = select(Shift).order_by(Shift.opened_at.desc())
    if opened_from is not None:
        q = q.where(Shift.opened_at >= opened_from)
    if opened_before is not None:
        q = q.where(Shift.opened_at < opened_before)
    if outlet_id is not None:
        q = q.where(Shift.outlet_id == outlet_id)
    shifts = uow.session.scalars(q.limit(limit)).all()
    return [_report(uow, s, _closed(uow, s.id)) for s in shifts]
