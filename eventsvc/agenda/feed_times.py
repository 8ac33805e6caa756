"""Last-Modified of the public feeds, settled once when a release is published.

A feed's ETag is a hash of its bytes, so it changes exactly when the body does, and
Last-Modified must do the same. No single time of the release can: the newest changed_at of
the included sessions misses a session leaving the feed or a forum renamed in every
DESCRIPTION, and the release's own time moves when only another forum, or another language,
changed. So publishing works out, for every public feed of the release in every language,
a fingerprint of the body it will serve (ical.fingerprint: the values the feed writes,
without building it) and compares it with the previous release's: an unchanged feed keeps
its time, a changed one takes the release's time (at least one second later than before:
HTTP dates have one-second resolution). The result is stored with the release
(`Release.feed_times`) and read with its snapshot, so a feed read writes nothing and every
process serves the same value.

Releases stored before this column existed read as published_at for every feed.
"""

from __future__ import annotations

import json
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..events.models import Event
from ..extensions import db
from ..releases import publish as publishing
from ..releases.models import Release
from . import feeds, ical
from .model import Agenda, instant


def options() -> ical.Options:
    """The feeds' options from the settings: the same a feed request uses."""
    config = current_app.config
    return ical.Options(
        base_url=config["PUBLIC_URL"],
        uid_host=config["SERVER_NAME_FOR_UIDS"],
        refresh_minutes=config["FEED_REFRESH_MINUTES"],
    )


def fingerprints(agenda: Agenda, opts: ical.Options) -> dict[str, str]:
    """feed_key -> fingerprint for every public feed of the agenda, in every language.

    Each session's values are hashed once per language and shared by the feeds it is in.
    """
    targets: list[tuple[str, str | None]] = [("event", None)]
    targets += [("forum", f["slug"]) for f in agenda.forums]
    targets += [("room", r["slug"]) for r in agenda.rooms]
    targets += [("speaker", slug) for slug in agenda.speakers_by_slug]
    targets += [("session", s.uid) for s in agenda.sessions]
    found = {}
    for lang in agenda.event["languages"]:
        sessions = {s.uid: ical.session_fingerprint(agenda, s, lang, opts) for s in agenda.sessions}
        for kind, target in targets:
            selection = feeds.select(agenda, kind, target, lang)
            found[feeds.feed_key(kind, target, lang)] = ical.combined_fingerprint(
                selection.name,
                agenda,
                selection.sessions,
                [sessions[s.uid] for s in selection.sessions],
                opts,
            )
    return found


def settle(event: Event, _previous: dict | None, current: dict, release: Release) -> None:
    """AFTER_PUBLISH: store each feed's fingerprint and time with the new release."""
    agenda = Agenda.from_snapshot(
        release.id, release.number, release.digest, release.published_at, current
    )
    before = _stored(event.id, release.number - 1)
    now = release.published_at.replace(microsecond=0)
    times = {}
    for key, print_ in fingerprints(agenda, options()).items():
        old = before.get(key)
        if old is not None and old[0] == print_:
            times[key] = old
        else:
            since = now if old is None else max(now, instant(old[1]) + timedelta(seconds=1))
            times[key] = [print_, since.isoformat()]
    release.feed_times = json.dumps(times, separators=(",", ":"), sort_keys=True)


def _stored(event_id: int, number: int) -> dict[str, list]:
    text = db.session.scalar(
        select(Release.feed_times).where(Release.event_id == event_id, Release.number == number)
    )
    return json.loads(text) if text else {}


publishing.AFTER_PUBLISH.append(settle)
