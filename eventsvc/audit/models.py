"""One line of the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, JSONList, UTCDateTime, utcnow


class AuditEntry(Base):
    """An action on an object of an event: created, updated, deleted, published or accepted."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_event_id_id", "event_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as written so the trail still says who after the account is gone; "" for the system.
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(20))
    object_type: Mapped[str] = mapped_column(String(20))
    # The object's lasting key (a session's uid, a speaker's slug, a release's number).
    object_key: Mapped[str] = mapped_column(String(80))
    # A readable name as it was then: deleted objects can still be told apart.
    label: Mapped[str] = mapped_column(String(300), default="")
    # [{"field": ..., "before": ..., "after": ...}] for updates; the whole state for creations.
    changes: Mapped[list] = mapped_column(JSONList, default=list)
