"""Shop and device settings: JSON values by key, with defaults in one place."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..core.errors import InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.money import MoneyFormat
from ..core.permissions import Action, Actor, require
from ..ledger.models import Setting
from ..ledger.uow import UnitOfWork
from . import setting_rules

DEFAULTS: dict[str, Any] = {
    "language": "en",
    "round_off": "none",                 # or "nearest_rupee"
    "cashier_discount_limit_bp": 500,    # cashiers may give up to 5% off a bill
    # A customer added without a limit (always so at the counter) gets this one: with
    # Rs 0, anything a cashier puts on udhaar for them needs the owner's PIN.
    "default_credit_limit_paisa": 0,
    "default_tax_rate_bp": 1800,
    "default_tax_mode": "inclusive",
    "money_symbol": "Rs",
    "money_grouping": True,
    "urdu_digits": False,
    "embedded_barcode_layout": None,     # None: core.barcode.EmbeddedLayout defaults
    "receipt_header": "",
    "receipt_footer": "Thank you for shopping with us!",
    # The receipt printer (printing.printers.PrinterConfig reads its defaults from here).
    "printer.kind": "network",           # usb | network | serial | file
    "printer.address": "",               # "": no printer set up
    "printer.paper_mm": 80,              # 58 or 80
    "printer.raster_for_urdu": True,     # what text mode cannot print goes as an image
    "printer.drawer_pin": 2,             # 2, 5 or None (no cash drawer)
    "printer.auto_print": True,          # print the receipt as soon as a sale is saved
    "printer.baudrate": 9600,            # serial printers
    "printer.timeout_s": 5.0,
    "printer.check_paper": True,         # ask for paper status first where the printer can answer
    "printer.profile": "",               # python-escpos profile name, "" = generic
    "pin_max_failures": 5,
    "pin_lockout_minutes": 5,
    "backup_keep": 14,
    "server_url": "",
}

# Keys describing this PC, not the shop: set by setup/connect, never by a settings screen.
DEVICE_KEYS = ("business_id", "outlet_id", "device_id")


def get(uow: UnitOfWork, key: str) -> Any:
    return _cached(uow).get(key)


def get_all(uow: UnitOfWork) -> dict[str, Any]:
    """All settings, read once per ledger and cached: the billing path asks often.

    Only this process writes settings (through `put`, which drops the cache).
    """
    return dict(_cached(uow))


def _cached(uow: UnitOfWork) -> dict[str, Any]:
    cached = uow.ledger.cache.get("settings")
    if cached is None:
        cached = dict(DEFAULTS)
        for key, raw in uow.session.execute(select(Setting.key, Setting.value_json)):
            value = json.loads(raw)
            # A value saved before the rules existed must not break every sale.
            if key in setting_rules.RULES and not setting_rules.valid(key, value):
                continue
            cached[key] = value
        uow.ledger.cache["settings"] = cached
    return cached


def put(uow: UnitOfWork, key: str, value: Any) -> None:
    """Write one setting (no permission check: for setup and internal use)."""
    stmt = sqlite_insert(Setting).values(key=key, value_json=json.dumps(value), updated_at=uow.now())
    stmt = stmt.on_conflict_do_update(
        index_elements=[Setting.key],
        set_={"value_json": stmt.excluded.value_json, "updated_at": stmt.excluded.updated_at},
    )
    uow.session.execute(stmt)
    uow.ledger.cache.pop("settings", None)
    uow.on_rollback(lambda: uow.ledger.cache.pop("settings", None))


def owner_settings(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    """Every setting, for the owner's settings screen (the counter reads with get/get_all)."""
    require(actor, Action.MANAGE_SETTINGS)
    return get_all(uow)


def update_settings(uow: UnitOfWork, actor: Actor, changes: dict[str, Any]) -> None:
    """The owner's settings screen. Every value is checked (setting_rules) before any
    is written: one bad value and nothing changes."""
    require(actor, Action.MANAGE_SETTINGS)
    if not isinstance(changes, dict):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "There is no setting called “{key}”."), key="?")
    checked = {}
    for key, value in changes.items():
        if key in DEVICE_KEYS or not isinstance(key, str):
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "There is no setting called “{key}”."),
                               key=str(key)[:80])
        checked[key] = setting_rules.check_setting(key, value, DEFAULTS)
    for key, value in checked.items():
        put(uow, key, value)
    uow.audit(business_id=get(uow, "business_id"), worker_id=actor.worker_id,
              action="settings.update", entity="settings", entity_id=None, keys=sorted(changes))


def money_format(uow: UnitOfWork) -> MoneyFormat:
    values = get_all(uow)
    return MoneyFormat(symbol=values["money_symbol"], grouping=values["money_grouping"],
                       urdu_digits=values["urdu_digits"])
