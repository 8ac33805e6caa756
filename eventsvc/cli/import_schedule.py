"""eventsvc import-schedule FILE --event SLUG [--dry-run] [--language LANG] [--new-guids] [--as]"""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..interchange.import_ import import_schedule, import_schedule_as_new_event
from .actor import actor_for, as_option
from .schema import ensure_schema_if_empty


@click.command("import-schedule")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--event",
    "event_slug",
    required=True,
    help="Event slug. A missing event is created from the file's conference "
    "(title, dates, time zone).",
)
@click.option(
    "--dry-run", is_flag=True, help="Check the file and report what would change; write nothing."
)
@click.option(
    "--language",
    default=None,
    help="Language of the file's texts "
    "(default: the event's default language, or en for a new event).",
)
@click.option(
    "--new-guids",
    is_flag=True,
    help="Give new uids to sessions whose guid another event uses (default: refuse the file).",
)
@click.option(
    "--timezone",
    default=None,
    help="The IANA zone of the file's times (e.g. Europe/Berlin) where the file names none.",
)
@as_option
@with_appcontext
def command(file, event_slug, dry_run, language, new_guids, timezone, as_email):
    """Import a frab/c3voc schedule.xml or schedule.json, as pretalx and frab write them."""
    data = file.read()
    ensure_schema_if_empty()
    actor = actor_for(as_email)
    options = {"actor": actor, "language": language, "new_guids": new_guids, "timezone": timezone}
    try:
        event = db.session.scalar(select(Event).where(Event.slug == event_slug))
        if event is None:
            report = import_schedule_as_new_event(event_slug, data, file.name, dry_run, **options)
        else:
            report = import_schedule(event, data, file.name, dry_run, **options)
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
