"""Plausible dates, in one place. A date outside the range its meaning allows is a typo (2203
for 2023), and one far ahead does harm: a period extended to 9999-12-31 can never be corrected,
as an extension only moves the end later.

Values (a decision, a mandate, a score) get the fixed range 1990-01-01 to 2100-12-31: the system
records programmes of today's scheme, and a value must read the same whenever it is rebuilt.
Aggregates add ranges relative to their own dates (a period's start, a grant's year, a meeting)
or to the recording day (`clock.recording_day`, an import's own date under `recorded_at`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.shared.clock import recording_day
from domain.shared.errors import ValidationFailed
from domain.shared.text import is_as_recorded

EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
FIRST_YEAR, LAST_YEAR = EARLIEST_DATE.year, LATEST_DATE.year
# How far ahead of the recording day a start may be planned (a programme, a project).
YEARS_AHEAD = 10
# A programme's period with its extensions: status is normally 3–6 years, extended to about 10.
# A project runs at most as long.
MAX_PERIOD_YEARS = 10
# How long after its basis a follow-on date may fall: payments and claw-backs after a grant's
# year, spending reported on it, follow-up actions after an assessment, a baseline after the
# period, a project's completion after its planned end.
YEARS_AFTER = 5
# An adopted Omstillingsplan comes into force within a year of the council's adoption.
IN_FORCE_WITHIN_YEARS = 1
# A decision is recorded once made; a week's margin lets a clerk enter a meeting already on the
# agenda, while a wrong year (2052 for 2025) is still caught.
DECISION_MARGIN = timedelta(days=7)
# The population file's years start with SSB table 07459 (population on 1 January since 1986);
# they end with the last 1 January that has come.
POPULATION_FIRST_YEAR = 1986


def add_years(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def end_of_year(year: int) -> date:
    return date(year, 12, 31)


def require_date(field: str, value: object) -> date:
    """A calendar date (not a datetime, not text)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationFailed(field, "is required and must be an ISO date")
    return value


def plausible_date(
    field: str,
    value: object,
    earliest: date = EARLIEST_DATE,
    latest: date = LATEST_DATE,
    why: str | None = None,
) -> date:
    """A date within [earliest, latest]; `why` says what the range follows from."""
    day = require_date(field, value)
    if not earliest <= day <= latest and not is_as_recorded():
        rule = f"must be between {earliest.isoformat()} and {latest.isoformat()}"
        raise ValidationFailed(field, f"{rule} ({why})" if why else rule)
    return day


def require_year(field: str, value: object, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> int:
    """A whole year within [first, last] (1990–2100 unless the meaning narrows it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(field, "must be a whole year")
    if not first <= value <= last and not is_as_recorded():
        raise ValidationFailed(field, f"must be between {first} and {last}")
    return value


def horizon() -> date:
    """The latest start that may be planned now: the recording day plus YEARS_AHEAD."""
    return add_years(recording_day(), YEARS_AHEAD)


def decided_by_now(field: str, day: date) -> date:
    """A decision's meeting lies before the recording day (with DECISION_MARGIN)."""
    return plausible_date(
        field,
        day,
        EARLIEST_DATE,
        recording_day() + DECISION_MARGIN,
        "a decision is recorded once it is made",
    )
