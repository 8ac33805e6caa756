"""How many publishes this process has committed, so that readers of the current release
(agenda/watch.py) know at once that it may have changed, without asking the database."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

_PUBLISHED = "eventsvc.published"
_count = [0]


def published_in(session: Session | scoped_session) -> None:
    """Say that session holds a new release: its commit is then counted (publish calls it)."""
    session.info[_PUBLISHED] = True


def publishes() -> int:
    return _count[0]


@event.listens_for(Session, "after_commit")
def _count_publish(session: Session) -> None:
    if session.info.pop(_PUBLISHED, False):
        _count[0] += 1
