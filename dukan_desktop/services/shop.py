"""The shop this PC serves: first-run setup, outlets, and this device's context."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ..core.checks import check_bool, check_text
from ..core.errors import InvalidInput, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.permissions import Action, Actor, Role, require
from ..ledger.models import Business, Device, Outlet
from ..ledger.uow import UnitOfWork
from . import setting_rules, settings
from .workers import hash_pin, outbox_worker


@dataclass(frozen=True, slots=True)
class ShopContext:
    business_id: str
    business_name: str
    outlet_id: str
    outlet_name: str
    outlet_code: str
    device_id: str
    device_number: int


@dataclass(frozen=True, slots=True)
class OutletInfo:
    id: str
    name: str
    code: str
    address: str
    phone: str
    active: bool


class NotSetUp(NotFound):
    code = "not_set_up"
    template = QT_TRANSLATE_NOOP("errors", "This PC has not been set up yet.")


def is_set_up(uow: UnitOfWork) -> bool:
    return settings.get(uow, "device_id") is not None


def context(uow: UnitOfWork) -> ShopContext:
    device_id = settings.get(uow, "device_id")
    if device_id is None:
        raise NotSetUp()
    row = uow.session.execute(
        select(Business.id, Business.name, Outlet.id, Outlet.name, Outlet.code, Device.id, Device.number)
        .join(Outlet, Outlet.id == Device.outlet_id)
        .join(Business, Business.id == Device.business_id)
        .where(Device.id == device_id)
    ).one()
    return ShopContext(*row)


def _check_code(code: str) -> str:
    code = code.strip().upper() if isinstance(code, str) else ""
    if not code or len(code) > 12 or not code.replace("_", "").isalnum():
        raise InvalidInput(QT_TRANSLATE_NOOP(
            "errors", "The receipt prefix must be 1–12 letters or digits, like GUL or SHOP1."))
    return code


def setup_shop(uow: UnitOfWork, *, shop_name: str, outlet_name: str, outlet_code: str,
               owner_name: str, owner_pin: str, address: str = "", phone: str = "",
               language: str = "en") -> tuple[ShopContext, str]:
    """First run: business, first outlet, this device (no. 1) and the owner. Returns (context, owner id)."""
    if is_set_up(uow):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "This PC is already set up."))
    shop_name = check_text(shop_name, max_length=200, required=QT_TRANSLATE_NOOP("errors", "Enter the shop's name."))
    owner_name = check_text(owner_name, max_length=100, required=QT_TRANSLATE_NOOP("errors", "Enter the owner's name."))
    address, phone = check_text(address), check_text(phone, max_length=40)
    language = setting_rules.check_setting("language", language, settings.DEFAULTS)
    now = uow.now()
    business_id, outlet_id, device_id, owner_id = new_id(), new_id(), new_id(), new_id()
    uow.session.execute(insert(Business), [dict(
        id=business_id, name=shop_name.strip(), address=address, phone=phone, ntn="", strn="",
        created_at=now, updated_at=now)])
    _insert_outlet(uow, business_id, outlet_id, outlet_name, outlet_code, address, phone)
    uow.session.execute(insert(Device), [dict(
        id=device_id, business_id=business_id, outlet_id=outlet_id, number=1,
        name="Counter 1", created_at=now)])
    for key, value in (("business_id", business_id), ("outlet_id", outlet_id),
                       ("device_id", device_id), ("language", language)):
        settings.put(uow, key, value)
    from ..ledger.models import Worker

    uow.session.execute(insert(Worker), [dict(
        id=owner_id, business_id=business_id, name=owner_name.strip(), phone=phone,
        role=Role.OWNER.value, outlet_id=None, pin_hash=hash_pin(owner_pin), active=True,
        created_at=now, updated_at=now)])
    outbox_worker(uow, owner_id)
    uow.audit(business_id=business_id, worker_id=owner_id, action="shop.setup",
              entity="business", entity_id=business_id, outlet_id=outlet_id)
    return context(uow), owner_id


def _insert_outlet(uow, business_id, outlet_id, name, code, address="", phone="") -> None:
    name = check_text(name, max_length=200, required=QT_TRANSLATE_NOOP("errors", "Enter the outlet's name."))
    address, phone = check_text(address), check_text(phone, max_length=40)
    code = _check_code(code)
    taken = uow.session.scalar(select(func.count()).select_from(Outlet).where(Outlet.code == code))
    if taken:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Another outlet already uses the prefix {code}."),
                           code=code)
    now = uow.now()
    uow.session.execute(insert(Outlet), [dict(
        id=outlet_id, business_id=business_id, name=name.strip(), code=code, address=address,
        phone=phone, active=True, created_at=now, updated_at=now)])
    _outbox_outlet(uow, outlet_id)


def _outbox_outlet(uow: UnitOfWork, outlet_id: str) -> None:
    o = uow.session.get(Outlet, outlet_id)
    uow.outbox("outlet", new_id(), dict(id=o.id, name=o.name, code=o.code, address=o.address,
                                        phone=o.phone, active=o.active, updated_at=o.updated_at))


def create_outlet(uow: UnitOfWork, actor: Actor, *, name: str, code: str,
                  address: str = "", phone: str = "") -> str:
    require(actor, Action.MANAGE_OUTLETS)
    ctx = context(uow)
    outlet_id = new_id()
    _insert_outlet(uow, ctx.business_id, outlet_id, name, code, address, phone)
    uow.audit(business_id=ctx.business_id, worker_id=actor.worker_id, action="outlet.create",
              entity="outlet", entity_id=outlet_id, code=code)
    return outlet_id


def update_outlet(uow: UnitOfWork, actor: Actor, outlet_id: str, *, name: str | None = None,
                  address: str | None = None, phone: str | None = None,
                  active: bool | None = None) -> None:
    """The receipt prefix never changes: receipt numbers already issued carry it."""
    require(actor, Action.MANAGE_OUTLETS)
    outlet = uow.session.get(Outlet, outlet_id) if isinstance(outlet_id, str) else None
    if outlet is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such outlet."))
    changes = dict(
        name=None if name is None else check_text(
            name, max_length=200, required=QT_TRANSLATE_NOOP("errors", "Enter the outlet's name.")),
        address=None if address is None else check_text(address),
        phone=None if phone is None else check_text(phone, max_length=40),
        active=None if active is None else check_bool(active))
    for field, value in changes.items():
        if value is not None:
            setattr(outlet, field, value)
    outlet.updated_at = uow.now()
    uow.session.flush()
    _outbox_outlet(uow, outlet_id)
    uow.audit(business_id=outlet.business_id, worker_id=actor.worker_id, action="outlet.update",
              entity="outlet", entity_id=outlet_id)


def list_outlets(uow: UnitOfWork) -> list[OutletInfo]:
    rows = uow.session.scalars(select(Outlet).order_by(Outlet.created_at)).all()
    return [OutletInfo(o.id, o.name, o.code, o.address, o.phone, o.active) for o in rows]


def owner_outlets(uow: UnitOfWork, actor: Actor) -> list[OutletInfo]:
    """Every outlet with its details, for the owner's screens (the back office)."""
    require(actor, Action.MANAGE_OUTLETS)
    return list_outlets(uow)


