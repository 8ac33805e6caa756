"""Which sessions each public feed holds, and its rendered body, built once per release."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..errors import NotFound
from . import ical
from .current import ReleaseRef, agenda_for
from .model import Agenda, Talk
from .names import display_name
from .rendered import Rendered, cache, make

KINDS = ("event", "forum", "room", "speaker", "session")


@dataclass(frozen=True, slots=True)
class Selection:
    name: str
    sessions: list[Talk]


def _event(agenda: Agenda, _target: str | None, lang: str) -> Selection:
    return Selection(agenda.text(agenda.event["name"], lang), agenda.sessions)


def _forum(agenda: Agenda, slug: str, lang: str) -> Selection:
    forum = _found(agenda.forums_by_slug.get(slug), "forum", slug)
    return Selection(
        _within(agenda, agenda.text(forum["name"], lang), lang),
        agenda.sessions_by_forum.get(forum["id"], []),
    )


def _room(agenda: Agenda, slug: str, lang: str) -> Selection:
    room = _found(agenda.rooms_by_slug.get(slug), "room", slug)
    return Selection(
        _within(agenda, agenda.text(room["name"], lang), lang),
        agenda.sessions_by_room.get(room["id"], []),
    )


def _speaker(agenda: Agenda, slug: str, lang: str) -> Selection:
    speaker = _found(agenda.speakers_by_slug.get(slug), "speaker", slug)
    return Selection(
        _within(agenda, display_name(speaker, lang), lang),
        agenda.sessions_by_speaker.get(speaker["id"], []),
    )


def _session(agenda: Agenda, uid: str, lang: str) -> Selection:
    talk = _found(agenda.sessions_by_uid.get(uid), "session", uid)
    return Selection(agenda.text(talk.title, lang), [talk])


# Each takes (agenda, the slug or uid of what is chosen (None for the event), language).
_SELECT: dict[str, Callable[..., Selection]] = {
    "event": _event,
    "forum": _forum,
    "room": _room,
    "speaker": _speaker,
    "session": _session,
}


# One sentence for each kind of object: each must read as a whole sentence once translated.
_UNPUBLISHED = {
    "forum": lambda key: _l("no published forum %(key)s in this event", key=key),
    "room": lambda key: _l("no published room %(key)s in this event", key=key),
    "speaker": lambda key: _l("no published speaker %(key)s in this event", key=key),
    "session": lambda key: _l("no published session %(key)s in this event", key=key),
}


def _found(item, what: str, key: str):
    if item is None:
        raise NotFound(_UNPUBLISHED[what](repr(key)))
    return item


def _within(agenda: Agenda, name: str, lang: str) -> str:
    return f"{name} · {agenda.text(agenda.event['name'], lang)}"


def feed_key(kind: str, target: str | None, lang: str) -> str:
    """How feed_times.py names one public feed in one language."""
    return f"{lang}:{kind}:{target or ''}"


def select(agenda: Agenda, kind: str, target: str | None, lang: str) -> Selection:
    """The calendar name and sessions of one public feed; NotFound for an unknown target."""
    return _SELECT[kind](agenda, target, lang)


def feed_language(agenda: Agenda, choose: Callable[[list[str], str], str]) -> str:
    return choose(list(agenda.event["languages"]), agenda.default_language)


def rendered(
    ref: ReleaseRef, kind: str, target: str | None, lang: str, options: ical.Options
) -> Rendered:
    """The feed's bytes for this release, built on the first request and shared after that.

    A target that does not exist is checked on every request (it is a dict lookup), so an
    unknown forum is a 404 even when a body is cached under a similar key.
    """
    agenda = agenda_for(ref)
    selection = select(agenda, kind, target, lang)
    key = feed_key(kind, target, lang)

    def build() -> Rendered:
        body = ical.build(selection.name, [ical.Part(agenda, selection.sessions)], lang, options)
        # Settled at publish (feed_times.py); a release older than that: its own time.
        return make(body, agenda.feed_times.get(key, ref.published_at))

    return cache().get_or_build(f"{ref.digest}:ics:{key}", build)
