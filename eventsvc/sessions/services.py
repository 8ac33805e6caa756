"""Creating, editing and deleting sessions and placing speakers in them.

Every change is written to the audit trail in the same transaction.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from ..audit import services as audit
from ..db import utc_iso
from ..errors import Conflict, ValidationError
from ..events.models import Event, Forum, Room
from ..extensions import db
from ..i18n import as_text_map, is_language, pick
from ..speakers.models import Speaker
from ..storable import SHORT, check_text, web_url
from . import times
from .models import Appearance, AppearanceRole, SessionKind, SessionStatus, Talk

_UID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$")


def parse_instant(value: object, field: str, event: Event) -> datetime:
    """An ISO 8601 time, in UTC; without an offset it is read in the event's time zone.

    Only checked against the database's bound (times.py): the window around the event is
    apply_fields' to check."""
    if isinstance(value, datetime):
        instant = value
    else:
        try:
            instant = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValidationError(
                _l("%(field)s must be an ISO 8601 time", field=field), {field: "invalid time"}
            ) from exc
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=event.zone)
    return times.in_utc(instant, field)


def _choice(enum_cls, value, field: str, default):
    if value in (None, ""):
        return default
    try:
        return enum_cls(value)
    except ValueError as exc:
        raise ValidationError(
            _l("%(field)s must be one of %(choices)s", field=field, choices=", ".join(enum_cls)),
            {field: "invalid"},
        ) from exc


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
            raise ValidationError(_l("language must be a language tag"), {"language": "invalid"})
        talk.language = data["language"] or None
    _interchange_fields(talk, lang, data)
    for field, column in (("start", "start_at"), ("end", "end_at")):
        if field in data:
            instant = parse_instant(data[field], field, event)
            times.check_session_time(instant, field, event.start_date, event.end_date, event.zone)
            setattr(talk, column, instant)
    if talk.start_at and talk.end_at and talk.end_at <= talk.start_at:
        raise ValidationError(_l("the session ends before it starts"), {"end": "not after start"})
    if "room" in data:
        talk.room = _room(event, data["room"])
    if "forum" in data:
        forum = data["forum"]
        if not isinstance(forum, Forum) or forum.event_id != event.id:
            raise ValidationError(_l("no such forum in this event"), {"forum": "unknown"})
        talk.forum = forum
        talk.forum_id = forum.id


def _interchange_fields(talk: Talk, lang: str, data: dict) -> None:
    """The fields schedule files carry beyond ours (see the Talk model)."""
    for field in ("subtitle", "details"):
        if field in data:
            setattr(talk, field, as_text_map(data[field], lang, field))
    if "do_not_record" in data:
        if not isinstance(data["do_not_record"], bool):
            raise ValidationError(
                _l("do_not_record must be true or false"), {"do_not_record": "invalid"}
            )
        talk.do_not_record = data["do_not_record"]
    if "origin_url" in data:
        talk.origin_url = web_url(data["origin_url"], "origin_url")
    if "type_name" in data:
        name = data["type_name"]
        if name is not None and (not isinstance(name, str) or not 0 < len(name.strip()) <= 50):
            raise ValidationError(
                _l("type_name must be up to 50 characters"), {"type_name": "invalid"}
            )
        talk.type_name = check_text(name.strip(), "type_name") if name else None
    if "links" in data:
        links = data["links"] or []
        if not isinstance(links, list) or not all(isinstance(link, dict) for link in links):
            raise ValidationError(_l("links must be a list of objects"), {"links": "invalid"})
        talk.links = [
            {
                "url": web_url(link.get("url"), "links") or "",
                "title": _short(link.get("title"), "links"),
                "type": _short(link.get("type"), "links"),
            }
            for link in links
        ] or None
        if talk.links and not all(link["url"] for link in talk.links):
            raise ValidationError(_l("each link needs an http(s) url"), {"links": "invalid"})


