"""The organizer and staff workspace under /manage (HTML forms, usable without JavaScript)."""

from . import (  # noqa: F401  (routes)
    agenda,
    audit,
    board,
    checkin,
    display,
    home,
    outbox,
    people,
    publishing,
    roster,
    sessions,
    speakers,
    structure,
    tokens,
)
from .blueprint import bp

__all__ = ["bp"]
