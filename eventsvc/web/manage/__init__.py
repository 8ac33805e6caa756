"""The organizer and staff workspace under /manage (HTML forms, usable without JavaScript)."""

from . import agenda, display, home, publishing, speakers, structure  # noqa: F401  (each adds its routes)
from .blueprint import bp

__all__ = ["bp"]