def _short(value, field: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValidationError(
            _l("%(field)s: a title or type must be a string", field=field), {field: "invalid"}
        )
    return check_text(value, field, SHORT)


def _room(event: Event, room: Room | None) -> Room | None:
    if room is not None and (not isinstance(room, Room) or room.event_id != event.id):
        raise ValidationError(_l("no such room in this event"), {"room": "unknown"})
    return room


def session_state(talk: Talk) -> dict:
    """The session as the audit trail compares it: plain JSON values, others by slug."""
    return {
        "forum": talk.forum.slug,
        "title": talk.title,
        "kind": talk.kind.value,
        "description": talk.description,
        "start": utc_iso(talk.start_at),
        "end": utc_iso(talk.end_at),
        "room": talk.room.slug if talk.room else None,
        "status": talk.status.value,
        "language": talk.language,
        "speakers": [[a.speaker.slug, a.role.value] for a in talk.appearances],
        "subtitle": talk.subtitle,
        "details": talk.details,
        "do_not_record": bool(talk.do_not_record),
        "links": talk.links,
        "origin_url": talk.origin_url,
        "type_name": talk.type_name,
    }


def _label(talk: Talk, event: Event) -> str:
    return pick(talk.title, event.default_language, event.default_language)


def parse_appearances(event: Event, items: object) -> list[dict]:
    """[{"speaker": Speaker, "role": ..., "title": ..., "affiliation": ...}, ...], checked."""
    if not isinstance(items, list):
        raise ValidationError(_l("speakers must be a list"), {"speakers": "invalid"})
    lang, seen, parsed = event.default_language, set(), []
    for item in items:
        speaker = item.get("speaker") if isinstance(item, dict) else None
        if not isinstance(speaker, Speaker) or speaker.event_id != event.id:
            raise ValidationError(
                _l("no such speaker in this event"), {"speakers": "unknown speaker"}
            )
        if speaker in seen:
            raise ValidationError(
                _l("speaker %(speaker)s is listed twice", speaker=speaker.slug),
                {"speakers": "duplicate"},
            )
        seen.add(speaker)
        parsed.append(
            {
                "speaker": speaker,
                "role": _choice(AppearanceRole, item.get("role"), "role", AppearanceRole.SPEAKER),
                "title": as_text_map(item.get("title"), lang, "title"),
                "affiliation": as_text_map(item.get("affiliation"), lang, "affiliation"),
            }
        )
    return parsed


def _set_appearances(talk: Talk, parsed: list[dict]) -> None:
    """Replace the speakers, updating kept ones in place: a delete and an insert of the same
    speaker in one flush would meet the (session_id, speaker_id) unique constraint."""
    existing = {a.speaker_id: a for a in talk.appearances}
    merged = []
    for position, item in enumerate(parsed):
        appearance = existing.get(item["speaker"].id) or Appearance(speaker=item["speaker"])
        appearance.role, appearance.position = item["role"], position
        appearance.title, appearance.affiliation = item["title"], item["affiliation"]
        merged.append(appearance)
    talk.appearances = merged


def _check_uid(uid: object, known_free: bool = False) -> str:
    if not isinstance(uid, str) or not _UID.match(uid):
        raise ValidationError(
            _l("uid must be up to 36 letters, digits, dots and dashes"), {"uid": "invalid"}
        )
    if not known_free and db.session.scalar(
        select(func.count()).select_from(Talk).where(Talk.uid == uid)
    ):
        raise Conflict(_l("a session with uid %(uid)s exists", uid=uid), {"uid": "taken"})
    return uid


def create_session(forum: Forum, data: dict, actor=None, batch: bool = False) -> Talk:
    """A new session; data["speakers"] (Speaker objects with roles) and data["uid"] are optional.

    batch: the caller (an import of thousands) has checked data["uid"] against every session
    in one query, and flushes once at the end: a query and a flush per session cost minutes.
    """
    event = forum.event
    for field in ("title", "start", "end"):
        if data.get(field) in (None, "", {}):
            raise ValidationError(_l("%(field)s is required", field=field), {field: "required"})
    speakers = parse_appearances(event, data.get("speakers") or [])
    talk = Talk(event_id=event.id, forum_id=forum.id, forum=forum)
    if data.get("uid") is not None:
        talk.uid = _check_uid(data["uid"], known_free=batch)
    apply_fields(talk, event, {"kind": None, "status": None, **data, "forum": forum})
    _set_appearances(talk, speakers)
    db.session.add(talk)
    if not batch:
        db.session.flush()
    audit.record(
        event.id,
        actor,
        "created",
        "session",
        talk.uid,
        _label(talk, event),
        audit.diff({}, session_state(talk)),
    )
    return talk


def update_session(talk: Talk, data: dict, actor=None) -> Talk:
    """Change the fields present in data; data["speakers"], if present, replaces the speakers."""
    event = talk.forum.event
    before = session_state(talk)
    speakers = parse_appearances(event, data["speakers"]) if "speakers" in data else None
    apply_fields(talk, event, {k: v for k, v in data.items() if k not in ("speakers", "uid")})
    if speakers is not None:
        _set_appearances(talk, speakers)
    changed = audit.diff(before, session_state(talk))
    if changed:
        # The version (the ETag) must move when only the speakers changed, too.
        flag_modified(talk, "title")
        audit.record(event.id, actor, "updated", "session", talk.uid, _label(talk, event), changed)
    db.session.flush()
    return talk


def delete_session(talk: Talk, actor=None) -> None:
    event = talk.forum.event
    audit.record(
        event.id,
        actor,
        "deleted",
        "session",
        talk.uid,
        _label(talk, event),
        audit.diff(session_state(talk), {}),
    )
    db.session.delete(talk)
    db.session.flush()


def add_appearance(
    talk: Talk,
    speaker: Speaker,
    role: str = "speaker",
    position: int | None = None,
    title=None,
    affiliation=None,
    actor=None,
) -> Appearance:
    if speaker.event_id != talk.event_id:
        raise ValidationError(
            _l("the speaker belongs to another event"), {"speaker": "other event"}
        )
    before = session_state(talk)
    event = talk.forum.event
    lang = event.default_language
    appearance = Appearance(
        session_id=talk.id,
        speaker_id=speaker.id,
        speaker=speaker,
        role=_choice(AppearanceRole, role, "role", AppearanceRole.SPEAKER),
        position=len(talk.appearances) if position is None else position,
        title=as_text_map(title, lang, "title"),
        affiliation=as_text_map(affiliation, lang, "affiliation"),
    )
    talk.appearances.append(appearance)
    record_speakers_change(talk, before, actor)
    db.session.flush()
    return appearance


def record_speakers_change(talk: Talk, before: dict, actor=None) -> None:
    """After a change to a session's speakers: bump its version (the row itself may be
    unchanged) and write the audit trail, if anything changed."""
    changed = audit.diff(before, session_state(talk))
    if changed:
        flag_modified(talk, "title")
        event = talk.forum.event
        audit.record(event.id, actor, "updated", "session", talk.uid, _label(talk, event), changed)
