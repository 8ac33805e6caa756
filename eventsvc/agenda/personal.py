"""Personal feeds: the current releases of the events an attendee starred in, cut to the stars.

The body depends on (the releases, the star set, the language, the base URL) and nothing else.
A star or unstar bumps the user's stars_version, so the key below changes exactly when the
star set does; a new release changes a digest. One query answers "whose feed, which version,
which releases", so an unchanged feed (a 304) costs one SQL statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from ..auth.models import FeedToken, User
from ..auth.secrets import token_digest
from ..events.models import Event
from ..extensions import db
from ..releases.models import Release
from ..sessions.models import Star, Talk
from . import ical
from .current import ReleaseRef, agendas_for
from .model import Agenda
from .rendered import Rendered, cache, make


@dataclass(frozen=True, slots=True)
class Owner:
    user_id: int
    stars_version: int
    stars_changed_at: datetime | None
    token_created_at: datetime
    releases: tuple[ReleaseRef, ...]  # one per event with a star and a release, by event id


def owner_of(token: str) -> Owner | None:
    """Who the token belongs to (an active user), and the releases their feed draws on."""
    newer = aliased(Release)
    newest = select(func.max(newer.number)).where(newer.event_id == Event.id).scalar_subquery()
    starred_events = (
        select(Talk.event_id).join(Star, Star.session_id == Talk.id).where(Star.user_id == User.id)
    )
    rows = db.session.execute(
        select(
            User.id,
            User.stars_version,
            User.stars_changed_at,
            FeedToken.created_at,
            Release.id,
            Release.number,
            Release.digest,
            Release.published_at,
            Event.id,
            Event.slug,
        )
        .select_from(FeedToken)
        .join(User, User.id == FeedToken.user_id)
        .outerjoin(Event, Event.id.in_(starred_events))
        .outerjoin(Release, and_(Release.event_id == Event.id, Release.number == newest))
        .where(FeedToken.token_hash == token_digest(token), User.active.is_(True))
        .order_by(Event.id)
    ).all()
    if not rows:
        return None
    refs = tuple(ReleaseRef(*list(row)[4:]) for row in rows if row[4] is not None)
    return Owner(rows[0][0], rows[0][1], rows[0][2], rows[0][3], refs)


def agendas(owner: Owner) -> list[Agenda]:
    return agendas_for(list(owner.releases))


def rendered(owner: Owner, lang: str, options: ical.Options) -> Rendered:
    """The owner's feed, built once per (releases, star-set version, language, base URL)."""
    digests = ",".join(ref.digest for ref in owner.releases)
    identity = f"personal:{owner.user_id}:{lang}:{options.base_url}"

    def build() -> Rendered:
        wanted = set(
            db.session.scalars(
                select(Talk.uid)
                .join(Star, Star.session_id == Talk.id)
                .where(Star.user_id == owner.user_id)
            )
        )
        parts = [
            ical.Part(agenda, [s for s in agenda.sessions if s.uid in wanted])
            for agenda in agendas(owner)
        ]
        parts = [part for part in parts if part.sessions]
        # The body changes with a release, a star or the token (whose creation is its first
        # body), and with nothing else: the newest of their times, read without a write.
        causes = [ref.published_at for ref in owner.releases] + [owner.token_created_at]
        if owner.stars_changed_at is not None:
            causes.append(owner.stars_changed_at)
        return make(ical.build(ical.labels(lang)["starred"], parts, lang, options), max(causes))

    return cache().get_or_build(f"{identity}:{owner.stars_version}:{digests}", build)


def starred_releases(user_id: int) -> list[ReleaseRef]:
    """The newest release of each event the user starred a session in (one query)."""
    newer = aliased(Release)
    newest = select(func.max(newer.number)).where(newer.event_id == Event.id).scalar_subquery()
    starred_events = (
        select(Talk.event_id).join(Star, Star.session_id == Talk.id).where(Star.user_id == user_id)
    )
    rows = db.session.execute(
        select(
            Release.id,
            Release.number,
            Release.digest,
            Release.published_at,
            Event.id,
            Event.slug,
        )
        .join(Event, Event.id == Release.event_id)
        .where(Event.id.in_(starred_events), Release.number == newest)
        .order_by(Event.id)
    ).all()
    return [ReleaseRef(*row) for row in rows]
