"""Accounts in the browser: log in, log out, register as an attendee, accept an invitation."""

from . import invitations  # noqa: F401  (routes)
from .views import bp

__all__ = ["bp"]
