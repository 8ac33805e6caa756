"""Deleting forums, rooms and organizations.

Deleting something that sessions or speakers still use is refused (409): nothing
disappears by cascade behind an organizer's back.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from ..errors import Conflict
from ..extensions import db
from ..sessions.models import Talk
from ..speakers.models import Speaker
from . import trail
from .models import Forum, Organization, OrganizationRole, Room


def _refuse_if_used(count_query, refusal: Callable[[int], str], field: str) -> None:
    used = db.session.scalar(count_query)
    if used:
        raise Conflict(refusal(used), {field: "in use"})


def _sessions_use_it(used: int) -> str:
    return _l("%(count)d session(s) still use it; move or remove them first", count=used)


def _speakers_use_it(used: int) -> str:
    return _l("%(count)d speaker(s) still use it; move or remove them first", count=used)


def delete_forum(forum: Forum, actor=None) -> None:
    _refuse_if_used(
        select(func.count()).select_from(Talk).where(Talk.forum_id == forum.id),
        _sessions_use_it,
        "forum",
    )
    trail.deleted(forum, actor)
    db.session.delete(forum)
    db.session.flush()


def delete_room(room: Room, actor=None) -> None:
    _refuse_if_used(
        select(func.count()).select_from(Talk).where(Talk.room_id == room.id),
        _sessions_use_it,
        "room",
    )
    trail.deleted(room, actor)
    db.session.delete(room)
    db.session.flush()


def delete_organization(org: Organization, actor=None) -> None:
    """Its roles at the event and its forums go with it; speakers must be moved first."""
    _refuse_if_used(
        select(func.count()).select_from(Speaker).where(Speaker.organization_id == org.id),
        _speakers_use_it,
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
