"""The identifiers a schedule file gave our sessions and speakers, kept to find them again."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base
from ..sessions.models import Talk
from ..speakers.models import Speaker


class ImportedKey(Base):
    """A session's guid or a person's id in a schedule file, mapped to our row in one event.

    Re-importing a file finds the same session or speaker through it, even where the file's
    guid could not become the session's uid (another event already uses that uid).
    """

    __tablename__ = "imported_keys"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", "key"),
        CheckConstraint("(session_id IS NULL) <> (speaker_id IS NULL)", name="one_target"),
        CheckConstraint("kind IN ('session', 'speaker')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    # "guid:<uuid>" for sessions; "guid:", "code:" or "id:" plus the file's value for persons.
    key: Mapped[str] = mapped_column(String(200))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )

    talk: Mapped[Talk | None] = relationship()
    speaker: Mapped[Speaker | None] = relationship()
