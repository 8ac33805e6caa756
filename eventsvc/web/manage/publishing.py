"""Publishing the next release, of the whole event or of one forum: a preview of the changelog,
the blocking conflicts of that scope (each can be accepted, with a reason), a comment.

The rules are the API's (web/api/write_releases.py): an event's organizers publish the event
or any forum of it, a forum's organizers their forum only; a blocking conflict holds the
release back until it is resolved, or ticked and accepted with a reason by the publisher.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...auth import permissions as can
from ...events.models import Event, Forum
from ...extensions import db
from ...releases.models import ConflictAcceptance
from ...releases.preview import pending_changes
from ...releases.publish import accepted_conflicts, latest, publish
from ...sessions.conflicts import AgendaConflict, blocking_conflicts, check_publishable
from .access import child_or_404, event_or_404, require, user
from .blueprint import bp
from .editing import attempt, saved, status
from .forms import PublishForm, text_map


@dataclass(frozen=True)
class Blocking:
    """A blocking conflict of the scope, and its acceptance if someone accepted it before."""

    conflict: AgendaConflict
    acceptance: ConflictAcceptance | None


def _blocking(event: Event, forum: Forum | None) -> list[Blocking]:
    accepted = {a.key: a for a in accepted_conflicts(event)}
    return [
        Blocking(c, accepted.get(c.key)) for c in blocking_conflicts(event) if c.in_scope(forum)
    ]


@bp.route("/events/<slug>/publish", methods=["GET", "POST"])
def publish_page(slug: str):
    event = event_or_404(slug, can.can_publish)
    if chosen := request.args.get("forum"):
        forum = child_or_404(Forum, event, chosen)
        return redirect(url_for("manage.forum_publish", slug=slug, forum_slug=forum.slug))
    return _publish(event, None, url_for("manage.event", slug=slug))


@bp.route("/events/<slug>/forums/<forum_slug>/publish", methods=["GET", "POST"])
def forum_publish(slug: str, forum_slug: str):
    event = event_or_404(slug, can.can_read_drafts)
    forum = child_or_404(Forum, event, forum_slug)
    require(can.can_publish(user(), event.id, forum.id))
    return _publish(event, forum, url_for("manage.forum", slug=slug, forum_slug=forum.slug))


def _publish(event: Event, forum: Forum | None, done: str):
    form = PublishForm()
    blocking = _blocking(event, forum)
    open_keys = {b.conflict.key for b in blocking if b.acceptance is None}
    # A ticked conflict that has been resolved since the page was shown needs no acceptance.
    ticked = frozenset(form.accept_conflicts.data or ()) & open_keys

    def write():
        reason = form.accept_reason.data or ""
        check_publishable(event, forum, ticked, reason)
        return publish(
            event,
            user(),
            text_map(form, "comment"),
            forum,
            accept_conflicts=ticked,
            accept_reason=reason,
        )

    # A refused publish answers 409 while conflicts are neither accepted nor ticked, as the API.
    held_back = form.is_submitted() and bool(open_keys - ticked)
    if form.validate_on_submit():
        if held_back:
            form.form_errors.append(
                _("Not published: resolve each double booking, or tick it and give a reason.")
            )
        elif release := attempt(form, write):
            saved(_("Release %(number)d published.", number=release.number))
            return redirect(done)
    previous = latest(event.id)
    return render_template(
        "manage/publish.html",
        event=event,
        forum=forum,
        forums=_forums(event) if forum is None else [],
        form=form,
        previous=previous,
        preview=pending_changes(event, previous, forum),
        blocking=blocking,
        open_count=len(open_keys),
        ticked=ticked,
    ), 409 if held_back else status(form)


def _forums(event: Event) -> list[Forum]:
    """The forums an event organizer may publish one at a time."""
    return list(
        db.session.scalars(
            select(Forum).where(Forum.event_id == event.id).order_by(Forum.position, Forum.id)
        )
    )
