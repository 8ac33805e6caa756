"""Backup and restore of one event: every row it owns, as one JSON document (see export.py)."""
