"""The eventsvc command: Flask's CLI group (run, routes, shell, db) plus ours."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from ..settings import SettingsError


def _create_app():
    from ..app import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help=__doc__)


def main() -> None:
    """Run the CLI; a settings problem is one line on stderr, not a traceback."""
    try:
        cli.main(standalone_mode=True)
    except SettingsError as exc:
        click.echo(f"eventsvc: {exc}", err=True)
        sys.exit(2)


def register(app: Flask) -> None:
    from . import backup, demo, generate, import_schedule, mail, publish, tokens, users

    for module in (demo, users, tokens, generate, import_schedule, mail, publish):
        app.cli.add_command(module.command)
    app.cli.add_command(backup.export_command)
    app.cli.add_command(backup.import_command)
