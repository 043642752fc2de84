"""Workers: owner and cashiers, PIN login with lockout, owner approvals on the spot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select

from ..core.checks import check_bool, check_text
from ..core.errors import AuthFailed, InvalidInput, LockedOut, NotFound
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.ids import new_id
from ..core.permissions import APPROVABLE, Action, Actor, Approval, Role, require
from ..ledger.models import Approval as ApprovalRow
from ..ledger.models import LoginState, Outlet, Worker
from ..ledger.uow import UnitOfWork
from . import settings
from .approvals import VALID_FOR

# argon2id sized for a counter PC: ~15 ms a check. A PIN has little entropy; what
# protects it is the lockout, and the hash keeps it from being read off a stolen disk.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    id: str
    name: str
    role: str
    outlet_id: str | None
    phone: str
    active: bool


def _check_pin(pin: str) -> str:
    pin = pin.strip() if isinstance(pin, str) else ""
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "A PIN is 4 to 8 digits."))
    return pin


def hash_pin(pin: str) -> str:
    return _hasher.hash(_check_pin(pin))


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def outbox_worker(uow: UnitOfWork, worker_id: str) -> None:
    w = uow.session.get(Worker, worker_id)
    uow.session.refresh(w)
    uow.outbox("worker", new_id(), dict(
        id=w.id, name=w.name, phone=w.phone, role=w.role, outlet_id=w.outlet_id,
        pin_hash=w.pin_hash, active=w.active, updated_at=w.updated_at))


def _info(w: Worker) -> WorkerInfo:
    return WorkerInfo(w.id, w.name, w.role, w.outlet_id, w.phone, w.active)


def list_workers(uow: UnitOfWork, *, outlet_id: str | None = None,
                 active_only: bool = True) -> list[WorkerInfo]:
    """Who can log in at an outlet: its cashiers and every owner."""
    q = select(Worker).order_by(Worker.role.desc(), Worker.name)
    if active_only:
        q = q.where(Worker.active.is_(True))
    if outlet_id is not None:
        q = q.where((Worker.outlet_id == outlet_id) | (Worker.role == Role.OWNER.value))
    return [_info(w) for w in uow.session.scalars(q)]


def list_staff(uow: UnitOfWork, actor: Actor) -> list[WorkerInfo]:
    """Everyone, active or not, for the owner's staff screen (the login list is list_workers)."""
    require(actor, Action.MANAGE_WORKERS)
    return list_workers(uow, active_only=False)


_NAME_REQUIRED = QT_TRANSLATE_NOOP("errors", "Enter the worker's name.")


def _check_outlet(uow: UnitOfWork, outlet_id: object) -> str:
    if not isinstance(outlet_id, str) or uow.session.get(Outlet, outlet_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such outlet."))
    return outlet_id


def create_worker(uow: UnitOfWork, actor: Actor, *, name: str, pin: str, role: Role = Role.CASHIER,
                  outlet_id: str | None = None, phone: str = "") -> str:
    require(actor, Action.MANAGE_WORKERS)
    name = check_text(name, max_length=100, required=_NAME_REQUIRED)
    phone = check_text(phone, max_length=40)
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "A worker is an owner or a cashier.")) from None
    if role == Role.CASHIER and outlet_id is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose the outlet this cashier works at."))
    if role == Role.CASHIER:
        _check_outlet(uow, outlet_id)
    now = uow.now()
    worker_id = new_id()
    uow.session.execute(insert(Worker), [dict(
        id=worker_id, business_id=settings.get(uow, "business_id"), name=name, phone=phone,
        role=role.value, outlet_id=outlet_id if role == Role.CASHIER else None,
        pin_hash=hash_pin(pin), active=True, created_at=now, updated_at=now)])
    outbox_worker(uow, worker_id)
    uow.audit(business_id=settings.get(uow, "business_id"), worker_id=actor.worker_id,
              action="worker.create", entity="worker", entity_id=worker_id, role=str(role))
    return worker_id


def update_worker(uow: UnitOfWork, actor: Actor, worker_id: str, *, name: str | None = None,
                  phone: str | None = None, outlet_id: str | None = None,
                  active: bool | None = None, pin: str | None = None) -> None:
    """Rename, reassign, deactivate, or reset the PIN of a worker (owner only)."""
    require(actor, Action.MANAGE_WORKERS)
    w = uow.session.get(Worker, worker_id) if isinstance(worker_id, str) else None
    if w is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such worker."))
    # Everything is checked before anything changes.
    name = None if name is None else check_text(name, max_length=100, required=_NAME_REQUIRED)
    phone = None if phone is None else check_text(phone, max_length=40)
    active = None if active is None else check_bool(active)
    if outlet_id is not None and w.role == Role.CASHIER.value:
        _check_outlet(uow, outlet_id)
    pin_hash = None if pin is None else hash_pin(pin)
    if active is False and w.id == actor.worker_id:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "You cannot deactivate yourself."))
    if name is not None:
        w.name = name
    if phone is not None:
        w.phone = phone
    if outlet_id is not None and w.role == Role.CASHIER.value:
        w.outlet_id = outlet_id
    if active is not None:
        w.active = active
    if pin_hash is not None:
        w.pin_hash = pin_hash
        state = uow.session.get(LoginState, worker_id)
        if state is not None:
            state.failed_count, state.locked_until = 0, None
    w.updated_at = uow.now()
    uow.session.flush()
    outbox_worker(uow, worker_id)
    uow.audit(business_id=w.business_id, worker_id=actor.worker_id, action="worker.update",
              entity="worker", entity_id=worker_id, pin_reset=pin is not None,
              active=active, outlet_id=outlet_id)


