"""Typed domain errors with messages fit to show a user.

Each error carries an English template (marked for translation) and its parameters.
`str(err)` is the English message; the UI translates `err.template` in the
"errors" context and formats it with `err.params`.
"""

from __future__ import annotations

from typing import Any

from .i18n import QT_TRANSLATE_NOOP


class DukanError(Exception):
    """Base for every error a user may see. Raising one changes nothing in the ledger."""

    code = "error"
    template = QT_TRANSLATE_NOOP("errors", "Something went wrong.")

    def __init__(self, template: str | None = None, **params: Any) -> None:
        if template is not None:
            self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError):
            return self.template


class InvalidInput(DukanError):
    code = "invalid_input"


class NotFound(DukanError):
    code = "not_found"


class PermissionDenied(DukanError):
    code = "permission_denied"
    template = QT_TRANSLATE_NOOP("errors", "You are not allowed to do this.")


class ApprovalRequired(PermissionDenied):
    """The action is allowed with an owner's PIN approval given on the spot."""

    code = "approval_required"
    template = QT_TRANSLATE_NOOP("errors", "This needs an owner's approval.")

    def __init__(self, template: str | None = None, *, action: str, subject: str = "",
                 **params: Any) -> None:
        self.action = action
        # A digest of exactly what needs approving (the bill, the return): the owner's
        # approval is recorded for it and is good for nothing else.
        self.subject = subject
        super().__init__(template, **params)


class AuthFailed(DukanError):
    code = "auth_failed"
    template = QT_TRANSLATE_NOOP("errors", "Wrong PIN.")


class LockedOut(AuthFailed):
    code = "locked_out"
    template = QT_TRANSLATE_NOOP(
        "errors", "Too many wrong PINs. Try again in {minutes} minutes."
    )


class BusinessRuleViolation(DukanError):
    code = "rule"


class StorageError(DukanError):
    """The ledger could not be written (disk full, read-only, locked). Nothing was saved."""

    code = "storage"
    template = QT_TRANSLATE_NOOP(
        "errors", "The sale could not be saved: {reason}. Nothing was recorded."
    )
