"""A speaker of an event, with names in one or more scripts."""

from __future__ import annotations

import enum
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
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, I18nText, Slug, UTCDateTime
from ..events.models import SLUG_CHECK, Organization
from ..storable import MAX_LENGTH


class Registration(enum.StrEnum):
    """Where a speaker's attendance stands. Declined and withdrawn speakers are not public."""

    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


ABSENT = frozenset({Registration.DECLINED, Registration.WITHDRAWN})


class Speaker(Base):
    __tablename__ = "speakers"
    __table_args__ = (
        UniqueConstraint("event_id", "slug"),
        # sort_name is derived from the names; an empty one means the speaker has no name.
        CheckConstraint("sort_name <> ''", name="has_name"),
        CheckConstraint(SLUG_CHECK, name="slug_valid"),
        CheckConstraint("precedence IS NULL OR precedence >= 0", name="precedence_positive"),
        Index("ix_speakers_event_email", "event_id", "email"),
        Index("ix_speakers_event_order", "event_id", "precedence", "sort_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(Slug)
    # Family name, then given name, romanised and lower-cased: the key a protocol list sorts by.
    sort_name: Mapped[str] = mapped_column(String(300))
    honorific: Mapped[dict | None] = mapped_column(I18nText)
    title: Mapped[dict | None] = mapped_column(I18nText)
    affiliation: Mapped[dict | None] = mapped_column(I18nText)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    country: Mapped[str | None] = mapped_column(String(2))
    bio: Mapped[dict | None] = mapped_column(I18nText)
    photo_url: Mapped[str | None] = mapped_column(String(MAX_LENGTH["photo_url"]))
    # Private: only staff and organizers of the event see these.
    email: Mapped[str | None] = mapped_column(String(MAX_LENGTH["email"]))
    phone: Mapped[str | None] = mapped_column(String(MAX_LENGTH["phone"]))
    # The language notices are written in; None: Chinese for a speaker with a Chinese name,
    # else the event's default language.
    language: Mapped[str | None] = mapped_column(String(8))
    registration: Mapped[Registration] = mapped_column(
        Enum(
            Registration,
            name="registration",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=True,
            length=20,
        ),
        default=Registration.INVITED,
        server_default=Registration.INVITED.value,
    )
    # False keeps the speaker off every public page whatever their sessions (protocol, security).
    public: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Protocol rank: lower first; None after every ranked speaker.
    precedence: Mapped[int | None] = mapped_column(Integer)
    # Bumped by every edit: edit forms and If-Match carry it (optimistic concurrency).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    names: Mapped[list[SpeakerName]] = relationship(
        back_populates="speaker",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SpeakerName.position",
        lazy="selectin",
    )
    organization: Mapped[Organization | None] = relationship()


class SpeakerName(Base):
    """A speaker's name in one script (ISO 15924: Latn, Hans, Hant, Thai...)."""

    __tablename__ = "speaker_names"
    __table_args__ = (
        UniqueConstraint("speaker_id", "script"),
        CheckConstraint("family <> '' OR given <> ''", name="not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    script: Mapped[str] = mapped_column(String(4))
    family: Mapped[str] = mapped_column(String(MAX_LENGTH["family"]), default="")
    given: Mapped[str] = mapped_column(String(MAX_LENGTH["given"]), default="")
    # True where the family name is written first (Chen Jiachang, 陈家昌);
    # False for Orakanoke Phanraksa.
    family_first: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    speaker: Mapped[Speaker] = relationship(back_populates="names")
