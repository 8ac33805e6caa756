"""Publishing the working agenda as the next release: a preview of the changelog, a comment."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from ...auth import permissions as can
from ...releases.preview import pending_changes
from ...releases.publish import latest, publish
from ...sessions.conflicts import blocking_conflicts, check_publishable
from .access import event_or_404, user
from .blueprint import bp
from .editing import attempt, saved
from .forms import PublishForm, text_map


@bp.route("/events/<slug>/publish", methods=["GET", "POST"])
def publish_page(slug: str):
    event = event_or_404(slug, can.can_publish)
    form = PublishForm()

    def write():
        check_publishable(event)
        return publish(event, user(), text_map(form, "comment"))

    if form.validate_on_submit() and (release := attempt(form, write)):
        saved(_("Release %(number)d published.", number=release.number))
        return redirect(url_for("manage.event", slug=slug))
    previous = latest(event.id)
    preview = pending_changes(event, previous)
    blocking = blocking_conflicts(event)
    # A refused publish answers 409 (blocking conflicts), like the API.
    status = 409 if form.is_submitted() and blocking else 200
    return render_template(
        "manage/publish.html",
        event=event,
        form=form,
        previous=previous,
        preview=preview,
        blocking=blocking,
    ), status
