"""Owner approvals on the spot: what a cashier may do only with the owner's PIN.

When the owner types the PIN (`workers.approve`) an approval row is recorded for one
action and one *subject*: a digest of exactly what was approved (the bill's lines,
prices and discounts, the amount put on credit, the return's lines and refund). A
service that needs the approval computes the subject of what it is about to write and
accepts only an approval, requested by this worker at this outlet, for that action
and that subject, not expired and never used before; it records the use in the same
transaction as the document. Anything else (a made-up handle, one spent on an earlier
bill, one for a bill that changed since) raises ApprovalRequired, carrying the subject
to approve.

Nothing here runs unless an approval is needed: an owner's sale, or a cashier's sale
within the rules, costs nothing extra.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import timedelta

from ..core.errors import ApprovalRequired, PermissionDenied
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.permissions import APPROVABLE, Action, Actor, Approval, allowed
from ..ledger.models import ApprovalUse
from ..ledger.uow import UnitOfWork, _db_value
from . import settings

# Long enough for the owner to approve and the cashier to finish the bill; short
# enough that a PIN typed this morning approves nothing this afternoon.
VALID_FOR = timedelta(minutes=10)

_FIND = (
    "SELECT a.id, a.approved_by FROM approvals a "
    "JOIN workers w ON w.id = a.approved_by AND w.role = 'owner' AND w.active = 1 "
    "LEFT JOIN approval_uses u ON u.approval_id = a.id "
    "WHERE a.id = ? AND a.action = ? AND a.subject = ? AND a.requested_by = ? "
    "AND a.outlet_id = ? AND a.expires_at > ? AND u.approval_id IS NULL")


def subject_of(kind: str, *parts: object) -> str:
    """The digest an approval is bound to: SHA-256 of canonical JSON of what it covers."""
    text = json.dumps([kind, *parts], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def use_approvals(uow: UnitOfWork, actor: Actor, needed: dict[Action, str],
                  given: Approval | Iterable[Approval] | None, *, document_id: str) -> str | None:
    """Spend one approval for each action -> subject in `needed` on `document_id`, or
    raise ApprovalRequired for the first that has none (then nothing is recorded).

    Returns the approving owner's id; None when `actor` needs no approval at all.
    """
    found = []
    for action, subject in sorted(needed.items()):
        if allowed(actor.role, action):
            continue
        if action not in APPROVABLE:
            raise PermissionDenied(QT_TRANSLATE_NOOP("errors", "Only the owner can do this."))
        row = _find(uow, actor, action, subject, given)
        if row is None:
            raise ApprovalRequired(action=action.value, subject=subject)
        found.append(row)
    now = uow.now()
    if found:
        uow.insert(ApprovalUse, [dict(approval_id=approval_id, document_id=document_id,
                                      worker_id=actor.worker_id, used_at=now)
                                 for approval_id, _ in found])
    return found[-1][1] if found else None


def use_approval(uow: UnitOfWork, actor: Actor, action: Action, subject: str,
                 given: Approval | Iterable[Approval] | None, *, document_id: str) -> str | None:
    """use_approvals for one action."""
    return use_approvals(uow, actor, {action: subject}, given, document_id=document_id)


def _find(uow: UnitOfWork, actor: Actor, action: Action, subject: str,
          given: Approval | Iterable[Approval] | None) -> tuple[str, str] | None:
    candidates = (given,) if isinstance(given, Approval) else tuple(given or ())
    outlet_id, now = settings.get(uow, "outlet_id"), _db_value(uow.now())
    for approval in candidates:
        if not isinstance(approval, Approval) or approval.action != action \
                or not isinstance(approval.approval_id, str):
            continue
        found = uow.sql(_FIND, (approval.approval_id, action.value, subject, actor.worker_id,
                                outlet_id, now))
        if found:
            return found[0][0], found[0][1]
    return None
