"""Bring the database schema to the newest migration."""

from flask_migrate import upgrade


def ensure_schema() -> None:
    upgrade()
