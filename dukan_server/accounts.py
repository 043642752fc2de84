"""Businesses, their owners and subscriptions: shared by sign-up and the admin CLI."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
from psycopg import Connection

from .config import Settings
from .db import set_context
from .errors import ApiError
from .security import hash_password


def normalise_identifier(identifier: str) -> tuple[str | None, str | None]:
    """(email, phone): an identifier with '@' is an email (lower-cased), else a phone
    with spaces and dashes dropped."""
    text = identifier.strip()
    if "@" in text:
        return text.lower(), None
    return None, "".join(ch for ch in text if ch not in " -()")


def create_business_with_owner(conn: Connection, settings: Settings, *, business_name: str,
                               password: str, email: str | None = None,
                               phone: str | None = None, owner_name: str = "",
                               business_id: str | None = None) -> tuple[str, str]:
    """Insert business, owner and subscription in the caller's transaction.

    The business id may come from the client: a desktop that ran offline first keeps
    the ids it already printed on receipts.
    """
    business_id = business_id or str(uuid.uuid4())
    owner_id = str(uuid.uuid4())
    if email:
        email = normalise_identifier(email)[0]
    if phone:
        phone = normalise_identifier(phone)[1]
    if not email and not phone:
        raise ApiError(422, "identifier_required", "give an email or a phone number")
    password_hash = hash_password(password)
    set_context(conn, business_id, "signup")
    try:
        with conn.transaction():
            conn.execute("INSERT INTO businesses (business_id, name) VALUES (%s, %s)",
                         (business_id, business_name))
            conn.execute(
                "INSERT INTO owner_accounts (business_id, id, name, email, phone, password_hash)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (business_id, owner_id, owner_name, email, phone, password_hash))
            valid_until = datetime.now(UTC) + timedelta(days=settings.trial_days)
            conn.execute(
                "INSERT INTO subscriptions (business_id, plan, status, max_outlets, max_devices,"
                " valid_until) VALUES (%s, %s, 'trial', %s, %s, %s)",
                (business_id, settings.default_plan, settings.default_max_outlets,
                 settings.default_max_devices, valid_until))
    except psycopg.errors.UniqueViolation as exc:
        what = "business id" if "businesses" in str(exc) else "email or phone"
        raise ApiError(409, "already_exists", f"that {what} is already registered") from exc
    except psycopg.errors.InsufficientPrivilege as exc:
        # The id exists in another tenant: RLS hides it, the insert policy refuses it.
        raise ApiError(409, "already_exists", "that business id is already registered") from exc
    set_context(conn, business_id, "owner")
    return business_id, owner_id


def set_subscription(conn: Connection, business_id: str, *, plan: str | None = None,
                     status: str | None = None, max_outlets: int | None | str = "keep",
                     max_devices: int | None | str = "keep",
                     valid_until: datetime | None | str = "keep") -> None:
    """Billing's hook (admin CLI, tests): change plan, status or limits."""
    set_context(conn, business_id, "admin")
    sets, args = ["updated_at = now()"], []
    for column, value in (("plan", plan), ("status", status)):
        if value is not None:
            sets.append(f"{column} = %s")
            args.append(value)
    for column, value in (("max_outlets", max_outlets), ("max_devices", max_devices),
                          ("valid_until", valid_until)):
        if value != "keep":
            sets.append(f"{column} = %s")
            args.append(value)
    cur = conn.execute(f"UPDATE subscriptions SET {', '.join(sets)} WHERE business_id = %s",  # noqa: S608 (column names are fixed above)
                       (*args, business_id))
    if cur.rowcount != 1:
        raise ApiError(404, "not_found", "no such business")


def bump_generation(conn: Connection, business_id: str) -> int:
    """After restoring or rebuilding a business's data: every device re-pulls from zero."""
    set_context(conn, business_id, "admin")
    row = conn.execute(
        "UPDATE businesses SET generation = generation + 1 WHERE business_id = %s"
        " RETURNING generation", (business_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", "no such business")
    return row["generation"] if isinstance(row, dict) else row[0]
