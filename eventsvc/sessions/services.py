"""Creating sessions and placing speakers in them."""

from __future__ import annotations

from datetime import datetime

from ..errors import ValidationError
from ..events.models import Event, Forum, Room
from ..extensions import db
from ..i18n import as_text_map, is_language
from ..speakers.models import Speaker
from .models import Appearance, AppearanceRole, SessionKind, SessionStatus, Talk


def parse_instant(value: object, field: str, event: Event) -> datetime:
    """An ISO 8601 time; without an offset it is read in the event's time zone."""
    if isinstance(value, datetime):
        instant = value
    else:
        try:
            instant = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValidationError(f"{field} must be an ISO 8601 time", {field: "invalid time"}) from exc
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=event.zone)
    return instant


def _choice(enum_cls, value, field: str, default):
    if value in (None, ""):
        return default
    try:
        return enum_cls(value)
    except ValueError as exc:
        raise ValidationError(f"{field} must be one of {', '.join(enum_cls)}", {field: "invalid"}) from exc


def apply_fields(talk: Talk, event: Event, data: dict) -> None:
    lang = event.default_language
    if "title" in data:
        talk.title = as_text_map(data["title"], lang, "title", required=True)
    if "description" in data:
        talk.description = as_text_map(data["description"], lang, "description")
    if "kind" in data:
        talk.kind = _choice(SessionKind, data["kind"], "kind", SessionKind.OTHER)
    if "status" in data:
        talk.status = _choice(SessionStatus, data["status"], "status", SessionStatus.CONFIRMED)
    if "language" in data:
        if data["language"] and not is_language(data["language"]):
            raise ValidationError("language must be a language tag", {"language": "invalid"})
        talk.language = data["language"] or None
    if "start" in data:
        talk.start_at = parse_instant(data["start"], "start", event)
    if "end" in data:
        talk.end_at = parse_instant(data["end"], "end", event)
    if talk.start_at and talk.end_at and talk.end_at <= talk.start_at:
        raise ValidationError("the session ends before it starts", {"end": "not after start"})
    if "room" in data:
        talk.room = _room(event, data["room"])
    if "forum" in data:
        forum = data["forum"]
        if not isinstance(forum, Forum) or forum.event_id != event.id:
            raise ValidationError("no such forum in this event", {"forum": "unknown"})
        talk.forum = forum
        talk.forum_id = forum.id


def _room(event: Event, room: Room | None) -> Room | None:
    if room is not None and (not isinstance(room, Room) or room.event_id != event.id):
        raise ValidationError("no such room in this event", {"room": "unknown"})
    return room


def create_session(forum: Forum, data: dict, actor=None) -> Talk:
    event = forum.event
    for field in ("title", "start", "end"):
        if data.get(field) in (None, "", {}):
            raise ValidationError(f"{field} is required", {field: "required"})
    talk = Talk(event_id=event.id, forum_id=forum.id, forum=forum)
    apply_fields(talk, event, {"kind": None, "status": None, **data, "forum": forum})
    db.session.add(talk)
    db.session.flush()
    return talk


def add_appearance(talk: Talk, speaker: Speaker, role: str = "speaker", position: int | None = None,
                   title=None, affiliation=None, actor=None) -> Appearance:
    if speaker.event_id != talk.event_id:
        raise ValidationError("the speaker belongs to another event", {"speaker": "other event"})
    lang = talk.forum.event.default_language
    appearance = Appearance(
        session_id=talk.id, speaker_id=speaker.id,
        role=_choice(AppearanceRole, role, "role", AppearanceRole.SPEAKER),
        position=len(talk.appearances) if position is None else position,
        title=as_text_map(title, lang, "title"), affiliation=as_text_map(affiliation, lang, "affiliation"),
    )
    talk.appearances.append(appearance)
    db.session.flush()
    return appearance
