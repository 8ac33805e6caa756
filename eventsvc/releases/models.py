"""A release: one immutable, numbered snapshot of an event's public agenda."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..db import Base, JSONList, UTCDateTime


class Release(Base):
    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 of the snapshot text: identifies the release's content in caches and ETags.
    digest: Mapped[str] = mapped_column(String(64))
    # The public agenda as compact JSON text, never changed after insert; loaded only when needed.
    snapshot: Mapped[str] = deferred(mapped_column(Text))
    changelog: Mapped[list] = mapped_column(JSONList)
