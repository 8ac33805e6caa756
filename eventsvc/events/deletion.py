"""Deleting forums, rooms and organizations.

Deleting something that sessions or speakers still use is refused (409): nothing
disappears by cascade behind an organizer's back.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select

from ..errors import Conflict
from ..extensions import db
from ..sessions.models import Talk
from ..speakers.models import Speaker
from . import trail
from .models import Forum, Organization, OrganizationRole, Room


def _refuse_if_used(count_query, what: str, field: str) -> None:
    used = db.session.scalar(count_query)
    if used:
        raise Conflict(f"{used} {what} still use it; move or remove them first", {field: "in use"})


def delete_forum(forum: Forum, actor=None) -> None:
    _refuse_if_used(
        select(func.count()).select_from(Talk).where(Talk.forum_id == forum.id),
        "session(s)",
        "forum",
    )
    trail.deleted(forum, actor)
    db.session.delete(forum)
    db.session.flush()


def delete_room(room: Room, actor=None) -> None:
    _refuse_if_used(
        select(func.count()).select_from(Talk).where(Talk.room_id == room.id), "session(s)", "room"
    )
    trail.deleted(room, actor)
    db.session.delete(room)
    db.session.flush()


def delete_organization(org: Organization, actor=None) -> None:
    """Its roles at the event and its forums go with it; speakers must be moved first."""
    _refuse_if_used(
        select(func.count()).select_from(Speaker).where(Speaker.organization_id == org.id),
        "speaker(s)",
        "organization",
    )
    roles = db.session.scalars(
        select(OrganizationRole).where(OrganizationRole.organization_id == org.id)
    ).all()
    for link in roles:
        trail.deleted(link, actor)
    trail.deleted(org, actor)
    db.session.execute(delete(OrganizationRole).where(OrganizationRole.organization_id == org.id))
    db.session.delete(org)
    db.session.flush()
