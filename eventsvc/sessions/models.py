"""A session of a forum (we call the class Talk: `session` already means two other things)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, I18nText, JSONList, UTCDateTime
from ..events.models import Forum, Room
from ..speakers.models import Speaker
from ..storable import MAX_LENGTH
from .times import SESSION_YEARS_CHECK


def _enum(cls, name):
    return Enum(
        cls,
        name=name,
        native_enum=False,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        create_constraint=True,
        length=20,
    )


class SessionKind(enum.StrEnum):
    OPENING = "opening"
    KEYNOTE = "keynote"
    SPEECH = "speech"
    REMARKS = "remarks"
    PANEL = "panel"
    DIALOGUE = "dialogue"
    CEREMONY = "ceremony"
    BREAK = "break"
    OTHER = "other"


class SessionStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class AppearanceRole(enum.StrEnum):
    SPEAKER = "speaker"
    KEYNOTE = "keynote"
    MODERATOR = "moderator"
    HOST = "host"
    PANELIST = "panelist"
    DISCUSSANT = "discussant"


class Talk(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        # The absolute bound of times.py; the window around the event is the services'.
        CheckConstraint(SESSION_YEARS_CHECK, name="within_years"),
        Index("ix_sessions_event_start", "event_id", "start_at"),
        Index("ix_sessions_room_start", "room_id", "start_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identity given at creation: iCal UID and c3voc guid. Never changes.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    # Denormalised from the forum so event-wide lookups (conflicts, agenda) need no join.
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    title: Mapped[dict] = mapped_column(I18nText)
    kind: Mapped[SessionKind] = mapped_column(
        _enum(SessionKind, "session_kind"), default=SessionKind.OTHER
    )
    description: Mapped[dict | None] = mapped_column(I18nText)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    status: Mapped[SessionStatus] = mapped_column(
        _enum(SessionStatus, "session_status"), default=SessionStatus.CONFIRMED
    )
    language: Mapped[str | None] = mapped_column(String(16))
    # What schedule files carry beyond the above, kept so an export gives it back (see
    # interchange/): a subtitle; details, the longer text below the description;
    subtitle: Mapped[dict | None] = mapped_column(I18nText)
    details: Mapped[dict | None] = mapped_column(I18nText)
    # the speakers' recording opt-out, which recording teams read in the exports;
    do_not_record: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # links ([{"url", "title", "type"}]); the session's page where it came from;
    links: Mapped[list | None] = mapped_column(JSONList)
    origin_url: Mapped[str | None] = mapped_column(String(MAX_LENGTH["origin_url"]))
    # and a type no kind of ours stands for (kind is then "other"), exported as given.
    type_name: Mapped[str | None] = mapped_column(String(MAX_LENGTH["type_name"]))
    # Bumped by every edit; the ETag of the working copy (If-Match on writes).
    version: Mapped[int] = mapped_column(Integer, default=1)

    forum: Mapped[Forum] = relationship()
    room: Mapped[Room | None] = relationship()
    appearances: Mapped[list[Appearance]] = relationship(
        back_populates="talk",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Appearance.position",
    )

    __mapper_args__ = {"version_id_col": version}


class Appearance(Base):
    """A speaker in a session: role, order, and the title and affiliation shown there."""

    __tablename__ = "appearances"
    __table_args__ = (UniqueConstraint("session_id", "speaker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[AppearanceRole] = mapped_column(
        _enum(AppearanceRole, "appearance_role"), default=AppearanceRole.SPEAKER
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[dict | None] = mapped_column(I18nText)
    affiliation: Mapped[dict | None] = mapped_column(I18nText)

    talk: Mapped[Talk] = relationship(back_populates="appearances")
    speaker: Mapped[Speaker] = relationship()


class Star(Base):
    """An attendee's starred session, for the personal feed."""

    __tablename__ = "stars"
    __table_args__ = (UniqueConstraint("user_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
