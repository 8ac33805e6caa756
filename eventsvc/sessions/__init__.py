"""Sessions of the agenda, the speakers appearing in them, and attendees' stars."""
