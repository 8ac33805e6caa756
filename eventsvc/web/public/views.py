"""Public pages, each rendered once per (release, language, filters) and served with an ETag."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from flask import Blueprint, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ...agenda import catalog, history, now, pages, query, search, timetable
from ...agenda import changes as changelogs
from ...agenda.current import ReleaseRef, agendas_for
from ...agenda.model import Agenda
from ...agenda.rendered import cache, make
from ...agenda.urls import session_path
from ...db import utcnow
from ...errors import NotFound
from .. import caching
from ..absolute import absolute
from ..conditional import respond
from ..feeds.starring import starring
from ..lang import request_language
from ..moment import at_moment, seconds_left_in_minute
from ..published import published_agenda
from ..replay import expire_at
from .links import api_path, feed_links, google_event

bp = Blueprint("public", __name__)
# The agenda's day argument for every day at once.
ALL_DAYS = "all"


@bp.get("/")
def index():
    refs = catalog.newest_releases()
    agendas = agendas_for(refs)  # one query for all the agendas not built yet
    # Each event shows in its own best language for this reader: both belong in the key.
    shown = "|".join(
        f"{r.digest}:{_content_language(a)}" for r, a in zip(refs, agendas, strict=False)
    )
    digest = hashlib.sha256(shown.encode()).hexdigest()

    def context():
        events = sorted(
            (pages.event(a, _content_language(a)) for a in agendas),
            key=lambda e: (e.start_date, e.slug),
            reverse=True,
        )
        return {"events": events, "feeds": {e.slug: feed_links(e.slug, _ui()) for e in events}}

    return _page(
        f"index:{digest}",
        None,
        "public/index.html",
        context,
        json_url=api_path("events"),
        last_modified=max((r.published_at for r in refs), default=None),
    )


@bp.get("/events/<event>")
def agenda(event: str):
    ref, agenda_ = published_agenda(event)
    # A page that opens on one day whatever the event's length; day=all asks for every day.
    every_day = request.args.get("day") == ALL_DAYS
    filters = query.parse_filters(
        agenda_, {**request.args, "day": None if every_day else request.args.get("day")}
    )
    if not every_day and filters.day is None and len(agenda_.days) > 1:
        filters = replace(filters, day=_default_day(agenda_))
    kept = {**filters.args(), **({"day": ALL_DAYS} if every_day else {})}

    def context():
        lang = _content_language(agenda_)
        return {
            "days": pages.days(agenda_, lang, filters),
            "filters": filters,
            "every_day": every_day,
            "all_days": ALL_DAYS,
        }

    return _event_page(
        ref,
        agenda_,
        "agenda",
        "public/agenda.html",
        context,
        kept=kept,
        feed={"forum": filters.forum, "room": filters.room},
        json_url=api_path("events", event, "agenda", **filters.args()),
    )


@bp.get("/events/<event>/forums/<forum>")
def forum(event: str, forum: str):
    ref, agenda_ = published_agenda(event)
    if forum not in agenda_.forums_by_slug:
        raise NotFound(_l("no forum %(slug)s in this agenda", slug=repr(forum)))

    def context():
        return {"forum": pages.forum(agenda_, forum, _content_language(agenda_))}

    return _event_page(
        ref,
        agenda_,
        f"forum:{forum}",
        "public/forum.html",
        context,
        kept={},
        feed={"forum": forum},
        json_url=api_path("events", event, "forums", forum),
    )


@bp.get("/events/<event>/speakers")
def speakers(event: str):
    ref, agenda_ = published_agenda(event)
    forum_slug = query.parse_filters(agenda_, {"forum": request.args.get("forum")}).forum
    order = query.parse_order(request.args.get("order"))
    kept = {k: v for k, v in (("forum", forum_slug), ("order", order)) if v}

    def context():
        lang = _content_language(agenda_)
        return {
            "speakers": pages.speakers(agenda_, lang, order, forum_slug),
            "order": order,
            "forum": pages.named(agenda_, agenda_.forums_by_slug[forum_slug], lang)
            if forum_slug
            else None,
        }

    return _event_page(
        ref,
        agenda_,
        "speakers",
        "public/speakers.html",
        context,
        kept=kept,
        feed={"forum": forum_slug},
        json_url=api_path("events", event, "speakers", **kept),
    )


@bp.get("/events/<event>/sessions/<uid>")
def session_(event: str, uid: str):
    ref, agenda_ = published_agenda(event)
    talk = agenda_.sessions_by_uid.get(uid)
    if talk is None:
        raise NotFound(_l("no session %(uid)s in this agenda", uid=repr(uid)))

    def context():
        lang = _content_language(agenda_)
        page = pages.session_page(agenda_, talk, lang, history.last_changes(ref).get(uid))
        s = page.session
        where = ", ".join(
            p for p in (s.room.name if s.room else "", pages.event(agenda_, lang).venue) if p
        )
        return {
            "page": page,
            "calendar": feed_links(event, _ui(), session=uid),
            "google": google_event(
                s.title, s.start, s.end, where, absolute(session_path(event, uid))
            ),
        }

    return _event_page(
        ref,
        agenda_,
        f"session:{uid}",
        "public/session.html",
        context,
        kept={},
        feed={"forum": agenda_.forums_by_id[talk.forum_id]["slug"]},
        json_url=api_path("events", event, "sessions", uid),
    )


@bp.get("/events/<event>/speakers/<speaker>")
def speaker(event: str, speaker: str):
    ref, agenda_ = published_agenda(event)
    record = agenda_.speakers_by_slug.get(speaker)
    if record is None:
        raise NotFound(_l("no speaker %(slug)s in this agenda", slug=repr(speaker)))

    def context():
        return {"page": pages.speaker_page(agenda_, record, _content_language(agenda_))}

    return _event_page(
        ref,
        agenda_,
        f"speaker:{speaker}",
        "public/speaker.html",
        context,
        kept={},
        feed={"speaker": speaker},
        json_url=api_path("events", event, "speakers", speaker),
    )


@bp.get("/events/<event>/search")
def search_(event: str):
    ref, agenda_ = published_agenda(event)
    q = request.args.get("q", "")[: search.MAX_QUERY].strip()
    asked = search.parse(q)
    kept = {"q": q} if q else {}

    def context():
        lang = _content_language(agenda_)
        hits = search.index_for(agenda_).search(asked)
        return {
            "q": q,
            "asked": asked,
            "speakers": [
                (pages.speaker(agenda_, agenda_.speakers_by_slug[h.key], lang), h.by_name)
                for h in hits
                if h.kind == "speaker"
            ],
            "sessions": [
                pages.session(agenda_, agenda_.sessions_by_uid[h.key], lang)
                for h in hits
                if h.kind == "session"
            ],
        }

    return _event_page(
        ref,
        agenda_,
        "search",
        "public/search.html",
        context,
        kept=kept,
        feed={},
        json_url=api_path("events", event, "search", **kept),
    )


@bp.get("/events/<event>/now")
def now_(event: str):
    ref, agenda_, at = at_moment(event)

    def context():
        return {"at": at, "rooms": now.rooms_now(agenda_, at, _content_language(agenda_))}

    return _moment_page(ref, agenda_, at, "now", "public/now.html", context)


@bp.get("/events/<event>/rooms/<room>/display")
def room_display(event: str, room: str):
    ref, agenda_, at = at_moment(event)
    record = agenda_.rooms_by_slug.get(room)
    if record is None:
        raise NotFound(_l("no room %(slug)s in this agenda", slug=repr(room)))

    def context():
        return {"at": at, "here": now.room_now(agenda_, record, at, _content_language(agenda_))}

    return _moment_page(ref, agenda_, at, f"display:{room}", "public/display.html", context)


def _moment_page(ref, agenda_, at: datetime, name: str, template: str, context):
    kept = {"at": request.args["at"]} if request.args.get("at") else {}
    response = _event_page(
        ref,
        agenda_,
        f"{name}:{at.isoformat()}",
        template,
        lambda: {**context(), "refresh": not kept},
        kept=kept,
        feed={},
        json_url=api_path("events", agenda_.slug, "now", at=at.isoformat()),
    )
    if not kept and response.cache_control.public:
        # This minute's answer: fresh for the rest of the minute, no longer.
        caching.public(response, max_age=0, until=seconds_left_in_minute())
    return response


@bp.get("/events/<event>/timetable")
def timetable_(event: str):
    ref, agenda_ = published_agenda(event)
    day = query.parse_day(request.args.get("day")) or _default_day(agenda_)
    forum_slug = query.parse_filters(agenda_, {"forum": request.args.get("forum")}).forum
    kept = {
        k: v for k, v in (("day", day.isoformat() if day else None), ("forum", forum_slug)) if v
    }

    def context():
        return {
            "grid": timetable.build(agenda_, _content_language(agenda_), day, forum_slug),
            "forum": forum_slug,
            "slot_minutes": timetable.SLOT_MINUTES,
        }

    return _event_page(
        ref,
        agenda_,
        "timetable",
        "public/timetable.html",
        context,
        kept=kept,
        feed={"forum": forum_slug},
        json_url=api_path("events", event, "agenda", **kept),
    )


@bp.get("/events/<event>/changes")
def changes(event: str):
    ref, agenda_ = published_agenda(event)

    def context():
        lang = _content_language(agenda_)
        accepted = catalog.acceptances(ref)
        return {
            "releases": catalog.releases(ref),
            "accepted": lambda number: changelogs.accepted(agenda_, accepted.get(number, []), lang),
            "changelog": lambda entries: changelogs.changes(agenda_, entries, lang),
            "comment": lambda value: changelogs.comment(agenda_, value, lang),
        }

    return _event_page(
        ref,
        agenda_,
        "changes",
        "public/changes.html",
        context,
        kept={},
        feed={},
        json_url=api_path("events", event, "releases"),
    )


def _default_day(agenda_: Agenda):
    """Today during the event, else its first day. The answer holds until the event's next
    midnight, so a replayed copy never outlives the day it opened on."""
    now = utcnow()
    expire_at(request.environ, query.next_midnight(agenda_, now))
    return query.default_day(agenda_, now)


def _ui() -> str:
    return str(get_locale())


def _content_language(agenda_: Agenda) -> str:
    return request_language(agenda_.event["languages"], agenda_.default_language)


def _event_page(
    ref: ReleaseRef,
    agenda_: Agenda,
    name: str,
    template: str,
    context: Callable[[], dict],
    kept: dict,
    feed: dict,
    json_url: str,
):
    """An event's page, keyed by its release, both languages and the arguments its links keep."""

    def full_context():
        lang = _content_language(agenda_)
        return {
            **context(),
            "agenda": agenda_,
            "event": pages.event(agenda_, lang),
            "content_lang": lang,
            "feed": feed_links(agenda_.slug, _ui(), **feed),
        }

    key = f"{name}:{ref.digest}:{_content_language(agenda_)}:" + "&".join(
        f"{k}={v}" for k, v in sorted(kept.items())
    )
    return _page(
        key, kept, template, full_context, json_url=json_url, last_modified=ref.published_at
    )


