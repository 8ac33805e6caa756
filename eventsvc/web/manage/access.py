"""Loading what a /manage route works on, and refusing what lies outside the user's scope.

Every route names its predicate from auth/permissions.py; a refusal (403) or an unknown
object (404) is raised before anything is read from the form or written.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ...auth.permissions import EventPredicate
from ...events.models import Event
from ...extensions import db
from ...sessions.models import Talk


def user():
    return current_user._get_current_object()


def require(allowed: bool) -> None:
    if not allowed:
        abort(403, description="This is outside your role's scope.")


def event_or_404(slug: str, allowed: EventPredicate) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        abort(404, description="No such event.")
    require(allowed(user(), event.id))
    return event


def child_or_404(model, event: Event, slug: str):
    """A forum, room, organization or speaker of event, by slug."""
    found = db.session.scalar(select(model).where(model.event_id == event.id, model.slug == slug))
    if found is None:
        abort(404, description="Not found in this event.")
    return found


def talk_or_404(event: Event, uid: str) -> Talk:
    talk = db.session.scalar(select(Talk).where(Talk.event_id == event.id, Talk.uid == uid))
    if talk is None:
        abort(404, description="No such session in this event.")
    return talk
