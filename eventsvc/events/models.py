"""The conference, its parallel forums, its rooms and the organizations behind them."""

from __future__ import annotations

import enum
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..db import Base, I18nText, JSONList, Slug
from ..errors import ValidationError
from ..sessions.times import EVENT_YEARS_CHECK, FORUM_YEARS_CHECK
from ..storable import MAX_LENGTH

SLUG_CHECK = "slug <> '' AND slug NOT LIKE '% %'"


def check_timezone(name: object) -> str:
    if not isinstance(name, str) or not name or name not in _zones():
        raise ValidationError(
            _l("unknown time zone %(zone)s", zone=repr(name)), {"timezone": "unknown time zone"}
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _l("unknown time zone %(zone)s", zone=repr(name)), {"timezone": "unknown time zone"}
        ) from exc
    return name


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint(EVENT_YEARS_CHECK, name="within_years"),
        CheckConstraint(SLUG_CHECK, name="slug_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(Slug, unique=True)
    name: Mapped[dict] = mapped_column(I18nText)
    default_language: Mapped[str] = mapped_column(String(16))
    languages: Mapped[list] = mapped_column(JSONList)
    timezone: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    venue: Mapped[dict | None] = mapped_column(I18nText)
    description: Mapped[dict | None] = mapped_column(I18nText)
    # Bumped by every edit: edit forms and If-Match carry it (optimistic concurrency).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    # Position, then id: two forums or rooms at the same position keep one order on PostgreSQL.
    forums: Mapped[list[Forum]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Forum.position, Forum.id)",
    )
    rooms: Mapped[list[Room]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Room.position, Room.id)",
    )

    @validates("timezone")
    def _validate_timezone(self, _key, value):
        return check_timezone(value)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Forum(Base):
    """One of the forums held side by side within the conference."""

    __tablename__ = "forums"
    __table_args__ = (
        UniqueConstraint("event_id", "slug"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="dates_in_order",
        ),
        CheckConstraint(FORUM_YEARS_CHECK, name="within_years"),
        CheckConstraint(SLUG_CHECK, name="slug_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(Slug)
    name: Mapped[dict] = mapped_column(I18nText)
    theme: Mapped[dict | None] = mapped_column(I18nText)
    description: Mapped[dict | None] = mapped_column(I18nText)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    venue: Mapped[dict | None] = mapped_column(I18nText)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every edit: edit forms and If-Match carry it (optimistic concurrency).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    event: Mapped[Event] = relationship(back_populates="forums")


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("event_id", "slug"),
        CheckConstraint(SLUG_CHECK, name="slug_valid"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(Slug)
    name: Mapped[dict] = mapped_column(I18nText)
    venue: Mapped[dict | None] = mapped_column(I18nText)
    capacity: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every edit: edit forms and If-Match carry it (optimistic concurrency).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    event: Mapped[Event] = relationship(back_populates="rooms")


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (
        UniqueConstraint("event_id", "slug"),
        CheckConstraint(SLUG_CHECK, name="slug_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(Slug)
    name: Mapped[dict] = mapped_column(I18nText)
    short_name: Mapped[dict | None] = mapped_column(I18nText)
    country: Mapped[str | None] = mapped_column(String(2))
    website: Mapped[str | None] = mapped_column(String(MAX_LENGTH["website"]))
    # Bumped by every edit: edit forms and If-Match carry it (optimistic concurrency).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class OrgRole(enum.StrEnum):
    HOST = "host"
    ORGANIZER = "organizer"
    CO_ORGANIZER = "co-organizer"
    SUPPORTER = "supporter"


class OrganizationRole(Base):
    """An organization's role at the event (forum_id is None) or at one forum, in a set order."""

    __tablename__ = "organization_roles"
    __table_args__ = (
        UniqueConstraint("organization_id", "event_id", "forum_id", "role"),
        Index("ix_organization_roles_event_forum", "event_id", "forum_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    role: Mapped[OrgRole] = mapped_column(
        Enum(
            OrgRole,
            name="org_role",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=True,
            length=20,
        )
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    organization: Mapped[Organization] = relationship()
    forum: Mapped[Forum | None] = relationship()
