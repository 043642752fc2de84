"""Held bills: park a cart and serve the next customer, recall it later."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime

from sqlalchemy import delete, select

from ..core.checks import check_text
from ..core.errors import NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.permissions import Action, Actor, require
from ..ledger.models import HeldBill
from ..ledger.uow import UnitOfWork
from . import settings
from .sales import Cart, CartLine, quote

_LINE_FIELDS = frozenset(f.name for f in fields(CartLine))


@dataclass(frozen=True, slots=True)
class HeldBillView:
    id: str
    label: str
    total_paisa: int
    created_at: datetime
    customer_id: str | None
    line_count: int


def hold_bill(uow: UnitOfWork, actor: Actor, cart: Cart, label: str = "") -> str:
    outlet_id = settings.get(uow, "outlet_id")
    require(actor, Action.HOLD_BILL, outlet_id=outlet_id)
    total = quote(uow, cart).total_paisa  # also validates the cart
    label = check_text(label, max_length=100)
    held_id = new_id()
    uow.session.add(HeldBill(
        id=held_id, outlet_id=outlet_id, worker_id=actor.worker_id, customer_id=cart.customer_id,
        label=label.strip(), total_paisa=total, created_at=uow.now(),
        cart_json=json.dumps({"lines": [asdict(ln) for ln in cart.lines],
                              "customer_id": cart.customer_id,
                              "bill_discount_paisa": cart.bill_discount_paisa, "note": cart.note})))
    return held_id


def list_held(uow: UnitOfWork, actor: Actor) -> list[HeldBillView]:
    outlet_id = settings.get(uow, "outlet_id")
    require(actor, Action.HOLD_BILL, outlet_id=outlet_id)
    rows = uow.session.scalars(select(HeldBill).where(HeldBill.outlet_id == outlet_id)
                               .order_by(HeldBill.created_at)).all()
    return [HeldBillView(h.id, h.label, h.total_paisa, h.created_at, h.customer_id,
                         len(json.loads(h.cart_json)["lines"])) for h in rows]


def recall_bill(uow: UnitOfWork, actor: Actor, held_id: str) -> Cart:
    outlet_id = settings.get(uow, "outlet_id")
    require(actor, Action.HOLD_BILL, outlet_id=outlet_id)
    h = uow.session.get(HeldBill, held_id)
    if h is None or h.outlet_id != outlet_id:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "That held bill is gone (recalled already?)."))
    data = json.loads(h.cart_json)
    uow.session.execute(delete(HeldBill).where(HeldBill.id == held_id))
    # Only the fields a line has now: a bill held by an older version may carry more
    # (its "embedded_price" claim is not taken: the service reads price labels itself).
    return Cart(tuple(CartLine(**{k: v for k, v in ln.items() if k in _LINE_FIELDS})
                      for ln in data["lines"]), data["customer_id"],
                data["bill_discount_paisa"], data["note"])
