"""The device credential lives in the OS keyring, never in the ledger or a config file.

Windows Credential Manager, macOS Keychain, Secret Service (GNOME Keyring, KWallet)
on Linux. When the OS offers none (a bare Linux box), keyring falls back to a
"fail" or "null" backend that cannot keep a secret: we say so with `NoKeyring`
instead of silently losing the credential. The choice offered to the owner: keep
billing on this PC local-only (nothing is lost; the history uploads whenever the PC
is connected later), or install/unlock a keyring (e.g. `gnome-keyring`) and connect.

Tests set DUKAN_KEYRING_BACKEND=memory to use `MemoryKeyring`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from ..core.errors import DukanError
from ..core.i18n import QT_TRANSLATE_NOOP

SERVICE = "dukan-pos"


class NoKeyring(DukanError):
    code = "no_keyring"
    template = QT_TRANSLATE_NOOP(
        "errors",
        "This computer has no secure password store (keyring), so the sync credential "
        "cannot be kept safely. Billing carries on locally and nothing is lost. To connect, "
        "install or unlock one (Windows and macOS have one built in; on Linux install "
        "GNOME Keyring or KWallet), then connect this PC again. {detail}")


class MemoryKeyring(KeyringBackend):
    """A process-local keyring for tests (selected by DUKAN_KEYRING_BACKEND=memory)."""

    # Below keyring's "fail" backend (0): keyring picks a backend from every subclass it
    # knows, so at priority 1 this one won on PCs without a real keyring and the device
    # credential lived in memory, lost at the next start. Only the env var selects it.
    priority = -1  # type: ignore[assignment]
    _store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


_configured = False


def backend() -> KeyringBackend:
    global _configured
    if not _configured:
        if os.environ.get("DUKAN_KEYRING_BACKEND") == "memory":
            keyring.set_keyring(MemoryKeyring())
        _configured = True
    return keyring.get_keyring()


def check_available() -> None:
    """Raise NoKeyring when the OS has no usable backend."""
    kr = backend()
    name = f"{type(kr).__module__}.{type(kr).__name__}"
    if isinstance(kr, MemoryKeyring):
        return  # chosen on purpose (tests, benchmarks)
    if "keyring.backends.fail" in name or "keyring.backends.null" in name or kr.priority <= 0:
        raise NoKeyring(detail=f"({name})")


def account_for(ledger_path: Path | str) -> str:
    """One credential per ledger: two shops' data folders on one PC never share one."""
    digest = hashlib.sha256(str(Path(ledger_path).resolve()).encode()).hexdigest()[:16]
    return f"device-token:{digest}"


def store_token(ledger_path: Path | str, token: str) -> None:
    check_available()
    try:
        backend().set_password(SERVICE, account_for(ledger_path), token)
    except keyring.errors.KeyringError as exc:
        raise NoKeyring(detail=str(exc)) from exc


def load_token(ledger_path: Path | str) -> str | None:
    try:
        return backend().get_password(SERVICE, account_for(ledger_path))
    except keyring.errors.KeyringError:
        return None


def delete_token(ledger_path: Path | str) -> None:
    try:
        backend().delete_password(SERVICE, account_for(ledger_path))
    except keyring.errors.KeyringError:
        pass
