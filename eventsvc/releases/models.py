"""A release: one immutable, numbered snapshot of an event's public agenda."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..db import Base, I18nText, JSONList, UTCDateTime


class Release(Base):
    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What the publisher said about this release, in each language it was written in.
    comment: Mapped[dict | None] = mapped_column(I18nText)
    # SHA-256 of the snapshot text: identifies the release's content in caches and ETags.
    digest: Mapped[str] = mapped_column(String(64))
    # The public agenda as compact JSON text, never changed after insert; loaded only when needed.
    snapshot: Mapped[str] = deferred(mapped_column(Text))
    changelog: Mapped[list] = mapped_column(JSONList)
    # Each public feed's fingerprint and Last-Modified, as JSON text written at publish
    # (agenda/feed_times.py); None for releases published before it was kept.
    feed_times: Mapped[str | None] = deferred(mapped_column(Text))


class ConflictAcceptance(Base):
    """A blocking conflict that someone who may publish its scope accepted, with a reason.

    Kept with the release that first went out past it. It stays accepted for later releases:
    only a conflict with a new key (another pair of sessions, another speaker or room) blocks
    again."""

    __tablename__ = "conflict_acceptances"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"))
    # AgendaConflict.key: stable while the same sessions clash over the same speaker or room.
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    # A readable description as it was then, and the uids of the sessions involved.
    label: Mapped[str] = mapped_column(String(300), default="")
    sessions: Mapped[list] = mapped_column(JSONList, default=list)
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as written so the acceptance still says who after the account is gone.
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    release: Mapped[Release] = relationship()
