"""eventsvc import-schedule FILE --event SLUG [--dry-run]"""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..interchange.import_ import import_schedule, import_schedule_as_new_event


@click.command("import-schedule")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--event",
    "event_slug",
    required=True,
    help="Event slug. A missing event is created from the file's conference (title, dates, time zone).",
)
@click.option(
    "--dry-run", is_flag=True, help="Check the file and report what would change; write nothing."
)
@click.option(
    "--language",
    default=None,
    help="Language of the file's texts (default: the event's default language, or en for a new event).",
)
@with_appcontext
def command(file, event_slug, dry_run, language):
    """Import a frab/c3voc schedule.xml or schedule.json, as pretalx and frab write them."""
    data = file.read()
    try:
        event = db.session.scalar(select(Event).where(Event.slug == event_slug))
        if event is None:
            report = import_schedule_as_new_event(
                event_slug, data, file.name, dry_run, actor=None, language=language
            )
        else:
            report = import_schedule(event, data, file.name, dry_run, actor=None, language=language)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(f"{file.name}: {exc.message}") from exc
    click.echo("\n".join(report.lines()))
    if not dry_run:
        click.echo("Publish a release to make the imported agenda public.")
