"""How the audit trail sees events, forums, rooms, organizations and their roles.

Each state is plain JSON (texts as language maps, dates as ISO strings, other objects by
slug), so two states compare field by field and the page can label every field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..audit import services as audit
from ..extensions import db
from ..i18n import pick
from .models import Event, Forum, Organization, OrganizationRole, Room


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def event_state(event: Event) -> dict:
    return {
        "slug": event.slug,
        "name": event.name,
        "default_language": event.default_language,
        "languages": list(event.languages or []),
        "timezone": event.timezone,
        "start_date": _iso(event.start_date),
        "end_date": _iso(event.end_date),
        "venue": event.venue,
        "description": event.description,
    }


def forum_state(forum: Forum) -> dict:
    return {
        "slug": forum.slug,
        "name": forum.name,
        "theme": forum.theme,
        "description": forum.description,
        "venue": forum.venue,
        "start_date": _iso(forum.start_date),
        "end_date": _iso(forum.end_date),
        "position": forum.position,
    }


def room_state(room: Room) -> dict:
    return {
        "slug": room.slug,
        "name": room.name,
        "venue": room.venue,
        "capacity": room.capacity,
        "position": room.position,
    }


def organization_state(org: Organization) -> dict:
    return {
        "slug": org.slug,
        "name": org.name,
        "short_name": org.short_name,
        "country": org.country,
        "website": org.website,
    }


def organization_role_state(link: OrganizationRole) -> dict:
    return {
        "organization": link.organization.slug,
        "role": link.role.value,
        "forum": link.forum.slug if link.forum is not None else None,
        "position": link.position,
    }


STATES: dict[type, tuple[str, Callable[[Any], dict]]] = {
    Event: ("event", event_state),
    Forum: ("forum", forum_state),
    Room: ("room", room_state),
    Organization: ("organization", organization_state),
    OrganizationRole: ("organization_role", organization_role_state),
}


def _event(obj) -> Event:
    if isinstance(obj, Event):
        return obj
    return db.session.get_one(Event, obj.event_id)


def _key_and_label(obj, event: Event) -> tuple[str, str]:
    lang = event.default_language
    if isinstance(obj, OrganizationRole):
        return str(obj.id), pick(obj.organization.name, lang, lang)
    return obj.slug, pick(obj.name, lang, lang)


def state(obj) -> dict:
    return STATES[type(obj)][1](obj)


def created(obj, actor) -> None:
    """The trail's entry for obj, just added and flushed: every field it was given."""
    _write(obj, actor, "created", {}, state(obj))


def updated(obj, before: dict, actor) -> None:
    """The trail's entry for the fields of obj that differ from before; none if nothing did."""
    _write(obj, actor, "updated", before, state(obj))


def deleted(obj, actor) -> None:
    """The trail's entry for obj, about to be deleted: every field it had."""
    _write(obj, actor, "deleted", state(obj), {})


def _write(obj, actor, action: str, before: dict, after: dict) -> None:
    changes = audit.diff(before, after)
    if action == "updated" and not changes:
        return
    event = _event(obj)
    key, label = _key_and_label(obj, event)
    audit.record(event.id, actor, action, STATES[type(obj)][0], key, label, changes)
