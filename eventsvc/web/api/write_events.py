"""Writing events (admins create them), their forums, rooms, organizations and the roles
organizations hold at the event or at a forum; the draft reads that give ETags."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ...auth.permissions import (
    can_create_event,
    can_create_forum,
    can_delete_forum,
    can_manage_forum,
    can_manage_organizations,
    can_manage_rooms,
    organizes_event,
)
from ...errors import NotFound
from ...events import deletion, services, updates
from ...events.models import Event, Forum, Organization, OrganizationRole, OrgRole, Room
from ...extensions import db
from .common import (
    ETAG,
    READ_ERRORS,
    WRITE_ERRORS,
    Text,
    actor,
    allow,
    by_slug,
    check_if_match,
    committed,
    documented,
    event_in_scope,
    in_scope,
    install_guards,
    length,
    referenced,
    tagged,
)
from .working import (
    EventOut,
    ForumOut,
    OrganizationOut,
    OrgRoleOut,
    RoomOut,
    event_json,
    forum_json,
    org_role_json,
    organization_json,
    room_json,
)

blp = Blueprint(
    "write-events",
    __name__,
    url_prefix="/api/v1",
    description="Writing events, forums, rooms and organizations",
)
install_guards(blp)

_SLUG = {"description": "lower-case letters, digits and dashes; never changes"}


_DATES = {
    "description": "in the years 1950 to 2150; on PATCH, the event's sessions must stay within "
    "a week of its days (422 otherwise)"
}


class EventCreate(Schema):
    slug = fields.String(required=True, validate=length("slug"), metadata=_SLUG)
    name = Text("name", required=True)
    default_language = fields.String(
        validate=length("language"), metadata={"description": "en when absent; fixed once created"}
    )
    languages = fields.List(fields.String(validate=length("language")))
    timezone = fields.String(
        required=True,
        validate=length("timezone"),
        metadata={"description": "IANA, such as Asia/Shanghai"},
    )
    start_date = fields.Date(required=True, metadata=_DATES)
    end_date = fields.Date(
        metadata={"description": "the start date when absent; at most 366 days after it"}
    )
    venue = Text("venue", allow_none=True)
    description = Text("description", allow_none=True)


class EventPatch(EventCreate):
    class Meta:
        exclude = ("slug", "default_language")


class ForumCreate(Schema):
    slug = fields.String(required=True, validate=length("slug"), metadata=_SLUG)
    name = Text("name", required=True)
    theme = Text("theme", allow_none=True)
    description = Text("description", allow_none=True)
    venue = Text("venue", allow_none=True)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    position = fields.Integer(strict=True, validate=validate.Range(min=0))


class ForumPatch(ForumCreate):
    class Meta:
        exclude = ("slug",)


class RoomCreate(Schema):
    slug = fields.String(required=True, validate=length("slug"), metadata=_SLUG)
    name = Text("name", required=True)
    venue = Text("venue", allow_none=True)
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1))
    position = fields.Integer(strict=True, validate=validate.Range(min=0))


class RoomPatch(RoomCreate):
    class Meta:
        exclude = ("slug",)


class OrganizationCreate(Schema):
    slug = fields.String(required=True, validate=length("slug"), metadata=_SLUG)
    name = Text("name", required=True)
    short_name = Text("short_name", allow_none=True)
    country = fields.String(
        allow_none=True,
        validate=length("country"),
        metadata={"description": "ISO 3166 two-letter code"},
    )
    website = fields.String(allow_none=True, validate=length("website"), metadata={"format": "uri"})


class OrganizationPatch(OrganizationCreate):
    class Meta:
        exclude = ("slug",)


class OrgRoleCreate(Schema):
    organization = fields.String(
        required=True, validate=length("slug"), metadata={"description": "the organization's slug"}
    )
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in OrgRole]))
    position = fields.Integer(strict=True, validate=validate.Range(min=0))


# ---- events ----------------------------------------------------------------------------


@blp.route("/events", methods=["POST"])
@blp.arguments(EventCreate)
@blp.response(201, EventOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
def create_event(body):
    """Create an event (admins)."""
    allow(can_create_event(actor()))
    event = services.create_event(body, actor=actor())
    return tagged(event_json(event), event, 201, Location=f"/api/v1/events/{event.slug}/draft")


@blp.route("/events/<event>/draft", methods=["GET"])
@blp.response(200, EventOut, headers=ETAG)
@documented(blp, *READ_ERRORS)
@in_scope()
def draft_event(event: Event):
    """The event's working copy and its ETag (staff and organizers)."""
    return tagged(event_json(event), event)


