"""Connect this PC to the server (Qt-free steps; ui/connect_dialog.py drives them).

1. The owner signs in (or signs up: the new account keeps this shop's business id).
2. Picks the outlet: a PC that already bills locally keeps its own outlet (created on
   the server with the same id and receipt prefix if it is not there yet); a fresh PC
   picks one of the server's outlets or creates one.
3. The device is registered with its own id and number (receipt numbers already
   printed stay valid) and its kind — the owner's PC (may change products, prices,
   staff and outlets) or a counter — and gets a device credential, which goes into
   the OS keyring.
4. server_url is saved. The engine then uploads the whole local history from the
   outbox (every write since day one has its outbox row) and pulls everything;
   record ids make the upload free of duplicates however often it is retried.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from dukan_protocol.devices import DEVICE_KINDS

from ..core.errors import DukanError, InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP
from ..ledger.engine import Ledger
from ..ledger.models import Business, Device, Outlet
from ..ledger.uow import UnitOfWork, _db_value
from ..services import settings, shop
from . import credentials
from .client import ApiError, AuthError, SyncClient


class ConnectFailed(DukanError):
    code = "connect_failed"
    template = QT_TRANSLATE_NOOP("errors", "Could not connect this PC: {reason}")


@dataclass
class OwnerSession:
    """An owner's short-lived access token, refreshed once when it expires."""

    client: SyncClient
    tokens: dict

    @property
    def business_id(self) -> str:
        return self.tokens["business_id"]

    def call(self, method: str, *args, **kwargs):
        try:
            return getattr(self.client, method)(self.tokens["access_token"], *args, **kwargs)
        except AuthError as exc:
            if exc.code != "token_expired":
                raise
            self.tokens = self.client.refresh(self.tokens["refresh_token"])
            return getattr(self.client, method)(self.tokens["access_token"], *args, **kwargs)

    def me(self) -> dict:
        return self.call("me")

    def devices(self) -> list[dict]:
        return self.call("list_devices")


def default_kind(session: OwnerSession, ledger: Ledger) -> str:
    """What the dialog proposes: the kind this PC already has on the server; else the
    owner's PC when the account has no other active device yet, a counter otherwise."""
    with UnitOfWork(ledger, write=False) as uow:
        this_pc = settings.get(uow, "device_id")
    try:
        devices = session.devices()
    except ApiError:
        devices = []
    mine = next((d for d in devices if d.get("device_id") == this_pc), None)
    if mine is not None and mine.get("kind") in DEVICE_KINDS:
        return mine["kind"]
    others = [d for d in devices if d.get("device_id") != this_pc and not d.get("revoked_at")]
    return "counter" if others else "owner"


def sign_in(server_url: str, identifier: str, password: str, *, transport=None) -> OwnerSession:
    client = SyncClient(server_url, transport=transport)
    try:
        return OwnerSession(client, client.login(identifier, password))
    except AuthError as exc:
        client.close()
        raise ConnectFailed(reason=exc.message or "wrong identifier or password") from exc


def sign_up(server_url: str, ledger: Ledger, *, password: str, email: str | None = None,
            phone: str | None = None, owner_name: str = "", transport=None) -> OwnerSession:
    """A new server account for this shop, keeping the business id it already uses."""
    with UnitOfWork(ledger, write=False) as uow:
        local = shop.context(uow) if shop.is_set_up(uow) else None
    client = SyncClient(server_url, transport=transport)
    tokens = client.signup(business_name=local.business_name if local else "My shop",
                           owner_name=owner_name, email=email, phone=phone, password=password,
                           business_id=local.business_id if local else None)
    return OwnerSession(client, tokens)


@dataclass(frozen=True)
class OutletChoice:
    id: str
    name: str
    code: str
    on_server: bool
    this_pc: bool            # the outlet this PC already bills for (the only choice then)


@dataclass
class ConnectResult:
    device_id: str
    device_number: int
    outlet_id: str
    business_id: str
    server_url: str
    notes: list[str] = field(default_factory=list)
    kind: str = ""


def outlet_choices(session: OwnerSession, ledger: Ledger) -> list[OutletChoice]:
    server = {o["id"]: o for o in session.call("list_outlets")}
    with UnitOfWork(ledger, write=False) as uow:
        local = shop.context(uow) if shop.is_set_up(uow) else None
    if local is not None:
        return [OutletChoice(local.outlet_id, local.outlet_name, local.outlet_code,
                             local.outlet_id in server, True)]
    return [OutletChoice(o["id"], o["name"], o["code"], True, False) for o in server.values()]


