"""Editing events, forums, rooms and organizations: validate every given field, then set them.

Like the create_* services: the actor is passed in, nothing is committed here, and a
ValidationError or Conflict leaves the object as it was (every field is checked before
the first one is set). Only the keys present in data change.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..checks import whole_number
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..i18n import as_text_map, is_language
from ..sessions import times
from ..sessions.models import Talk
from ..storable import web_url
from . import trail
from .models import Event, Forum, Organization, OrganizationRole, Room, check_timezone
from .services import _optional_date, check_event_dates, check_forum_dates, check_slug, parse_date

_TEXT_FIELDS = {
    Event: ("venue", "description"),
    Forum: ("theme", "description", "venue"),
    Room: ("venue",),
    Organization: ("short_name",),
}


def _slug_free(obj, slug: str) -> None:
    model = type(obj)
    query = select(func.count()).select_from(model).where(model.slug == slug, model.id != obj.id)
    if model is not Event:
        query = query.where(model.event_id == obj.event_id)
    if db.session.scalar(query):
        raise Conflict(_l("the slug %(slug)s is taken", slug=repr(slug)), {"slug": "taken"})


def _common(obj, lang: str, data: dict) -> dict:
    """The validated slug, name and optional texts among data."""
    out: dict[str, object] = {}
    if "slug" in data and data["slug"] != obj.slug:
        out["slug"] = slug = check_slug(data["slug"])
        _slug_free(obj, slug)
    if "name" in data:
        out["name"] = as_text_map(data["name"], lang, "name", required=True)
    for field in _TEXT_FIELDS[type(obj)]:
        if field in data:
            out[field] = as_text_map(data[field], lang, field)
    if "position" in data:
        out["position"] = whole_number(data["position"], "position", minimum=0) or 0
    return out


def _set(obj, values: dict, actor):
    """Set the validated values and write what changed to the audit trail."""
    before = trail.state(obj)
    for field, value in values.items():
        setattr(obj, field, value)
    db.session.flush()
    trail.updated(obj, before, actor)
    return obj


def update_event(event: Event, data: dict, actor=None) -> Event:
    values = _common(event, event.default_language, data)
    if "languages" in data:
        languages = list(dict.fromkeys([event.default_language, *(data["languages"] or [])]))
        if not all(is_language(lang) for lang in languages):
            raise ValidationError(
                _l("languages must be language tags such as en or zh"), {"languages": "invalid"}
            )
        values["languages"] = languages
    if "timezone" in data:
        values["timezone"] = check_timezone(data["timezone"])
    start = (
        parse_date(data["start_date"], "start_date") if "start_date" in data else event.start_date
    )
    end = parse_date(data["end_date"], "end_date") if "end_date" in data else event.end_date
    check_event_dates(start, end)
    if (start, end) != (event.start_date, event.end_date) or "timezone" in values:
        _sessions_stay_within(event, start, end, ZoneInfo(values.get("timezone", event.timezone)))
    return _set(event, {**values, "start_date": start, "end_date": end}, actor)


def _sessions_stay_within(event: Event, start: date, end: date, zone: ZoneInfo) -> None:
    """New dates (or zone) must keep the event's sessions within its window (sessions/times.py):
    move the sessions first, then the event."""
    first, last = db.session.execute(
        select(func.min(Talk.start_at), func.max(Talk.end_at)).where(Talk.event_id == event.id)
    ).one()
    if first is None:
        return
    try:
        times.check_session_time(first, "start_date", start, end, zone)
        times.check_session_time(last, "end_date", start, end, zone)
    except ValidationError as exc:
        raise ValidationError(
            _l(
                "the event's sessions run from %(first)s to %(last)s (event time): "
                "move them before changing the dates",
                first=f"{first.astimezone(zone):%Y-%m-%d %H:%M}",
                last=f"{last.astimezone(zone):%Y-%m-%d %H:%M}",
            ),
            exc.fields,
        ) from exc


def update_forum(forum: Forum, data: dict, actor=None) -> Forum:
    values = _common(forum, forum.event.default_language, data)
    start = (
        _optional_date(data["start_date"], "start_date")
        if "start_date" in data
        else forum.start_date
    )
    end = _optional_date(data["end_date"], "end_date") if "end_date" in data else forum.end_date
    check_forum_dates(start, end)
    return _set(forum, {**values, "start_date": start, "end_date": end}, actor)


def update_room(room: Room, data: dict, actor=None) -> Room:
    values = _common(room, room.event.default_language, data)
    if "capacity" in data:
        values["capacity"] = whole_number(data["capacity"], "capacity", minimum=1)
    return _set(room, values, actor)


def update_organization(org: Organization, event: Event, data: dict, actor=None) -> Organization:
    values = _common(org, event.default_language, data)
    if "country" in data:
        country = (data["country"] or "").strip()
        if country and not (len(country) == 2 and country.isalpha()):
            raise ValidationError(
                _l("country must be an ISO 3166 two-letter code"), {"country": "invalid"}
            )
        values["country"] = country.upper() or None
    if "website" in data:
        values["website"] = web_url(data["website"], "website")
    return _set(org, values, actor)


def move_organization_role(link: OrganizationRole, position: int, actor=None) -> OrganizationRole:
    return _set(link, {"position": whole_number(position, "position", minimum=0) or 0}, actor)


def remove_organization_role(link: OrganizationRole, actor=None) -> None:
    trail.deleted(link, actor)
    db.session.delete(link)
    db.session.flush()
