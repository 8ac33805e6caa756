"""The declarative base, its constraint naming convention and the column types we share."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase

# Alembic (and SQLite batch migrations) need every constraint to have a stable name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _json_type(dialect):
    """JSONB on PostgreSQL, JSON elsewhere; an absent value is SQL NULL, not JSON null, so
    reading it costs no decoding (most optional texts of most rows are absent)."""
    if dialect.name == "postgresql":
        return dialect.type_descriptor(JSONB(none_as_null=True))
    return dialect.type_descriptor(JSON(none_as_null=True))


class I18nText(TypeDecorator):
    """A language map such as {"en": "Opening speech", "zh": "开幕致辞"}.

    Stored as JSON (JSONB on PostgreSQL). Values are validated on the way in by
    eventsvc.i18n.as_text_map; the column only refuses what is not a map of strings.
    """

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return _json_type(dialect)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ValueError("a multilingual text must be a map of language to string")
        return value


class JSONList(TypeDecorator):
    """A JSON list (JSONB on PostgreSQL)."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return _json_type(dialect)


class UTCDateTime(TypeDecorator):
    """An instant, always stored in UTC and always returned timezone-aware.

    SQLite has no time zones, so we store naive UTC there and everywhere alike.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("instants must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def utc_iso(instant: datetime) -> str:
    """RFC 3339 in UTC with a Z. isoformat, not strftime: strftime writes year 267 as "267"."""
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


Slug = String(80)
