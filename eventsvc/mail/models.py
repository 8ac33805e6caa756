"""The outbox: every message the service sends, kept so that nothing is lost while SMTP is
down and staff can see what was sent to whom."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    # Given up: refused for good by the server, or too many attempts.
    FAILED = "failed"


class OutgoingMessage(Base):
    __tablename__ = "outgoing_messages"
    __table_args__ = (Index("ix_outgoing_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # What the message is for (invitation, registration, speaker_notice, ...): for filtering.
    kind: Mapped[str] = mapped_column(String(40), default="")
    # Kept when the event goes: the record of what was sent outlives it.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    # The whole RFC 5322 message, built once when queued: every attempt sends the same bytes
    # (the same Message-ID, so a receiver can drop a duplicate after a lost reply).
    message: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[MailStatus] = mapped_column(
        Enum(
            MailStatus,
            name="mail_status",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=True,
            length=10,
        ),
        default=MailStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # A pending message is sent once this time has come. A delivery pass pushes it forward
    # before it sends (a lease, so two passes never send the same message), then sets the
    # back-off if the attempt failed.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
