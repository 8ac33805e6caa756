"""Calendar feeds: public feeds of the latest release, and attendees' personal feeds and agenda."""

from . import agenda  # noqa: F401  (registers /me/agenda on bp)
from .views import bp

__all__ = ["bp"]
