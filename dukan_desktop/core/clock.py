"""Time: stored as UTC, shown in Asia/Karachi. Injected so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHOP_TZ = ZoneInfo("Asia/Karachi")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests and demo data: set it, advance it."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


def to_local(ts: datetime) -> datetime:
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(SHOP_TZ)


def local_day_bounds(day) -> tuple[datetime, datetime]:
    """UTC [start, end) of a calendar day in Pakistan."""
    start = datetime(day.year, day.month, day.day, tzinfo=SHOP_TZ)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)
