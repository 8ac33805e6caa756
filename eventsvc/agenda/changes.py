"""A release's changelog in one language, for the changes page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .model import Agenda, instant
from .names import display_name


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # added, removed, cancelled, rescheduled, moved, retitled, speaker_added, ...
    session: str  # uid
    title: str
    start: datetime | None  # the new time of a rescheduled session, in the event's zone
    room: str  # the new room of a moved session
    speaker: str  # the speaker added or removed


def changes(agenda: Agenda, changelog: list[dict], lang: str) -> tuple[Change, ...]:
    """Entries of a changelog, names looked up in agenda (the newest release) where they still
    exist."""
    return tuple(_change(agenda, entry, lang) for entry in changelog)


def _change(agenda: Agenda, entry: dict, lang: str) -> Change:
    start = (
        instant(entry["after"][0]).astimezone(agenda.zone)
        if entry["type"] == "rescheduled"
        else None
    )
    room = agenda.rooms_by_id.get(entry["after"]) if entry["type"] == "moved" else None
    speaker = agenda.speakers.get(entry["speaker"]) if "speaker" in entry else None
    return Change(
        kind=entry["type"],
        session=entry["session"],
        title=agenda.text(entry["title"], lang),
        start=start,
        room=agenda.text(room["name"], lang) if room else "",
        speaker=display_name(speaker, lang) if speaker else "",
    )


@dataclass(frozen=True, slots=True)
class Accepted:
    """A double booking a release went out with, as the public reads it: its kind, the
    sessions involved that the agenda still has (uid and title) and the publisher's reason.
    Who accepted it stays in the workspace."""

    kind: str  # speaker_double_booked or room_double_booked
    sessions: tuple[tuple[str, str], ...]
    reason: str


def accepted(agenda: Agenda, acceptances: list, lang: str) -> tuple[Accepted, ...]:
    """ConflictAcceptance rows of one release, session titles looked up in agenda."""
    return tuple(
        Accepted(
            kind=a.kind,
            sessions=tuple(
                (uid, agenda.text(agenda.sessions_by_uid[uid].title, lang))
                for uid in a.sessions
                if uid in agenda.sessions_by_uid
            ),
            reason=a.reason,
        )
        for a in acceptances
    )


def comment(agenda: Agenda, value: dict | None, lang: str) -> tuple[str, str]:
    """A release's comment in lang, falling back as every text does, and the language it is in
    (for the page's lang attribute)."""
    if not value:
        return "", lang
    for language in (lang, lang.split("-")[0], agenda.default_language):
        if value.get(language):
            return value[language], language
    language, text = next(iter(value.items()))
    return text, language
