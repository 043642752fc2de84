"""The logged-in counter: ledger, who is working, where, and how money is shown.

Screens get one of these instead of globals. It only opens units of work and
remembers plain data; every rule lives in the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.money import DEFAULT_FORMAT, MoneyFormat, format_money
from ..core.permissions import Action, Actor, allowed
from ..core.quantity import format_quantity
from ..ledger.engine import Ledger
from ..ledger.uow import UnitOfWork
from ..services import settings, shifts
from ..services.shop import ShopContext
from .sync_status import SyncStatus


@dataclass
class CounterSession:
    ledger: Ledger
    ctx: ShopContext
    actor: Actor
    language: str = "en"
    money_format: MoneyFormat = DEFAULT_FORMAT
    sync_status: SyncStatus | None = None
    shift_id: str | None = None
    # An open shift on this PC that is not this cashier's (they forgot to close it): the
    # cashier still sells, outside any shift, and is told so.
    other_shift: shifts.ShiftView | None = None
    extras: dict = field(default_factory=dict)

    def read(self) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=False)

    def write(self) -> UnitOfWork:
        return UnitOfWork(self.ledger, write=True)

    def money(self, paisa: int) -> str:
        return format_money(paisa, self.money_format)

    def qty(self, milli: int, unit: str) -> str:
        return format_quantity(milli, unit)

    def may(self, action: Action) -> bool:
        """For showing or hiding things only: the services enforce the rule."""
        return allowed(self.actor.role, action)

    def refresh(self) -> None:
        """Re-read what the status bar and formatter depend on."""
        with self.read() as uow:
            self.money_format = settings.money_format(uow)
            shift = shifts.current_shift(uow)
        mine = shift is not None and (self.actor.is_owner or shift.worker_id == self.actor.worker_id)
        self.shift_id = shift.id if mine else None
        self.other_shift = shift if shift is not None and not mine else None
