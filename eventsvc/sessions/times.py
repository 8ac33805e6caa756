"""When an event and its sessions may be: the bounds every write path checks.

- An event's days lie in the years EVENT_YEARS, its last day is not before its first, and
  it lasts at most MAX_EVENT_DAYS days. A forum's dates lie in the same years.
- A session starts and ends within its event's window: from 00:00 (event time) MARGIN
  before the event's first day to 24:00 MARGIN after its last day. The margin leaves room
  for a pre-conference workshop or an excursion after the event; anything further away is
  a typing mistake (a wrong year) and is refused.
- The database holds what it can without looking across tables: every session between
  EARLIEST and LATEST (UTC) and ending after it starts; every event's and forum's dates in
  EVENT_YEARS (CHECK constraints, see the models). The window around the event is the
  services' to check. The database bound lies well inside what Python's datetime can shift
  by a day or a time zone, so no stored value can make a page or feed overflow.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from ..errors import ValidationError

EVENT_YEARS = (1950, 2150)
FIRST_DAY, LAST_DAY = date(EVENT_YEARS[0], 1, 1), date(EVENT_YEARS[1], 12, 31)
MAX_EVENT_DAYS = 366
MARGIN = timedelta(days=7)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)  # exclusive

# The same bounds as SQL both SQLite (ISO text) and PostgreSQL (timestamps, dates) compare.
SESSION_YEARS_CHECK = "start_at >= '1900-01-01' AND end_at < '2200-01-01'"
EVENT_YEARS_CHECK = "start_date >= '1950-01-01' AND end_date <= '2150-12-31'"
FORUM_YEARS_CHECK = (
    "(start_date IS NULL OR start_date BETWEEN '1950-01-01' AND '2150-12-31') AND "
    "(end_date IS NULL OR end_date BETWEEN '1950-01-01' AND '2150-12-31')"
)


def in_utc(instant: datetime, field: str) -> datetime:
    """The instant in UTC; refused when it lies outside the database bound (or datetime's)."""
    try:
        utc = instant.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+14:00 has no UTC within datetime's range
        raise _out_of_bounds(field) from exc
    if not EARLIEST <= utc < LATEST:
        raise _out_of_bounds(field)
    return utc


def _out_of_bounds(field: str) -> ValidationError:
    return ValidationError(
        _l(
            "times must lie between the years %(first)d and %(last)d",
            first=EARLIEST.year,
            last=LATEST.year - 1,
        ),
        {field: "out of range"},
    )


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of a day in zone. A day asked for (?day=) outside the years
    a session may lie in is refused: near year 1 or 9999 the zone's offset would overflow."""
    if not EARLIEST.date() - timedelta(days=1) <= day <= LATEST.date():
        raise _out_of_bounds("day")
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def check_event_days(start: date | None, end: date | None) -> None:
    """An event's (or a forum's) dates: in EVENT_YEARS, in order; an event's not too long."""
    for field, day in (("start_date", start), ("end_date", end)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(
                _l(
                    "dates must lie in the years %(first)d to %(last)d",
                    first=EVENT_YEARS[0],
                    last=EVENT_YEARS[1],
                ),
                {field: "out of range"},
            )


def check_event_length(start: date, end: date) -> None:
    if (end - start).days + 1 > MAX_EVENT_DAYS:
        raise ValidationError(
            _l("an event lasts at most %(days)d days", days=MAX_EVENT_DAYS),
            {"end_date": "too long"},
        )


def window(first_day: date, last_day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a session of an event with these days may start and end within."""
    return (
        datetime.combine(first_day - MARGIN, time(0), zone),
        datetime.combine(last_day + MARGIN + timedelta(days=1), time(0), zone),
    )


def check_session_time(
    instant: datetime, field: str, first_day: date, last_day: date, zone: ZoneInfo
) -> None:
    """A session's start or end (an aware instant) within the window of an event of these days."""
    earliest, latest = window(first_day, last_day, zone)
    if not earliest <= in_utc(instant, field) <= latest:
        raise ValidationError(
            _l(
                "a session takes place between %(earliest)s and %(latest)s (event time): "
                "from a week before the event's first day to a week after its last",
                earliest=f"{earliest:%Y-%m-%d %H:%M}",
                latest=f"{latest:%Y-%m-%d %H:%M}",
            ),
            {field: "outside the event"},
        )
