"""The organizer and staff workspace under /manage (HTML forms, usable without JavaScript)."""

from . import agenda, audit, display, home, publishing, speakers, structure, tokens  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
