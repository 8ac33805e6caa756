"""Accounts, roles granted at a scope, and the secrets that stand for a user."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

if TYPE_CHECKING:
    from ..events.models import Event, Forum

from ..db import Base, UTCDateTime, utcnow


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    STAFF = "staff"
    ATTENDEE = "attendee"


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped on every star or unstar: part of the personal feed's ETag.
    stars_version: Mapped[int] = mapped_column(Integer, default=0)
    # When the stars last changed, to the second and later than the feed token's creation:
    # the personal feed's Last-Modified (sessions/stars.py). None: never starred.
    stars_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept in the session cookie at sign-in and checked on every request (auth/current.py):
    # signing out bumps it, so every copy of an earlier cookie stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # In the order they were given: PostgreSQL returns rows in no set order otherwise.
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="RoleGrant.id",
    )

    @property
    def is_active(self) -> bool:
        return self.active


class RoleGrant(Base):
    """A role at a scope: admin everywhere, staff or organizer of an event, organizer of a forum."""

    __tablename__ = "role_grants"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "event_id", "forum_id"),
        CheckConstraint(
            "(role = 'admin' AND event_id IS NULL AND forum_id IS NULL)"
            " OR (role = 'attendee' AND forum_id IS NULL)"
            " OR (role = 'staff' AND event_id IS NOT NULL AND forum_id IS NULL)"
            " OR (role = 'organizer' AND event_id IS NOT NULL)",
            name="scope_fits_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            name="role",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=True,
            length=20,
        )
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))

    user: Mapped[User] = relationship(back_populates="grants")


class ApiToken(Base):
    """A bearer token for the API. Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown in /manage so a user can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class FeedToken(Base):
    """The secret in an attendee's personal feed URL. Only its SHA-256 is stored."""

    __tablename__ = "feed_tokens"
    __table_args__ = (Index("ix_feed_tokens_user", "user_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Random; the token is HMAC(SECRET_KEY, seed), so the owner can be shown the URL again
    # while the database alone (seed and hash) never reveals it. See auth/feeds.py.
    seed: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class Invitation(Base):
    """An invitation by email to a role at a scope: organizer or staff of an event, organizer
    of a forum. Its link (auth/invitations.py) is signed, expires, and works once."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint(
            "role = 'organizer' OR (role = 'staff' AND forum_id IS NULL)",
            name="scope_fits_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            name="invitation_role",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=True,
            length=20,
        )
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    # The random half of the link; the other half is the signature over it and the id.
    nonce_hash: Mapped[str] = mapped_column(String(64))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    forum: Mapped[Forum | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
