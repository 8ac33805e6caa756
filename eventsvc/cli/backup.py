"""eventsvc export SLUG, eventsvc import FILE: back up one event and restore it."""

import json

import click
from flask.cli import with_appcontext

from ..backup.export import dumps, export_event
from ..backup.restore import BackupError, check, restore
from ..errors import DomainError
from ..extensions import db
from .schema import ensure_schema


@click.command("export")
@click.argument("slug")
@with_appcontext
def export_command(slug):
    """Write a complete backup of event SLUG, as JSON, to standard output."""
    try:
        document = export_event(slug)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(dumps(document), nl=False)


@click.command("import")
@click.argument("file", type=click.File("rb"))
@with_appcontext
def import_command(file):
    """Restore the event backed up in FILE ('-' for standard input) into an empty database."""
    try:
        document = _parse(file.read())
        check(document)
        ensure_schema()
        restored = restore(document)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(f"{file.name}: {exc.message}") from exc
    counts = restored.counts
    click.echo(
        f"Restored event '{restored.slug}': {counts['forums']} forums, "
        f"{counts['sessions']} sessions, "
        f"{counts['speakers']} speakers, {counts['releases']} releases."
    )
    for email in restored.missing_accounts:
        click.echo(f"No account {email} here: what it published now shows no publisher.", err=True)


def _parse(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BackupError("not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise BackupError(f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
