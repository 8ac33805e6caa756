"""eventsvc users create"""

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..auth.services import create_user, grant
from ..errors import DomainError
from ..events.models import Event, Forum
from ..extensions import db
from .actor import actor_for, as_option
from .schema import require_schema

command = click.Group("users", help="Manage user accounts.")


@command.command("create")
@click.argument("email")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "organizer", "staff", "attendee"])
)
@click.option("--event", "event_slug", help="Event slug (organizer, staff, attendee).")
@click.option("--forum", "forum_slug", help="Forum slug within --event (a forum organizer).")
@click.option("--name", default="", help="Display name.")
@as_option
@with_appcontext
def create(email, role, event_slug, forum_slug, name, as_email):
    """Create a user; the password comes from standard input or a prompt."""
    require_schema()
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        event = _event(event_slug)
        forum = _forum(event, forum_slug)
        actor = actor_for(as_email)
        user = create_user(email, password, name)
        grant(user, role, event, forum, actor=actor)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    scope = f" of {event.slug}" if event else ""
    scope += f"/{forum.slug}" if forum else ""
    click.echo(f"Created {user.email} ({role}{scope}).")


def _event(slug):
    if slug is None:
        return None
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise DomainError(f"no event {slug!r}")
    return event


def _forum(event, slug):
    if slug is None:
        return None
    if event is None:
        raise DomainError("--forum needs --event")
    forum = db.session.scalar(select(Forum).where(Forum.event_id == event.id, Forum.slug == slug))
    if forum is None:
        raise DomainError(f"no forum {slug!r} in {event.slug}")
    return forum
