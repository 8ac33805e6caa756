"""Choosing from an Agenda, in no particular language: filters, sessions, speakers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from ..errors import NotFound, ValidationError
from .model import Agenda, Talk
from .names import ordered

ORDERS = ("protocol", "name")


@dataclass(frozen=True, slots=True)
class Filters:
    """What a reader narrowed the agenda to: a day, a forum, a room (slugs), each optional."""

    day: date | None = None
    forum: str | None = None
    room: str | None = None

    def args(self) -> dict[str, str]:
        """The filters as query arguments, for links that keep them."""
        found = {
            "day": self.day.isoformat() if self.day else None,
            "forum": self.forum,
            "room": self.room,
        }
        return {k: v for k, v in found.items() if v}

    def key(self) -> str:
        return "&".join(f"{k}={v}" for k, v in sorted(self.args().items()))


def parse_filters(agenda: Agenda, args: Mapping[str, str | None]) -> Filters:
    """Filters from query arguments; an unknown forum or room is 404, a bad day 422."""
    return Filters(
        day=parse_day(args.get("day")),
        forum=_known(agenda.forums_by_slug, "forum", args.get("forum")),
        room=_known(agenda.rooms_by_slug, "room", args.get("room")),
    )


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _l("day must be a date like 2024-04-29, not %(text)s", text=repr(text)),
            {"day": "invalid"},
        ) from None


def default_day(agenda: Agenda, now: datetime) -> date | None:
    """The day a page of the event opens on: today during the event, else its first day."""
    days = agenda.days
    today = now.astimezone(agenda.zone).date()
    return today if today in days else (days[0] if days else None)


def next_midnight(agenda: Agenda, now: datetime) -> datetime:
    """When default_day may next change: the coming midnight in the event's zone."""
    local = now.astimezone(agenda.zone)
    return datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), agenda.zone)


def parse_order(text: str | None) -> str:
    if not text:
        return "protocol"
    if text not in ORDERS:
        raise ValidationError(
            _l("order must be one of %(orders)s", orders=", ".join(ORDERS)), {"order": "invalid"}
        )
    return text


_UNKNOWN = {
    "forum": lambda slug: _l("no forum %(slug)s in this agenda", slug=slug),
    "room": lambda slug: _l("no room %(slug)s in this agenda", slug=slug),
}


def _known(index: dict, what: str, slug: str | None) -> str | None:
    if not slug:
        return None
    if slug not in index:
        raise NotFound(_UNKNOWN[what](repr(slug)), {what: "not_found"})
    return slug


def sessions(agenda: Agenda, filters: Filters = Filters()) -> list[Talk]:
    """The sessions that pass filters, in agenda order (start, end, id)."""
    if filters.forum:
        chosen = agenda.sessions_by_forum.get(agenda.forums_by_slug[filters.forum]["id"], [])
    elif filters.room:
        chosen = agenda.sessions_by_room.get(agenda.rooms_by_slug[filters.room]["id"], [])
    else:
        chosen = agenda.sessions
    room_id = agenda.rooms_by_slug[filters.room]["id"] if filters.room else None
    return [
        s
        for s in chosen
        if (filters.day is None or s.day == filters.day)
        and (room_id is None or s.room_id == room_id)
    ]


def speakers(agenda: Agenda, order: str = "protocol", forum: str | None = None) -> list[dict]:
    """The speakers of the agenda (or of one forum's sessions), in the order asked for."""
    chosen: Iterable[dict]
    if forum is None:
        chosen = agenda.speakers.values()
    else:
        ids = {
            a["speaker"]
            for s in agenda.sessions_by_forum.get(agenda.forums_by_slug[forum]["id"], [])
            for a in s.appearances
        }
        chosen = [agenda.speakers[i] for i in ids]
    return ordered(chosen, order)
