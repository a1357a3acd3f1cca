"""When an event happened. Normally now; a historical import records the decision's own time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

_recording_time: ContextVar[datetime | None] = ContextVar("recording_time", default=None)


def now() -> datetime:
    return _recording_time.get() or datetime.now(UTC)


@contextmanager
def recorded_at(moment: datetime) -> Iterator[None]:
    """Record the events of this block as of `moment` (importing an existing programme's history)."""
    if moment.tzinfo is None:
        raise ValueError("a recording time must carry its time zone")
    token = _recording_time.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _recording_time.reset(token)


def today_in_norway() -> date:
    """The calendar date in Norway now: which county supervises, what is due, what is late."""
    return datetime.now(OSLO).date()


def recording_day() -> date:
    """The Norwegian calendar date of what is being recorded (an import's own date, else today)."""
    return now().astimezone(OSLO).date()
