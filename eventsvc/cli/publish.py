"""eventsvc publish SLUG [--forum SLUG] [--comment TEXT] [--comment-in LANG TEXT]...
[--accept-conflicts REASON] [--as EMAIL]"""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..errors import Conflict, DomainError
from ..events.models import Event, Forum
from ..extensions import db
from ..releases.publish import publish
from ..sessions.conflicts import accepted_keys, blocking_conflicts, check_publishable
from .actor import actor_for
from .schema import require_schema


@click.command("publish")
@click.argument("slug")
@click.option("--forum", "forum_slug", help="Publish only this forum's part of the event.")
@click.option("--comment", default="", help="The release's comment (the event's default language).")
@click.option(
    "--comment-in",
    "comments",
    nargs=2,
    multiple=True,
    metavar="LANG TEXT",
    help="The comment in another language, e.g. --comment-in zh 下午场次调整. Repeatable.",
)
@click.option(
    "--accept-conflicts",
    "reason",
    metavar="REASON",
    help="Publish past every blocking conflict in scope, accepted for REASON.",
)
@click.option("--as", "email", metavar="EMAIL", help="The account the release is recorded under.")
@with_appcontext
def command(slug, forum_slug, comment, comments, reason, email):
    """Publish the working agenda of event SLUG (or one forum of it) as its next release."""
    require_schema()
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"no event {slug!r}")
    forum = None
    if forum_slug:
        forum = db.session.scalar(
            select(Forum).where(Forum.event_id == event.id, Forum.slug == forum_slug)
        )
        if forum is None:
            raise click.ClickException(f"no forum {forum_slug!r} in {slug}")
    actor = actor_for(email)
    accept: frozenset[str] = frozenset()
    if reason is not None:
        before = accepted_keys(event)
        accept = frozenset(
            c.key for c in blocking_conflicts(event) if c.in_scope(forum) and c.key not in before
        )
    texts = {**({event.default_language: comment} if comment else {}), **dict(comments)}
    try:
        check_publishable(event, forum, accept, reason or "")
        release = publish(
            event, actor, texts, forum, accept_conflicts=accept, accept_reason=reason or ""
        )
        db.session.commit()
    except Conflict as exc:
        db.session.rollback()
        before = accepted_keys(event)
        lines = [f"{slug}: {exc.message}"] + [
            f"  {c.kind}: {c.label(event.default_language)}"
            for c in blocking_conflicts(event)
            if c.in_scope(forum) and c.key not in before
        ]
        raise click.ClickException(
            "\n".join([*lines, "Publish past them with --accept-conflicts REASON."])
        ) from exc
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(f"{slug}: {exc.message}") from exc
    scope = f"forum {forum.slug} of {slug}" if forum else slug
    accepted = f"; {len(accept)} conflict(s) accepted" if accept else ""
    click.echo(
        f"Published release {release.number} of {scope}: "
        f"{len(release.changelog)} change(s){accepted}."
    )