def _page(
    key: str,
    kept: dict | None,
    template: str,
    context: Callable[[], dict],
    json_url: str,
    last_modified,
):
    ui = _ui()
    # Feed links are absolute, but under PUBLIC_URL: the Host a client sent is no part of them.
    full_key = f"html:{key}:{ui}"

    def build():
        body = render_template(
            template,
            **context(),
            ui_lang=ui,
            json_url=json_url,
            language_links=_language_links(kept or {}),
        )
        return make(body.encode(), last_modified)

    if starring() is not None:
        # Star buttons carry this viewer's stars and CSRF token: a copy for them alone.
        return respond(build(), "text/html", public=False, max_age=0)
    # max_age=0: browsers ask again (a 304 while unchanged), so a reader who signs in or out
    # sees their own page at once rather than the copy kept before.
    return respond(cache().get_or_build(full_key, build), "text/html", max_age=0)


def _language_links(kept: dict) -> list[tuple[str, str]]:
    """(language, URL of this page in it) for the interface languages, keeping the page's
    filters."""
    from flask import current_app

    endpoint, args = request.endpoint, request.view_args
    if endpoint is None or args is None:  # no route matched: no page to link to
        return []
    return [
        (lang, url_for(endpoint, **args, **kept, lang=lang))
        for lang in current_app.config["UI_LANGUAGES"]
    ]
