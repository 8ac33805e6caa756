"""Attendees' stars: the sessions that go into their personal feeds."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, delete, select

from ..auth.models import FeedToken, User
from ..auth.permissions import can_star
from ..db import utcnow
from ..errors import Forbidden, NotFound
from ..extensions import db
from .models import Star, Talk


def talk_by_uid(uid: str) -> Talk:
    talk = db.session.scalar(select(Talk).where(Talk.uid == uid))
    if talk is None:
        raise NotFound(_l("no session %(uid)s", uid=repr(uid)))
    return talk


def _check(user: User, actor: User | None) -> None:
    if actor is None or not can_star(actor) or actor.id != user.id:
        raise Forbidden(_l("only the owner of an account may change its stars"))


def star(user: User, talk: Talk, actor: User | None) -> bool:
    """Star talk for user; True when that changed anything. The caller commits."""
    _check(user, actor)
    exists = db.session.scalar(
        select(Star.id).where(Star.user_id == user.id, Star.session_id == talk.id)
    )
    if exists is not None:
        return False
    db.session.add(Star(user_id=user.id, session_id=talk.id))
    _changed(user)
    db.session.flush()
    return True


def unstar(user: User, talk: Talk, actor: User | None) -> bool:
    """Remove the star; True when there was one. The caller commits."""
    _check(user, actor)
    result = db.session.execute(
        delete(Star).where(Star.user_id == user.id, Star.session_id == talk.id)
    )
    removed = cast(CursorResult, result).rowcount
    if removed:
        _changed(user)
        db.session.flush()
    return bool(removed)


def _changed(user: User) -> None:
    """A new personal feed body: a new cache key (stars_version) and a Last-Modified that
    moves. HTTP dates count whole seconds, so the time is at least one second past both the
    previous change and the feed token's creation (whose time the feed may show until now)."""
    user.stars_version += 1
    token_made = db.session.scalar(select(FeedToken.created_at).where(FeedToken.user_id == user.id))
    floors = [t.replace(microsecond=0) for t in (user.stars_changed_at, token_made) if t]
    now = utcnow().replace(microsecond=0)
    user.stars_changed_at = max([now] + [t + timedelta(seconds=1) for t in floors])


def starred_uids(user: User) -> set[str]:
    """The uids the user has starred: one query, for marking the star buttons on a page."""
    return set(
        db.session.scalars(
            select(Talk.uid).join(Star, Star.session_id == Talk.id).where(Star.user_id == user.id)
        )
    )
