"""Accounts in the browser: log in, log out, register as an attendee."""

from .views import bp

__all__ = ["bp"]
