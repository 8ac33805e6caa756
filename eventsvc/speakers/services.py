"""Registering speakers: names in several scripts, validated, with a unique slug."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from ..audit import services as audit
from ..checks import whole_number
from ..errors import Conflict, ValidationError
from ..events.models import Event, Organization
from ..events.services import check_slug
from ..extensions import db
from ..i18n import as_text_map, is_language
from ..sessions.models import Appearance
from ..storable import MAX_LENGTH, check_text, web_url
from ..text import name_sort_key, slugify
from .models import Registration, Speaker, SpeakerName

_SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TEXT_FIELDS = ("honorific", "title", "affiliation", "bio")


def parse_names(raw: object) -> list[SpeakerName]:
    """[{"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": true}, ...]"""
    if not isinstance(raw, list) or not raw:
        raise ValidationError(_l("a speaker needs a name"), {"names": "required"})
    names, scripts = [], set()
    for position, item in enumerate(raw):
        if not isinstance(item, dict):
            raise ValidationError(_l("each name must be an object"), {"names": "invalid"})
        script = item.get("script") or "Latn"
        family = (item.get("family") or "").strip()
        given = (item.get("given") or "").strip()
        if not isinstance(script, str) or not _SCRIPT.match(script):
            raise ValidationError(
                _l("%(script)s is not an ISO 15924 script code", script=repr(script)),
                {"names": "invalid script"},
            )
        if not family and not given:
            raise ValidationError(_l("a speaker needs a name"), {"names": "required"})
        if script in scripts:
            raise ValidationError(
                _l("two names in script %(script)s", script=script), {"names": "duplicate script"}
            )
        for part in (family, given):
            check_text(part, "names", MAX_LENGTH["family"])
        scripts.add(script)
        names.append(
            SpeakerName(
                script=script,
                family=family,
                given=given,
                family_first=bool(item.get("family_first")),
                position=position,
            )
        )
    return names


def sort_key(names: list[SpeakerName]) -> str:
    primary = next((n for n in names if n.script == "Latn"), names[0])
    return name_sort_key(primary.family, primary.given)


def display_latin(names: list[SpeakerName]) -> str:
    n = next((n for n in names if n.script == "Latn"), names[0])
    parts = [n.family, n.given] if n.family_first else [n.given, n.family]
    return " ".join(p for p in parts if p)


def _unique_slug(event_id: int, base: str) -> str:
    taken = set(
        db.session.scalars(
            select(Speaker.slug).where(Speaker.event_id == event_id, Speaker.slug.startswith(base))
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply_fields(speaker: Speaker, event: Event, data: dict) -> None:
    """Validate data and set it on speaker (new or existing); the names only if given."""
    lang = event.default_language
    for field in TEXT_FIELDS:
        if field in data:
            setattr(speaker, field, as_text_map(data[field], lang, field))
    if "email" in data:
        email = check_text((data["email"] or "").strip().lower(), "email") or None
        if email and not EMAIL_PATTERN.match(email):
            raise ValidationError(_l("email is not an address"), {"email": "invalid"})
        speaker.email = email
    if "precedence" in data:
        speaker.precedence = whole_number(data["precedence"], "precedence")
    if "country" in data:
        country = (data["country"] or "").strip() or None
        if country and not (len(country) == 2 and country.isalpha()):
            raise ValidationError(
                _l("country must be an ISO 3166 two-letter code"), {"country": "invalid"}
            )
        speaker.country = country.upper() if country else None
    if "phone" in data:
        speaker.phone = check_text((data["phone"] or "").strip(), "phone") or None
    if "photo_url" in data:
        speaker.photo_url = web_url(data["photo_url"], "photo_url")
    if "organization_id" in data:
        org_id, org = data["organization_id"], None
        if org_id is not None:
            org = db.session.get(Organization, org_id)
            if org is None or org.event_id != event.id:
                raise ValidationError(
                    _l("no such organization in this event"), {"organization_id": "unknown"}
                )
        speaker.organization_id, speaker.organization = org_id, org
    if "registration" in data:
        speaker.registration = registration_state(data["registration"])
    if "public" in data:
        if not isinstance(data["public"], bool):
            raise ValidationError(_l("public must be true or false"), {"public": "invalid"})
        speaker.public = data["public"]
    if "language" in data:
        language = data["language"] or None
        if language is not None and not is_language(language):
            raise ValidationError(
                _l("%(language)s is not a language tag", language=repr(language)),
                {"language": "invalid"},
            )
        speaker.language = language
    if "names" in data:
        names = parse_names(data["names"])
        _replace_names(speaker, names)
        speaker.sort_name = sort_key(names)


def registration_state(value: object) -> Registration:
    if not value:
        return Registration.INVITED
    for state in Registration:
        if value == state.value:
            return state
    states = ", ".join(r.value for r in Registration)
    raise ValidationError(
        _l("registration must be one of %(states)s", states=states), {"registration": "invalid"}
    )


def _replace_names(speaker: Speaker, names: list[SpeakerName]) -> None:
    """Update names in place by script: a delete and an insert of the same script in one
    flush would meet the (speaker_id, script) unique constraint, since inserts go first."""
    existing = {n.script: n for n in speaker.names}
    merged = []
    for name in names:
        kept = existing.get(name.script)
        if kept is None:
            merged.append(name)
            continue
        kept.family, kept.given = name.family, name.given
        kept.family_first, kept.position = name.family_first, name.position
        merged.append(kept)
    speaker.names = merged


def speaker_state(speaker: Speaker) -> dict:
    """The speaker as the audit trail compares it: plain JSON values."""
    return {
        "names": [
            {
                "script": n.script,
                "family": n.family,
                "given": n.given,
                "family_first": n.family_first,
            }
            for n in speaker.names
        ],
        **{field: getattr(speaker, field) for field in TEXT_FIELDS},
        "organization_id": speaker.organization_id,
        "country": speaker.country,
        "photo_url": speaker.photo_url,
        "email": speaker.email,
        "phone": speaker.phone,
        "precedence": speaker.precedence,
        "language": speaker.language,
        "registration": (speaker.registration or Registration.INVITED).value,
        "public": speaker.public is not False,
        "arrived_at": speaker.arrived_at.isoformat() if speaker.arrived_at else None,
        "arrived_by_id": speaker.arrived_by_id,
    }


def create_speaker(event: Event, data: dict, actor=None, batch: bool = False) -> Speaker:
    """batch: the caller (an import) chose data["slug"] unique among all the event's speakers
    in one query, and flushes once at the end."""
    names = parse_names(data.get("names"))
    speaker = Speaker(event_id=event.id)
    apply_fields(speaker, event, data)
    slug = data.get("slug")
    if slug is not None:
        check_slug(slug)
    base = slug or slugify(display_latin(names), fallback="speaker")
    speaker.slug = base if batch and slug else _unique_slug(event.id, base)
    db.session.add(speaker)
    if not batch:
        db.session.flush()
    audit.record(
        event.id,
        actor,
        "created",
        "speaker",
        speaker.slug,
        display_latin(speaker.names),
        audit.diff({}, speaker_state(speaker)),
    )
    return speaker


def update_speaker(speaker: Speaker, event: Event, data: dict, actor=None) -> Speaker:
    """Change the fields present in data. The slug stays: public links use it."""
    before = speaker_state(speaker)
    apply_fields(speaker, event, data)
    changed = audit.diff(before, speaker_state(speaker))
    if changed:
        # The version (the ETag) must move when only the names changed, too.
        flag_modified(speaker, "sort_name")
        audit.record(
            event.id,
            actor,
            "updated",
            "speaker",
            speaker.slug,
            display_latin(speaker.names),
            changed,
        )
    db.session.flush()
    return speaker


def check_in(speaker: Speaker, event: Event, at: datetime, actor=None) -> Speaker:
    """Record the speaker's arrival (once: a second press keeps the first time); an invited
    speaker who arrives has confirmed."""
    if speaker.arrived_at is not None:
        return speaker
    before = speaker_state(speaker)
    speaker.arrived_at, speaker.arrived_by_id = at, actor.id if actor is not None else None
    if speaker.registration == Registration.INVITED:
        speaker.registration = Registration.CONFIRMED
    audit.record(
        event.id,
        actor,
        "updated",
        "speaker",
        speaker.slug,
        display_latin(speaker.names),
        audit.diff(before, speaker_state(speaker)),
    )
    db.session.flush()
    return speaker


def delete_speaker(speaker: Speaker, actor=None) -> None:
    """Refused while the speaker appears in a session: remove them from its sessions first."""
    sessions = db.session.scalar(
        select(func.count()).select_from(Appearance).where(Appearance.speaker_id == speaker.id)
    )
    if sessions:
        raise Conflict(
            _l(
                "the speaker appears in %(count)d session(s); remove them there first",
                count=sessions,
            ),
            {"speaker": "in sessions"},
        )
    audit.record(
        speaker.event_id,
        actor,
        "deleted",
        "speaker",
        speaker.slug,
        display_latin(speaker.names),
        audit.diff(speaker_state(speaker), {}),
    )
    db.session.delete(speaker)
    db.session.flush()
