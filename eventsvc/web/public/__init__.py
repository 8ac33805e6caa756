"""Public pages: the published agenda for attendees, journalists and partners."""

from .views import bp

__all__ = ["bp"]
