"""Creating events, forums, rooms and organizations: validate, then add to the session.

Services take the actor explicitly and never commit: the request or command that calls
them commits once, or rolls back on any error.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..checks import whole_number
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..i18n import as_text_map, is_language
from ..sessions import times
from ..storable import web_url
from ..text import SLUG
from . import trail
from .models import Event, Forum, Organization, OrganizationRole, OrgRole, Room, check_timezone


def check_slug(slug: object, field: str = "slug") -> str:
    if not isinstance(slug, str) or not SLUG.match(slug) or len(slug) > 80:
        raise ValidationError(
            _l("%(field)s must be lower-case letters, digits and dashes", field=field),
            {field: "invalid slug"},
        )
    return slug


def parse_date(value: object, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(
            _l("%(field)s must be a date (YYYY-MM-DD)", field=field), {field: "invalid date"}
        ) from exc


def _optional_date(value: object, field: str) -> date | None:
    return None if value in (None, "") else parse_date(value, field)


def check_forum_dates(start: date | None, end: date | None) -> None:
    """An event's or a forum's dates: in the years times.py allows, the end not before the start."""
    times.check_event_days(start, end)
    if start and end and end < start:
        raise ValidationError(
            _l("the end date is before the start date"), {"end_date": "before start"}
        )


def check_event_dates(start: date, end: date) -> None:
    """An event's dates: a forum's rule, and a bounded length."""
    check_forum_dates(start, end)
    times.check_event_length(start, end)


def _taken(model, event_id: int | None, slug: str) -> bool:
    query = select(func.count()).select_from(model).where(model.slug == slug)
    if event_id is not None:
        query = query.where(model.event_id == event_id)
    return db.session.scalars(query).one() > 0


def create_event(data: dict, actor=None) -> Event:
    slug = check_slug(data.get("slug"))
    language = data.get("default_language") or "en"
    languages = list(dict.fromkeys([language, *(data.get("languages") or [])]))
    if not all(is_language(lang) for lang in languages):
        raise ValidationError(
            _l("languages must be language tags such as en or zh"), {"languages": "invalid"}
        )
    start = parse_date(data.get("start_date"), "start_date")
    end = parse_date(data.get("end_date", start), "end_date")
    check_event_dates(start, end)
    event = Event(
        slug=slug,
        name=as_text_map(data.get("name"), language, "name", required=True),
        default_language=language,
        languages=languages,
        timezone=check_timezone(data.get("timezone")),
        start_date=start,
        end_date=end,
        venue=as_text_map(data.get("venue"), language, "venue"),
        description=as_text_map(data.get("description"), language, "description"),
    )
    if _taken(Event, None, slug):
        raise Conflict(_l("an event with slug %(slug)s exists", slug=repr(slug)), {"slug": "taken"})
    db.session.add(event)
    db.session.flush()
    trail.created(event, actor)
    return event


def create_forum(event: Event, data: dict, actor=None) -> Forum:
    slug = check_slug(data.get("slug"))
    lang = event.default_language
    start = _optional_date(data.get("start_date"), "start_date")
    end = _optional_date(data.get("end_date"), "end_date")
    check_forum_dates(start, end)
    if _taken(Forum, event.id, slug):
        raise Conflict(
            _l("a forum with slug %(slug)s exists in this event", slug=repr(slug)),
            {"slug": "taken"},
        )
    forum = Forum(
        event_id=event.id,
        slug=slug,
        name=as_text_map(data.get("name"), lang, "name", required=True),
        theme=as_text_map(data.get("theme"), lang, "theme"),
        description=as_text_map(data.get("description"), lang, "description"),
        venue=as_text_map(data.get("venue"), lang, "venue"),
        start_date=start,
        end_date=end,
        position=whole_number(data.get("position"), "position") or 0,
    )
    db.session.add(forum)
    db.session.flush()
    trail.created(forum, actor)
    return forum


def create_room(event: Event, data: dict, actor=None) -> Room:
    slug = check_slug(data.get("slug"))
    capacity = whole_number(data.get("capacity"), "capacity", minimum=1)
    if _taken(Room, event.id, slug):
        raise Conflict(
            _l("a room with slug %(slug)s exists in this event", slug=repr(slug)),
            {"slug": "taken"},
        )
    room = Room(
        event_id=event.id,
        slug=slug,
        name=as_text_map(data.get("name"), event.default_language, "name", required=True),
        venue=as_text_map(data.get("venue"), event.default_language, "venue"),
        capacity=capacity,
        position=whole_number(data.get("position"), "position") or 0,
    )
    db.session.add(room)
    db.session.flush()
    trail.created(room, actor)
    return room


def create_organization(event: Event, data: dict, actor=None) -> Organization:
    slug = check_slug(data.get("slug"))
    country = data.get("country")
    if country is not None and not (
        isinstance(country, str) and len(country) == 2 and country.isalpha()
    ):
        raise ValidationError(
            _l("country must be an ISO 3166 two-letter code"), {"country": "invalid"}
        )
    if _taken(Organization, event.id, slug):
        raise Conflict(
            _l("an organization with slug %(slug)s exists in this event", slug=repr(slug)),
            {"slug": "taken"},
        )
    org = Organization(
        event_id=event.id,
        slug=slug,
        name=as_text_map(data.get("name"), event.default_language, "name", required=True),
        short_name=as_text_map(data.get("short_name"), event.default_language, "short_name"),
        country=country.upper() if country else None,
        website=web_url(data.get("website"), "website"),
    )
    db.session.add(org)
    db.session.flush()
    trail.created(org, actor)
    return org


def add_organization_role(
    organization: Organization,
    role: str,
    forum: Forum | None = None,
    position: int | None = None,
    actor=None,
) -> OrganizationRole:
    try:
        org_role = OrgRole(role)
    except ValueError as exc:
        raise ValidationError(
            _l("role must be one of %(roles)s", roles=", ".join(OrgRole)), {"role": "invalid"}
        ) from exc
    if forum is not None and forum.event_id != organization.event_id:
        raise ValidationError(_l("the forum belongs to another event"), {"forum": "other event"})
    same = (
        select(func.count())
        .select_from(OrganizationRole)
        .where(
            OrganizationRole.organization_id == organization.id,
            OrganizationRole.role == org_role,
            OrganizationRole.forum_id.is_(None)
            if forum is None
            else OrganizationRole.forum_id == forum.id,
        )
    )
    if db.session.scalar(same):
        raise Conflict(
            _l(
                "%(organization)s is already %(role)s there",
                organization=organization.slug,
                role=org_role,
            ),
            {"role": "taken"},
        )
    position = whole_number(position, "position")
    if position is None:
        position = db.session.scalar(
            select(func.count())
            .select_from(OrganizationRole)
            .where(
                OrganizationRole.event_id == organization.event_id,
                OrganizationRole.forum_id == (forum.id if forum else None),
            )
        )
    link = OrganizationRole(
        organization_id=organization.id,
        organization=organization,
        event_id=organization.event_id,
        forum_id=forum.id if forum else None,
        forum=forum,
        role=org_role,
        position=position,
    )
    db.session.add(link)
    db.session.flush()
    trail.created(link, actor)
    return link
