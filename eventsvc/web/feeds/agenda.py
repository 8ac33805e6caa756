"""/me/agenda: a signed-in attendee's starred sessions by day, and their personal feed.

A page for one person: built per request, never shared (Cache-Control: private).
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ...agenda import pages
from ...agenda.current import agendas_for
from ...agenda.personal import starred_releases
from ...auth import feeds as feed_tokens
from ...auth.permissions import can_star
from ...errors import Forbidden
from ...extensions import db
from ...sessions import stars
from ..absolute import external_url
from ..lang import request_language
from .links import subscribe_links
from .views import bp


@bp.get("/me/agenda")
@login_required
def my_agenda():
    me = _me()
    uids = stars.starred_uids(me)
    events = []
    for agenda in agendas_for(starred_releases(me.id)):
        lang = request_language(agenda.event["languages"], agenda.default_language)
        days: dict = {}
        for s in agenda.sessions:
            if s.uid in uids:
                days.setdefault(s.day, []).append(pages.session(agenda, s, lang))
        if days:
            events.append((pages.event(agenda, lang), sorted(days.items())))
    token = feed_tokens.feed_token(me, current_app.config["SECRET_KEY"], actor=me)
    db.session.commit()  # the feed's token, made on first use
    feed = subscribe_links(external_url("feeds.personal_feed", token=token))
    body = render_template(
        "me/agenda.html",
        events=events,
        feed=None,
        personal=feed,
        language_links=[
            (lang, url_for("feeds.my_agenda", lang=lang))
            for lang in current_app.config["UI_LANGUAGES"]
        ],
        ui_lang=str(get_locale()),
    )
    return body, 200, {"Cache-Control": "private, no-store"}


@bp.post("/me/agenda/feed")
@login_required
def replace_feed():
    """A new personal feed URL (CSRF-checked form); the old one answers 404 from now on."""
    me = _me()
    feed_tokens.rotate_feed_token(me, current_app.config["SECRET_KEY"], actor=me)
    db.session.commit()
    return redirect(url_for("feeds.my_agenda", replaced=1), code=303)


def _me():
    if not can_star(current_user):
        raise Forbidden(_l("sign in to see your agenda"))
    return current_user._get_current_object()
