"""The published events: the newest release of every event that has one."""

from __future__ import annotations

from sqlalchemy import func, select

from ..events.models import Event
from ..extensions import db
from ..releases.models import ConflictAcceptance, Release
from .current import ReleaseRef


def newest_releases() -> list[ReleaseRef]:
    """Every event's newest release, in one query; events never published are absent."""
    newest = (
        select(Release.event_id, func.max(Release.number).label("number"))
        .group_by(Release.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Release.id, Release.number, Release.digest, Release.published_at, Event.id, Event.slug
        )
        .join(newest, (newest.c.event_id == Release.event_id) & (newest.c.number == Release.number))
        .join(Event, Event.id == Release.event_id)
        .order_by(Event.slug)
    ).all()
    return [ReleaseRef(*row) for row in rows]


def releases(ref: ReleaseRef) -> list[Release]:
    """The event's releases up to ref, newest first, without their snapshots (one query)."""
    return list(
        db.session.scalars(
            select(Release)
            .where(Release.event_id == ref.event_id, Release.number <= ref.number)
            .order_by(Release.number.desc())
        )
    )


def acceptances(ref: ReleaseRef) -> dict[int, list[ConflictAcceptance]]:
    """The conflicts accepted by each release up to ref, by release number (one query)."""
    rows = db.session.execute(
        select(Release.number, ConflictAcceptance)
        .join(Release, Release.id == ConflictAcceptance.release_id)
        .where(Release.event_id == ref.event_id, Release.number <= ref.number)
        .order_by(ConflictAcceptance.id)
    ).all()
    found: dict[int, list[ConflictAcceptance]] = {}
    for number, acceptance in rows:
        found.setdefault(number, []).append(acceptance)
    return found
