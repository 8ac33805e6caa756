"""Delivery after commit: the messages a transaction queued are sent once it has committed,
as releases/committed.py counts publishes. The hook never raises: a failure stays in the
outbox for the next pass."""

from __future__ import annotations

import logging

from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

_QUEUED = "eventsvc.mail.queued"
logger = logging.getLogger("eventsvc.mail")


def deliver_after_commit(session: Session, message_id: int) -> None:
    session.info.setdefault(_QUEUED, []).append(message_id)


@event.listens_for(Session, "after_commit")
def _deliver(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the messages wait for the real commit
    ids = session.info.pop(_QUEUED, None)
    if not ids or not has_app_context():
        # Without an app there are no settings: the next deliver_pending() pass sends them.
        return
    from .delivery import deliver

    try:
        deliver(ids=ids)
    except Exception:
        # The writer's transaction is committed and its messages are safe in the outbox;
        # nothing here may turn its success into an error.
        logger.exception("mail delivery after commit failed; the next pass retries")


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    # After a savepoint's rollback the outer transaction's messages still count (a message
    # rolled back with the savepoint is simply not found when its id is claimed).
    if not session.in_nested_transaction():
        session.info.pop(_QUEUED, None)