def connect(ledger: Ledger, session: OwnerSession, *, outlet_id: str | None = None,
            new_outlet: tuple[str, str] | None = None, device_name: str = "",
            kind: str | None = None) -> ConnectResult:
    """Register this PC and store its credential. `new_outlet` = (name, code) for a
    fresh PC creating an outlet; otherwise `outlet_id` from `outlet_choices`. `kind`:
    "owner" or "counter" (None: the server decides — its first device is the owner's)."""
    if kind is not None and kind not in DEVICE_KINDS:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose what this PC is."))
    credentials.check_available()  # fail before the server knows about us
    server_url = session.client.base_url
    with UnitOfWork(ledger, write=False) as uow:
        local = shop.context(uow) if shop.is_set_up(uow) else None
    notes: list[str] = []
    try:
        if local is not None:
            outlet = _ensure_local_outlet(session, ledger, local)
            device = _register(session, kind, outlet_id=outlet["id"],
                               device_id=local.device_id, number=local.device_number,
                               name=device_name or f"Counter {local.device_number}")
            if session.business_id != local.business_id:
                notes.append("joined an existing account: local records keep their ids")
        else:
            if new_outlet is not None:
                outlet = session.call("create_outlet", name=new_outlet[0], code=new_outlet[1])
            else:
                outlet = next((o for o in session.call("list_outlets") if o["id"] == outlet_id), None)
                if outlet is None:
                    raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Pick an outlet."))
            device = _register(session, kind, outlet_id=outlet["id"],
                               name=device_name or "Counter")
            _join_fresh(ledger, session, outlet, device)
    except ApiError as exc:
        raise ConnectFailed(reason=exc.message or exc.code) from exc
    credentials.store_token(ledger.path, device["device_token"])
    with UnitOfWork(ledger) as uow:
        settings.put(uow, "server_url", server_url)
        save_device_kind(uow, device.get("kind") or kind or "")
        uow.commit()
    return ConnectResult(device["device_id"], device["number"], outlet["id"],
                         device["business_id"], server_url, notes,
                         device.get("kind") or kind or "")


def _register(session: OwnerSession, kind: str | None, **body) -> dict:
    if kind is None:
        return session.call("register_device", **body)
    try:
        return session.call("register_device", kind=kind, **body)
    except ApiError as exc:
        if exc.status != 422:
            raise
        # A server from before device kinds refuses the field: it decides by itself.
        return session.call("register_device", **body)


def save_device_kind(uow: UnitOfWork, kind: str) -> None:
    """What this PC is on the server, as sync state (shown; the server enforces it)."""
    uow.conn.exec_driver_sql(
        "INSERT INTO sync_state (key, value_json, updated_at) VALUES ('device_kind', ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,"
        " updated_at = excluded.updated_at", (json.dumps(kind), _db_value(uow.now())))


def _ensure_local_outlet(session: OwnerSession, ledger: Ledger, local: shop.ShopContext) -> dict:
    server = {o["id"]: o for o in session.call("list_outlets")}
    if local.outlet_id in server:
        return server[local.outlet_id]
    clash = next((o for o in server.values() if o["code"] == local.outlet_code), None)
    if clash is not None:
        raise ConnectFailed(reason=(
            f"the account already has another outlet with the receipt prefix {local.outlet_code}; "
            "this PC's receipts would be ambiguous"))
    with UnitOfWork(ledger, write=False) as uow:
        row = uow.session.get(Outlet, local.outlet_id)
        address, phone = row.address, row.phone
    return session.call("create_outlet", id=local.outlet_id, name=local.outlet_name,
                        code=local.outlet_code, address=address, phone=phone)


def _join_fresh(ledger: Ledger, session: OwnerSession, outlet: dict, device: dict) -> None:
    """A PC that never billed: it becomes a device of the server's business; the
    catalog, workers and customers arrive with the first pull."""
    me = session.me()
    with UnitOfWork(ledger) as uow:
        now = uow.now()
        if uow.session.get(Business, device["business_id"]) is None:
            uow.session.execute(insert(Business), [dict(
                id=device["business_id"], name=me["business_name"], address="", phone="",
                ntn="", strn="", created_at=now, updated_at=now)])
        if uow.session.get(Outlet, outlet["id"]) is None:
            uow.session.execute(insert(Outlet), [dict(
                id=outlet["id"], business_id=device["business_id"], name=outlet["name"],
                code=outlet["code"], address=outlet.get("address", ""),
                phone=outlet.get("phone", ""), active=True, created_at=now, updated_at=now)])
        if uow.session.scalar(select(Device.id).where(Device.id == device["device_id"])) is None:
            uow.session.execute(insert(Device), [dict(
                id=device["device_id"], business_id=device["business_id"],
                outlet_id=outlet["id"], number=device["number"], name=device.get("name", ""),
                created_at=now)])
        for key, value in (("business_id", device["business_id"]), ("outlet_id", outlet["id"]),
                           ("device_id", device["device_id"])):
            settings.put(uow, key, value)
        uow.commit()


def is_connected(ledger: Ledger) -> bool:
    """server_url set and a credential in the keyring."""
    with UnitOfWork(ledger, write=False) as uow:
        url = settings.get(uow, "server_url")
    return bool(url) and credentials.load_token(ledger.path) is not None


def disconnect(ledger: Ledger) -> None:
    credentials.delete_token(ledger.path)
    with UnitOfWork(ledger) as uow:
        settings.put(uow, "server_url", "")
        uow.commit()