@blp.route("/events/<event>", methods=["PATCH"])
@blp.arguments(EventPatch(partial=True))
@blp.response(200, EventOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def update_event(body, event: Event):
    """Change the event (its organizers)."""
    allow(organizes_event(actor(), event.id))
    check_if_match(event)
    updates.update_event(event, body, actor=actor())
    return tagged(event_json(event), event)


# ---- forums ----------------------------------------------------------------------------


@blp.route("/events/<event>/forums", methods=["POST"])
@blp.arguments(ForumCreate)
@blp.response(201, ForumOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def create_forum(body, event: Event):
    """Add a forum (organizers of the event)."""
    allow(can_create_forum(actor(), event.id))
    forum = services.create_forum(event, body, actor=actor())
    return tagged(
        forum_json(forum),
        forum,
        201,
        Location=f"/api/v1/events/{event.slug}/draft/forums/{forum.slug}",
    )


@blp.route("/events/<event>/draft/forums/<forum>", methods=["GET"])
@blp.response(200, ForumOut, headers=ETAG)
@documented(blp, *READ_ERRORS)
@in_scope(forum=Forum)
def draft_forum(event: Event, forum: Forum):
    return tagged(forum_json(forum), forum)


@blp.route("/events/<event>/forums/<forum>", methods=["PATCH"])
@blp.arguments(ForumPatch(partial=True))
@blp.response(200, ForumOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(forum=Forum)
def update_forum(body, event: Event, forum: Forum):
    """Change a forum (its organizers or the event's)."""
    allow(can_manage_forum(actor(), event.id, forum.id))
    check_if_match(forum)
    updates.update_forum(forum, body, actor=actor())
    return tagged(forum_json(forum), forum)


@blp.route("/events/<event>/forums/<forum>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(forum=Forum)
def delete_forum(event: Event, forum: Forum):
    """Delete a forum that has no sessions (organizers of the event)."""
    allow(can_delete_forum(actor(), event.id))
    check_if_match(forum)
    deletion.delete_forum(forum, actor=actor())
    return "", 204


# ---- rooms -----------------------------------------------------------------------------


@blp.route("/events/<event>/rooms", methods=["POST"])
@blp.arguments(RoomCreate)
@blp.response(201, RoomOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def create_room(body, event: Event):
    """Add a room (organizers of the event: rooms are shared by all forums)."""
    allow(can_manage_rooms(actor(), event.id))
    room = services.create_room(event, body, actor=actor())
    return tagged(
        room_json(room), room, 201, Location=f"/api/v1/events/{event.slug}/draft/rooms/{room.slug}"
    )


@blp.route("/events/<event>/draft/rooms/<room>", methods=["GET"])
@blp.response(200, RoomOut, headers=ETAG)
@documented(blp, *READ_ERRORS)
@in_scope(room=Room)
def draft_room(event: Event, room: Room):
    return tagged(room_json(room), room)


@blp.route("/events/<event>/rooms/<room>", methods=["PATCH"])
@blp.arguments(RoomPatch(partial=True))
@blp.response(200, RoomOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(room=Room)
def update_room(body, event: Event, room: Room):
    allow(can_manage_rooms(actor(), event.id))
    check_if_match(room)
    updates.update_room(room, body, actor=actor())
    return tagged(room_json(room), room)


@blp.route("/events/<event>/rooms/<room>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(room=Room)
def delete_room(event: Event, room: Room):
    """Delete a room no session uses."""
    allow(can_manage_rooms(actor(), event.id))
    check_if_match(room)
    deletion.delete_room(room, actor=actor())
    return "", 204


# ---- organizations ---------------------------------------------------------------------


@blp.route("/events/<event>/organizations", methods=["POST"])
@blp.arguments(OrganizationCreate)
@blp.response(201, OrganizationOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def create_organization(body, event: Event):
    """Add an organization (organizers of the event: organizations are shared by all forums)."""
    allow(can_manage_organizations(actor(), event.id))
    org = services.create_organization(event, body, actor=actor())
    return tagged(
        organization_json(org),
        org,
        201,
        Location=f"/api/v1/events/{event.slug}/draft/organizations/{org.slug}",
    )


@blp.route("/events/<event>/draft/organizations/<organization>", methods=["GET"])
@blp.response(200, OrganizationOut, headers=ETAG)
@documented(blp, *READ_ERRORS)
@in_scope(organization=Organization)
def draft_organization(event: Event, organization: Organization):
    return tagged(organization_json(organization), organization)


@blp.route("/events/<event>/organizations/<organization>", methods=["PATCH"])
@blp.arguments(OrganizationPatch(partial=True))
@blp.response(200, OrganizationOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(organization=Organization)
def update_organization(body, event: Event, organization: Organization):
    allow(can_manage_organizations(actor(), event.id))
    check_if_match(organization)
    updates.update_organization(organization, event, body, actor=actor())
    return tagged(organization_json(organization), organization)


@blp.route("/events/<event>/organizations/<organization>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(organization=Organization)
def delete_organization(event: Event, organization: Organization):
    """Delete an organization no speaker belongs to; its roles go with it."""
    allow(can_manage_organizations(actor(), event.id))
    check_if_match(organization)
    deletion.delete_organization(organization, actor=actor())
    return "", 204


# ---- organizations' roles at the event and at forums ---------------------------------------


def _role_scope(event_slug: str, forum_slug: str | None) -> tuple[Event, Forum | None]:
    event = event_in_scope(event_slug)
    forum = by_slug(Forum, event, forum_slug, "forum") if forum_slug else None
    allow(
        can_manage_forum(actor(), event.id, forum.id)
        if forum
        else organizes_event(actor(), event.id)
    )
    return event, forum


def _add_role(body: dict, event: Event, forum: Forum | None):
    organization = referenced(Organization, event, body["organization"], "organization")
    link = services.add_organization_role(
        organization, body["role"], forum, body.get("position"), actor=actor()
    )
    return org_role_json(link), 201


def _remove_role(event: Event, forum: Forum | None, organization: str, role: str):
    link = None
    if role in {r.value for r in OrgRole}:
        link = db.session.scalar(
            select(OrganizationRole)
            .join(Organization)
            .where(
                OrganizationRole.event_id == event.id,
                Organization.slug == organization,
                OrganizationRole.role == role,
                OrganizationRole.forum_id.is_(None)
                if forum is None
                else OrganizationRole.forum_id == forum.id,
            )
        )
    if link is None:
        raise NotFound(
            _l("%(organization)s has no role %(role)s here", organization=organization, role=role)
        )
    updates.remove_organization_role(link, actor=actor())
    return "", 204


@blp.route("/events/<event>/roles", methods=["POST"])
@blp.arguments(OrgRoleCreate)
@blp.response(201, OrgRoleOut)
@documented(blp, *WRITE_ERRORS)
@committed
def add_event_role(body, event):
    """Give an organization a role at the event (host, organizer, co-organizer, supporter)."""
    return _add_role(body, *_role_scope(event, None))


@blp.route("/events/<event>/roles/<organization>/<role>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
def remove_event_role(event, organization, role):
    return _remove_role(*_role_scope(event, None), organization, role)


@blp.route("/events/<event>/forums/<forum>/roles", methods=["POST"])
@blp.arguments(OrgRoleCreate)
@blp.response(201, OrgRoleOut)
@documented(blp, *WRITE_ERRORS)
@committed
def add_forum_role(body, event, forum):
    """Give an organization a role at a forum (its organizers or the event's)."""
    return _add_role(body, *_role_scope(event, forum))


@blp.route("/events/<event>/forums/<forum>/roles/<organization>/<role>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
def remove_forum_role(event, forum, organization, role):
    return _remove_role(*_role_scope(event, forum), organization, role)
