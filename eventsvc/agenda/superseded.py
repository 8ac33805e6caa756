"""A publish removes the superseded release's rendered bodies from Redis, once it commits.

Bodies are keyed by release, so a superseded one is never served again; without this it
would sit in Redis until its TTL (a week), and an event published many times a day would
keep all of them.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..events.models import Event
from ..extensions import db
from ..releases import publish as publishing
from ..releases.models import Release
from .rendered import cache

_SUPERSEDED = "eventsvc.superseded_digests"


def note(event: Event, _previous: dict | None, _current: dict, release: Release) -> None:
    """AFTER_PUBLISH: the digest of the release this one supersedes, for after the commit."""
    digest = db.session.scalar(
        select(Release.digest).where(
            Release.event_id == event.id, Release.number == release.number - 1
        )
    )
    # A release that changed nothing has the same digest: its bodies are the current ones.
    if digest is not None and digest != release.digest:
        db.session.info.setdefault(_SUPERSEDED, []).append(digest)


@sa_event.listens_for(Session, "after_commit")
def _forget(session: Session) -> None:
    digests = session.info.pop(_SUPERSEDED, [])
    if digests and has_app_context() and "eventsvc.rendered" in current_app.extensions:
        for digest in digests:
            cache().forget_release(digest)


@sa_event.listens_for(Session, "after_soft_rollback")
def _keep(session: Session, previous_transaction) -> None:
    # The publish was undone (a savepoint's rollback leaves the outer transaction's plans).
    if not previous_transaction.nested:
        session.info.pop(_SUPERSEDED, None)


publishing.AFTER_PUBLISH.append(note)