def _register_failure(uow: UnitOfWork, worker_id: str) -> LockedOut | None:
    state = uow.session.get(LoginState, worker_id)
    if state is None:
        state = LoginState(worker_id=worker_id, failed_count=0, locked_until=None)
        uow.session.add(state)
    state.failed_count += 1
    max_failures = int(settings.get(uow, "pin_max_failures"))
    if state.failed_count % max_failures == 0:
        # Each further round of failures doubles the wait.
        rounds = state.failed_count // max_failures
        minutes = int(settings.get(uow, "pin_lockout_minutes")) * 2 ** (rounds - 1)
        state.locked_until = uow.now() + timedelta(minutes=minutes)
        return LockedOut(minutes=minutes)
    return None


def _check_lock(uow: UnitOfWork, worker_id: str) -> None:
    state = uow.session.get(LoginState, worker_id)
    if state and state.locked_until and state.locked_until > uow.now():
        minutes = max(1, -(-int((state.locked_until - uow.now()).total_seconds()) // 60))
        raise LockedOut(minutes=minutes)


def _own_unit_of_work(uow: UnitOfWork, what: str) -> None:
    """login() and approve() commit: a wrong PIN must stay counted although they raise.
    So they take a unit of work of their own and refuse one that already holds work,
    which they would otherwise commit behind the caller's back."""
    if not uow.write or uow.begun:
        raise RuntimeError(f"{what}() needs a fresh write unit of work of its own: it commits it")


def login(uow: UnitOfWork, worker_id: str, pin: str) -> Actor:
    """Check a PIN. `uow` must be fresh: login commits it, failures included (they
    are counted for the lockout even though login raises)."""
    _own_unit_of_work(uow, "login")
    w = uow.session.get(Worker, worker_id) if isinstance(worker_id, str) else None
    if w is None or not w.active:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such worker."))
    _check_lock(uow, worker_id)
    if not _verify(w.pin_hash, pin.strip() if isinstance(pin, str) else ""):
        locked = _register_failure(uow, worker_id)
        uow.audit(business_id=w.business_id, worker_id=worker_id, action="login.failed",
                  entity="worker", entity_id=worker_id)
        uow.commit()
        raise locked or AuthFailed()
    state = uow.session.get(LoginState, worker_id)
    if state is not None:
        state.failed_count, state.locked_until = 0, None
    uow.audit(business_id=w.business_id, worker_id=worker_id, action="login", entity="worker",
              entity_id=worker_id)
    uow.commit()
    return Actor(worker_id=w.id, role=Role(w.role), outlet_id=w.outlet_id, name=w.name)


def approvers(uow: UnitOfWork) -> list[WorkerInfo]:
    """The owners who can approve at the counter (the PIN dialog asks which one when
    there are several: a wrong PIN counts against that owner alone)."""
    return [w for w in list_workers(uow) if w.role == Role.OWNER.value]


def approve(uow: UnitOfWork, requester: Actor, action: Action, owner_pin: str, *, subject: str,
            owner_id: str | None = None, detail: str = "") -> Approval:
    """An owner types their PIN at the counter to allow one action on one subject
    (`ApprovalRequired.subject`, or `Quote.approval_subjects`).

    Recorded, good for VALID_FOR and for one document. `owner_id` says which owner is
    approving; it may be left out when the shop has one owner. Like login, `uow` must
    be fresh and is committed, a wrong PIN included (it counts against that owner).
    """
    _own_unit_of_work(uow, "approve")
    if action not in APPROVABLE:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "This cannot be approved at the counter."))
    if not isinstance(subject, str) or len(subject) != 64:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Say what the approval is for."))
    owners = uow.session.scalars(
        select(Worker).where(Worker.role == Role.OWNER.value, Worker.active.is_(True))).all()
    if owner_id is not None:
        approver = next((o for o in owners if o.id == owner_id), None)
        if approver is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such owner."))
    elif len(owners) == 1:
        approver = owners[0]
    else:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Choose which owner is approving."))
    _check_lock(uow, approver.id)
    if not _verify(approver.pin_hash, owner_pin.strip() if isinstance(owner_pin, str) else ""):
        locked = _register_failure(uow, approver.id)
        uow.audit(business_id=approver.business_id, worker_id=requester.worker_id,
                  action="approval.failed", entity="worker", entity_id=approver.id,
                  approval_for=action.value)
        uow.commit()
        raise locked or AuthFailed(QT_TRANSLATE_NOOP("errors", "Wrong owner PIN."))
    state = uow.session.get(LoginState, approver.id)
    if state is not None:
        state.failed_count, state.locked_until = 0, None
    approval_id = new_id()
    now = uow.now()
    outlet_id = requester.outlet_id or settings.get(uow, "outlet_id")
    detail = detail if isinstance(detail, str) else ""
    uow.session.execute(insert(ApprovalRow), [dict(
        id=approval_id, business_id=approver.business_id, outlet_id=outlet_id,
        action=action.value, requested_by=requester.worker_id, approved_by=approver.id,
        detail=detail, created_at=now, subject=subject, expires_at=now + VALID_FOR)])
    # The subject and expiry are this PC's business: the wire record stays as it was.
    uow.outbox("approval", approval_id, dict(
        id=approval_id, outlet_id=outlet_id, action=action.value,
        requested_by=requester.worker_id, approved_by=approver.id, detail=detail, created_at=now))
    uow.commit()
    return Approval(approver_id=approver.id, action=action, approval_id=approval_id, subject=subject)
