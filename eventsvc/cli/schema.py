"""The database schema, as the commands need it: created where a command loads content
into a new database (demo, generate, import, import-schedule), asked for elsewhere."""

import sys

import click
from flask_migrate import upgrade
from sqlalchemy import inspect

from ..extensions import db

# Alembic's table: present once `db upgrade` (or ensure_schema) has run.
_MARKER = "alembic_version"


def has_schema() -> bool:
    return inspect(db.engine).has_table(_MARKER)


def ensure_schema() -> None:
    upgrade()


def ensure_schema_if_empty() -> None:
    """Create the schema on a database without one; leave an existing one as it is."""
    if not has_schema():
        ensure_schema()


def require_schema() -> None:
    """Stop with one line and exit code 2 on a database without the schema."""
    if not has_schema():
        click.echo(
            "eventsvc: the database has no tables yet: run `eventsvc db upgrade` first", err=True
        )
        sys.exit(2)
