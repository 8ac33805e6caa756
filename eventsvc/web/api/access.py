"""Loading an event for an API route and checking the caller's scope: 401, 403 or 404."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, NotFound, Unauthorized

from ...auth.permissions import EventPredicate
from ...events.models import Event
from ...extensions import db


def event_for(slug: str, allowed: EventPredicate) -> Event:
    """The event named slug if the caller passes allowed(user, event_id)."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise NotFound(_l("no event %(slug)s", slug=repr(slug)))
    if not current_user.is_authenticated:
        raise Unauthorized("sign in or send an API token (Authorization: Bearer ...)")
    if not allowed(current_user, event.id):
        raise Forbidden(_l("this is outside your role's scope"))
    return event