def update_business(uow: UnitOfWork, actor: Actor, **fields: str) -> None:
    require(actor, Action.MANAGE_SETTINGS)
    ctx = context(uow)
    business = uow.session.get(Business, ctx.business_id)
    unknown = set(fields) - {"name", "address", "phone", "ntn", "strn"}
    if unknown:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "There is no setting called “{key}”."),
                           key=sorted(unknown)[0])
    checked = {key: check_text(value, required=QT_TRANSLATE_NOOP("errors", "Enter the shop's name.")
                               if key == "name" else None)
               for key, value in fields.items() if value is not None}
    for key, value in checked.items():
        setattr(business, key, value)
    business.updated_at = uow.now()
    uow.audit(business_id=ctx.business_id, worker_id=actor.worker_id, action="business.update",
              entity="business", entity_id=ctx.business_id, fields=sorted(fields))


def business_profile(uow: UnitOfWork) -> dict[str, str]:
    ctx = context(uow)
    b = uow.session.get(Business, ctx.business_id)
    return dict(name=b.name, address=b.address, phone=b.phone, ntn=b.ntn, strn=b.strn)


def owner_profile(uow: UnitOfWork, actor: Actor) -> dict[str, str]:
    """The shop profile for the owner's settings screen (receipts use business_profile)."""
    require(actor, Action.MANAGE_SETTINGS)
    return business_profile(uow)
