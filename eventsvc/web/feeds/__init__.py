"""Calendar feeds: public feeds of the latest release, and attendees' personal feeds."""

from .views import bp

__all__ = ["bp"]
