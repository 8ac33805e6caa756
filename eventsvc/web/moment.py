"""The moment a "now" answer is for: ?at= (previews, tests, door screens set ahead), else this
minute. Shared by the now pages and their JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import request
from flask_babel import lazy_gettext as _l

from ..agenda.current import ReleaseRef, agenda_for, current_release
from ..agenda.model import Agenda
from ..errors import NotFound, ValidationError
from .published import published_agenda


def at_moment(event: str) -> tuple[ReleaseRef, Agenda, datetime]:
    """The release and the moment asked for: ?at=, else this minute.

    With ?at= the answer is a function of the release and the URL, so it may be replayed
    (published_agenda()); without, it changes every minute, so it is built here unmarked.
    """
    text = request.args.get("at")
    if text:
        ref, agenda_ = published_agenda(event)
        return ref, agenda_, instant(text, agenda_)
    current = current_release(event)
    if current is None:
        raise NotFound(_l("no published event %(slug)s", slug=repr(event)))
    agenda_ = agenda_for(current)
    return (
        current,
        agenda_,
        datetime.now(UTC).replace(second=0, microsecond=0).astimezone(agenda_.zone),
    )


def instant(text: str, agenda_: Agenda) -> datetime:
    """An ISO 8601 moment; one without an offset is read in the event's zone. A "+" left
    unescaped in a URL arrives as a space: "09:00 08:00" is read as "09:00+08:00"."""
    text = text.strip().replace("Z", "+00:00")
    head, space, tail = text.rpartition(" ")
    if space and ":" in head and tail[:2].isdigit():
        text = f"{head}+{tail}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _l("at must be a moment like 2024-04-29T10:00:00+08:00, not %(text)s", text=repr(text)),
            {"at": "invalid"},
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=agenda_.zone)
    return moment.astimezone(agenda_.zone)


def seconds_left_in_minute() -> int:
    """How long this minute's answer stays true: its max-age."""
    return 60 - datetime.now(UTC).second
