"""Passwords (argon2id), access JWTs and opaque device/refresh tokens.

Opaque tokens look like `dkd.<business_id>.<entity_id>.<secret>`: the ids let the
server open a transaction in the right tenant *before* it trusts the token (RLS is on
from the first query); only the SHA-256 of the whole token is stored, and the secret
has 256 bits so a plain hash is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import ApiError

DEVICE_PREFIX = "dkd"
REFRESH_PREFIX = "dkr"
_hasher = PasswordHasher()  # argon2id, library defaults (RFC 9106 low-memory profile)
_DUMMY_HASH = _hasher.hash("timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists (no user enumeration by timing)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def unauthorized(code: str = "unauthorized", message: str = "missing or invalid credentials"):
    return ApiError(401, code, message, headers={"WWW-Authenticate": "Bearer"})


def issue_access_token(secret: str, lifetime_s: int, business_id: str, owner_id: str) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": owner_id, "bid": business_id, "typ": "access",
        "iat": now, "exp": now + timedelta(seconds=lifetime_s), "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


@dataclass(frozen=True)
class OwnerPrincipal:
    business_id: str
    owner_id: str


def decode_access_token(secret: str, token: str) -> OwnerPrincipal:
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"],
                            options={"require": ["exp", "iat", "sub", "bid", "typ"]})
    except jwt.ExpiredSignatureError as exc:
        raise unauthorized("token_expired", "the access token has expired") from exc
    except jwt.PyJWTError as exc:
        raise unauthorized("invalid_token", "the access token is not valid") from exc
    if claims.get("typ") != "access" or not _is_uuid(claims["sub"]) or not _is_uuid(claims["bid"]):
        raise unauthorized("invalid_token", "the access token is not valid")
    return OwnerPrincipal(business_id=claims["bid"], owner_id=claims["sub"])


@dataclass(frozen=True)
class OpaqueToken:
    business_id: str
    entity_id: str
    digest: bytes


def new_opaque_token(prefix: str, business_id: str, entity_id: str) -> tuple[str, bytes]:
    token = f"{prefix}.{business_id}.{entity_id}.{secrets.token_urlsafe(32)}"
    return token, token_digest(token)


def parse_opaque_token(prefix: str, token: str) -> OpaqueToken:
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != prefix or not _is_uuid(parts[1]) or not _is_uuid(parts[2]):
        raise unauthorized("invalid_token", "the token is not valid")
    return OpaqueToken(parts[1], parts[2], token_digest(token))


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def digests_equal(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(bytes(a), bytes(b))


def _is_uuid(text: object) -> bool:
    if not isinstance(text, str) or len(text) != 36:
        return False
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False
