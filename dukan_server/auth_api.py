"""Owner sign-up (rate-limited per address), login (rate-limited, with lockout),
refresh rotation and logout."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from . import accounts
from .config import Settings
from .db import NIL_BUSINESS, set_context, tenant_tx
from .deps import Owner, owner_tx, pool, settings
from .errors import ApiError
from .security import (
    REFRESH_PREFIX,
    digests_equal,
    issue_access_token,
    new_opaque_token,
    parse_opaque_token,
    unauthorized,
    verify_password,
)

router = APIRouter(prefix="/v1/auth", tags=["auth"])
me_router = APIRouter(prefix="/v1", tags=["owner"])

Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    business_name: str = Field(min_length=1, max_length=200)
    owner_name: str = Field(default="", max_length=100)
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    phone: str | None = Field(default=None, max_length=40, pattern=r"^\+?[0-9 ()-]{7,40}$")
    password: str = Field(min_length=8, max_length=256)
    business_id: Uuid | None = None


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    identifier: str = Field(min_length=3, max_length=254, description="email or phone")
    password: str = Field(min_length=1, max_length=256)


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = Field(min_length=10, max_length=300)


class TokenResponse(BaseModel):
    business_id: str
    owner_id: str
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class MeResponse(BaseModel):
    business_id: str
    business_name: str
    owner_id: str
    name: str
    email: str | None
    phone: str | None


def _issue_tokens(conn, cfg: Settings, business_id: str, owner_id: str,
                  family_id: str | None = None) -> TokenResponse:
    token_id = str(uuid.uuid4())
    refresh, digest = new_opaque_token(REFRESH_PREFIX, business_id, token_id)
    conn.execute(
        "INSERT INTO refresh_tokens (business_id, id, family_id, owner_id, token_hash, expires_at)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (business_id, token_id, family_id or token_id, owner_id, digest,
         datetime.now(UTC) + timedelta(seconds=cfg.refresh_token_seconds)))
    access = issue_access_token(cfg.jwt_secret, cfg.access_token_seconds, business_id, owner_id)
    return TokenResponse(business_id=business_id, owner_id=owner_id, access_token=access,
                         refresh_token=refresh, expires_in=cfg.access_token_seconds)


@router.post("/signup", status_code=201, response_model=TokenResponse)
def signup(body: SignupRequest, request: Request) -> TokenResponse:
    cfg = settings(request)
    if not body.email and not body.phone:
        raise ApiError(422, "identifier_required", "give an email or a phone number")
    _count_signup(request, cfg)
    with tenant_tx(pool(request), None, "signup") as conn:
        business_id, owner_id = accounts.create_business_with_owner(
            conn, cfg, business_name=body.business_name, password=body.password,
            email=body.email, phone=body.phone, owner_name=body.owner_name,
            business_id=body.business_id)
        set_context(conn, business_id, "owner")
        return _issue_tokens(conn, cfg, business_id, owner_id)


def client_address(request: Request, cfg: Settings) -> str:
    if cfg.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return request.client.host if request.client else "unknown"


def _retry_after(until: datetime) -> dict[str, str]:
    seconds = max(1, int((until - datetime.now(UTC)).total_seconds()) + 1)
    return {"Retry-After": str(seconds)}


def _count_signup(request: Request, cfg: Settings) -> None:
    """Every sign-up attempt from an address counts (committed before the sign-up, so
    a refused one counts too): at most `signup_max_per_address` per window. The row
    lives in auth_throttle beside the login counters; `failures` holds the attempts."""
    with tenant_tx(pool(request), NIL_BUSINESS, "login") as conn:
        row = conn.execute(
            "INSERT INTO auth_throttle AS t (business_id, key, failures, window_start)"
            " VALUES (%(b)s, %(k)s, 1, now())"
            " ON CONFLICT (business_id, key) DO UPDATE SET"
            "  failures = CASE WHEN t.window_start < now() - make_interval(secs => %(w)s)"
            "                  THEN 1 ELSE t.failures + 1 END,"
            "  window_start = CASE WHEN t.window_start < now() - make_interval(secs => %(w)s)"
            "                  THEN now() ELSE t.window_start END"
            " RETURNING failures, window_start + make_interval(secs => %(w)s) AS until",
            {"b": NIL_BUSINESS, "k": "signup:" + client_address(request, cfg),
             "w": cfg.signup_window_seconds}).fetchone()
    if row["failures"] > cfg.signup_max_per_address:
        raise ApiError(429, "too_many_signups",
                       "too many sign-ups from this address; try again later",
                       headers=_retry_after(row["until"]))


@router.post("/login", response_model=TokenResponse)
def login(body: LoginRequest, request: Request) -> TokenResponse:
    """Failures are counted per client address and per identifier (the normalised email
    or phone), whether or not an account has that identifier, so an unknown one answers
    exactly as a known one does: 401 while the password is wrong, then 429 login_locked
    for every attempt, whatever the password, until the lock ends."""
    cfg = settings(request)
    ip_key = "ip:" + client_address(request, cfg)
    email, phone = accounts.normalise_identifier(body.identifier)
    login_key = "login:" + (email or phone or "")
    with tenant_tx(pool(request), NIL_BUSINESS, "login") as conn:
        ip_locked = _locked_until(conn, ip_key)
        login_locked = None if ip_locked else _take_attempt(conn, cfg, login_key)
        account = None if ip_locked or login_locked else conn.execute(
            "SELECT business_id::text AS business_id, id::text AS id, password_hash"
            " FROM owner_accounts WHERE (email = %s OR phone = %s)",
            (email, phone)).fetchone()
    # Raised after the commit: the attempt just counted must stick.
    if ip_locked:
        raise ApiError(429, "too_many_attempts", "too many failed logins from this address",
                       headers=_retry_after(ip_locked))
    if login_locked:
        # The password is not even checked: the answer cannot depend on it.
        _record_failure(request, cfg, ip_key)
        raise ApiError(429, "login_locked",
                       "too many failed logins with this email or phone; try again later",
                       headers=_retry_after(login_locked))
    # Verified outside any transaction: argon2 is slow on purpose, a pooled connection
    # should not wait for it. It runs for unknown identifiers too (equal timing).
    if not verify_password(account["password_hash"] if account else None, body.password):
        _record_failure(request, cfg, ip_key)
        raise unauthorized("invalid_credentials", "wrong identifier or password")
    with tenant_tx(pool(request), NIL_BUSINESS, "login") as conn:
        conn.execute("DELETE FROM auth_throttle WHERE business_id = %s AND key = %s",
                     (NIL_BUSINESS, login_key))
        set_context(conn, account["business_id"], "owner")
        return _issue_tokens(conn, cfg, account["business_id"], account["id"])


def _locked_until(conn, key: str) -> datetime | None:
    row = conn.execute("SELECT locked_until FROM auth_throttle WHERE business_id = %s"
                       " AND key = %s AND locked_until > now()", (NIL_BUSINESS, key)).fetchone()
    return row["locked_until"] if row else None


def _take_attempt(conn, cfg: Settings, key: str) -> datetime | None:
    """Count this attempt for the identifier before the password is checked, under the
    row's lock: concurrent guesses cannot get more than `login_max_failures` checks per
    window. Returns when the lock ends if it is locked now (nothing counted then: the
    lock is not extended), else None. The attempt that reaches the limit starts the
    lock and is still checked; a right password clears the row."""
    conn.execute("INSERT INTO auth_throttle (business_id, key, failures, window_start)"
                 " VALUES (%s, %s, 0, now()) ON CONFLICT DO NOTHING", (NIL_BUSINESS, key))
    row = conn.execute(
        "SELECT locked_until, CASE WHEN locked_until > now() THEN NULL"
        "  WHEN locked_until IS NOT NULL OR window_start < now() - make_interval(secs => %s)"
        "  THEN 1 ELSE failures + 1 END AS failures"
        " FROM auth_throttle WHERE business_id = %s AND key = %s FOR UPDATE",
        (cfg.login_lockout_seconds, NIL_BUSINESS, key)).fetchone()
    if row["failures"] is None:
        return row["locked_until"]
    conn.execute(
        "UPDATE auth_throttle SET failures = %(n)s,"
        " window_start = CASE WHEN %(n)s = 1 THEN now() ELSE window_start END,"
        " locked_until = CASE WHEN %(n)s >= %(max)s"
        "   THEN now() + make_interval(secs => %(lock)s) END"
        " WHERE business_id = %(b)s AND key = %(k)s",
        {"n": row["failures"], "max": cfg.login_max_failures,
         "lock": cfg.login_lockout_seconds, "b": NIL_BUSINESS, "k": key})
    return None


def _record_failure(request: Request, cfg: Settings, ip_key: str) -> None:
    """A failed login from this address (a wrong password, or any attempt on a locked
    identifier); also prunes a few throttle rows whose windows and locks are over."""
    with tenant_tx(pool(request), NIL_BUSINESS, "login") as conn:
        conn.execute(
            "INSERT INTO auth_throttle AS t (business_id, key, failures, window_start)"
            " VALUES (%(b)s, %(k)s, 1, now())"
            " ON CONFLICT (business_id, key) DO UPDATE SET"
            "  failures = CASE WHEN t.window_start < now() - make_interval(secs => %(w)s)"
            "                  THEN 1 ELSE t.failures + 1 END,"
            "  window_start = CASE WHEN t.window_start < now() - make_interval(secs => %(w)s)"
            "                  THEN now() ELSE t.window_start END,"
            "  locked_until = CASE WHEN t.window_start >= now() - make_interval(secs => %(w)s)"
            "                       AND t.failures + 1 >= %(max)s"
            "                  THEN now() + make_interval(secs => %(w)s) ELSE t.locked_until END",
            {"b": NIL_BUSINESS, "k": ip_key, "w": cfg.ip_window_seconds,
             "max": cfg.ip_max_failures})
        # Identifiers nobody has leave rows too: keep the table to what can still count.
        # SKIP LOCKED: concurrent failures never wait for each other here.
        conn.execute(
            "DELETE FROM auth_throttle WHERE business_id = %(b)s AND ctid IN ("
            " SELECT ctid FROM auth_throttle WHERE business_id = %(b)s"
            "  AND window_start < now() - make_interval(secs => %(keep)s)"
            "  AND (locked_until IS NULL OR locked_until < now())"
            "  ORDER BY window_start LIMIT 20 FOR UPDATE SKIP LOCKED)",
            {"b": NIL_BUSINESS, "keep": max(cfg.login_lockout_seconds, cfg.ip_window_seconds,
                                            cfg.signup_window_seconds)})


@router.post("/refresh", response_model=TokenResponse)
def refresh(body: RefreshRequest, request: Request) -> TokenResponse:
    """Rotate: the presented token is spent and a new one issued in the same family.
    Presenting a spent token again means it leaked: the whole family is revoked."""
    cfg = settings(request)
    parsed = parse_opaque_token(REFRESH_PREFIX, body.refresh_token)
    reused = False
    with tenant_tx(pool(request), parsed.business_id, "owner") as conn:
        row = conn.execute(
            "SELECT family_id::text AS family_id, owner_id::text AS owner_id, token_hash,"
            " expires_at, rotated_at, revoked_at FROM refresh_tokens"
            " WHERE business_id = %s AND id = %s FOR UPDATE",
            (parsed.business_id, parsed.entity_id)).fetchone()
        if row is None or not digests_equal(row["token_hash"], parsed.digest):
            raise unauthorized("invalid_token", "the refresh token is not valid")
        if row["revoked_at"] is not None or row["expires_at"] <= datetime.now(UTC):
            raise unauthorized("invalid_token", "the refresh token has expired or was revoked")
        if row["rotated_at"] is not None:
            conn.execute("UPDATE refresh_tokens SET revoked_at = now() WHERE business_id = %s"
                         " AND family_id = %s AND revoked_at IS NULL",
                         (parsed.business_id, row["family_id"]))
            reused = True
        else:
            conn.execute("UPDATE refresh_tokens SET rotated_at = now() WHERE business_id = %s"
                         " AND id = %s", (parsed.business_id, parsed.entity_id))
            tokens = _issue_tokens(conn, cfg, parsed.business_id, row["owner_id"],
                                   family_id=row["family_id"])
    if reused:  # raised after the commit, so the revocation sticks
        raise unauthorized("refresh_reused", "this refresh token was already used; sign in again")
    return tokens


@router.post("/logout", status_code=204, response_class=Response)
def logout(body: RefreshRequest, request: Request) -> Response:
    parsed = parse_opaque_token(REFRESH_PREFIX, body.refresh_token)
    with tenant_tx(pool(request), parsed.business_id, "owner") as conn:
        row = conn.execute("SELECT family_id, token_hash FROM refresh_tokens"
                           " WHERE business_id = %s AND id = %s",
                           (parsed.business_id, parsed.entity_id)).fetchone()
        if row is None or not digests_equal(row["token_hash"], parsed.digest):
            raise unauthorized("invalid_token", "the refresh token is not valid")
        conn.execute("UPDATE refresh_tokens SET revoked_at = now() WHERE business_id = %s"
                     " AND family_id = %s AND revoked_at IS NULL",
                     (parsed.business_id, row["family_id"]))
    return Response(status_code=204)


@me_router.get("/me", response_model=MeResponse)
def me(request: Request, owner: Owner) -> MeResponse:
    with owner_tx(request, owner) as conn:
        row = conn.execute(
            "SELECT b.business_id::text AS business_id, b.name AS business_name,"
            " o.id::text AS owner_id, o.name, o.email, o.phone FROM owner_accounts o"
            " JOIN businesses b USING (business_id) WHERE o.business_id = %s AND o.id = %s",
            (owner.business_id, owner.owner_id)).fetchone()
    if row is None:
        raise unauthorized("invalid_token", "the account no longer exists")
    return MeResponse(**row)
