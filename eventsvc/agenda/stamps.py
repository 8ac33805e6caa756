"""Last-Modified for feeds: the time a feed's body last changed, kept so it moves with the body.

A feed's ETag is a hash of its bytes, so it changes exactly when the body does. Last-Modified
must do the same, and no time found in the release can: the newest changed_at of the included
sessions misses a session leaving the feed (removed, moved to another room, a speaker taken
off), a forum renamed in every DESCRIPTION, or a new base URL; a release's time moves even
when this feed's body did not (a change in another forum, or in another language).

So each feed (event, selection, language, base URL) keeps one row: the ETag last served and
the time that body was first served. A body whose ETag matches the row keeps that time; a
new body gets the time of the release (or star change) that produced it, and at least one
second more than the previous value, because HTTP dates have one-second resolution and two
releases may be published within the same second. The time is never the request's clock,
and every process computes the same value from the same row.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime
from ..extensions import db


class FeedStamp(Base):
    __tablename__ = "feed_stamps"

    # SHA-256 of the feed's identity, so any selection fits one indexed column.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    etag: Mapped[str] = mapped_column(String(64))
    since: Mapped[datetime] = mapped_column(UTCDateTime)


def last_modified(feed: str, etag: str, changed_at: datetime) -> datetime:
    """When the body with etag was first served as feed; changed_at is the cause of a new body.

    Two statements whatever the feed's size; the caller commits.
    """
    key = hashlib.sha256(feed.encode()).hexdigest()
    row = db.session.execute(
        select(FeedStamp.etag, FeedStamp.since).where(FeedStamp.key == key)
    ).first()
    if row is not None and row.etag == etag:
        return row.since
    since = changed_at.replace(microsecond=0)
    if row is not None:
        since = max(since, row.since + timedelta(seconds=1))
    _upsert(key, etag, since)
    return since


def written() -> bool:
    """Whether this request wrote a stamp (and so has something to commit); resets the mark."""
    return bool(db.session.info.pop("feed_stamp_written", False))


def _upsert(key: str, etag: str, since: datetime) -> None:
    # Two processes building the same new body write the same row: let the later one win.
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(FeedStamp).values(key=key, etag=etag, since=since)
    db.session.execute(
        stmt.on_conflict_do_update(
            index_elements=[FeedStamp.key],
            set_={"etag": stmt.excluded.etag, "since": stmt.excluded.since},
        )
    )
    db.session.info["feed_stamp_written"] = True
