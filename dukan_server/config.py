"""Settings, read once from the environment (12-factor): no config files, no globals."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    return default if raw in (None, "") else int(raw)


@dataclass(frozen=True)
class Settings:
    database_url: str                     # the app role: owns nothing, no BYPASSRLS
    jwt_secret: str
    migrate_database_url: str | None = None  # the owner role, for `migrate` only
    app_role: str = "dukan_app"
    access_token_seconds: int = 900
    refresh_token_seconds: int = 30 * 24 * 3600
    pool_min: int = 2
    pool_max: int = 10
    cors_origins: tuple[str, ...] = ()    # off by default
    login_max_failures: int = 5           # per account, then locked
    login_lockout_seconds: int = 900
    ip_max_failures: int = 30             # per client address per window
    ip_window_seconds: int = 900
    signup_max_per_address: int = 5       # sign-ups per client address per window
    signup_window_seconds: int = 3600
    trust_forwarded_for: bool = False     # only behind a proxy that sets it
    default_plan: str = "trial"
    default_max_outlets: int | None = 3
    default_max_devices: int | None = 10
    trial_days: int = 30
    sse_heartbeat_seconds: int = 15
    sse_recheck_seconds: int = 30         # an event stream re-checks its credential
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        url = env.get("DUKAN_DATABASE_URL")
        secret = env.get("DUKAN_JWT_SECRET")
        if not url:
            raise SystemExit("DUKAN_DATABASE_URL is not set (the app role's connection URL)")
        if not secret or len(secret) < 32:
            raise SystemExit("DUKAN_JWT_SECRET must be set to at least 32 random characters")
        cors = tuple(o.strip() for o in env.get("DUKAN_CORS_ORIGINS", "").split(",") if o.strip())

        def optional_limit(name: str, default: int | None) -> int | None:
            raw = env.get(name)
            if raw is None:
                return default
            return None if raw.strip().lower() in ("", "none", "unlimited") else int(raw)

        return cls(
            database_url=url,
            jwt_secret=secret,
            migrate_database_url=env.get("DUKAN_MIGRATE_DATABASE_URL"),
            app_role=env.get("DUKAN_APP_ROLE", "dukan_app"),
            access_token_seconds=_int(env, "DUKAN_ACCESS_TOKEN_SECONDS", 900),
            refresh_token_seconds=_int(env, "DUKAN_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600),
            pool_min=_int(env, "DUKAN_DB_POOL_MIN", 2),
            pool_max=_int(env, "DUKAN_DB_POOL_MAX", 10),
            cors_origins=cors,
            login_max_failures=_int(env, "DUKAN_LOGIN_MAX_FAILURES", 5),
            login_lockout_seconds=_int(env, "DUKAN_LOGIN_LOCKOUT_SECONDS", 900),
            ip_max_failures=_int(env, "DUKAN_IP_MAX_FAILURES", 30),
            ip_window_seconds=_int(env, "DUKAN_IP_WINDOW_SECONDS", 900),
            signup_max_per_address=_int(env, "DUKAN_SIGNUP_MAX_PER_ADDRESS", 5),
            signup_window_seconds=_int(env, "DUKAN_SIGNUP_WINDOW_SECONDS", 3600),
            trust_forwarded_for=env.get("DUKAN_TRUST_FORWARDED_FOR", "") in ("1", "true", "yes"),
            default_plan=env.get("DUKAN_DEFAULT_PLAN", "trial"),
            default_max_outlets=optional_limit("DUKAN_DEFAULT_MAX_OUTLETS", 3),
            default_max_devices=optional_limit("DUKAN_DEFAULT_MAX_DEVICES", 10),
            trial_days=_int(env, "DUKAN_TRIAL_DAYS", 30),
            sse_heartbeat_seconds=_int(env, "DUKAN_SSE_HEARTBEAT_SECONDS", 15),
            sse_recheck_seconds=_int(env, "DUKAN_SSE_RECHECK_SECONDS", 30),
        )
