"""Time the publish preview of a generated 2,000-session event, for the event and one forum.

    python bench/publish_preview.py [--forums 60 --sessions 2000 --speakers 3000] [--requests 20]
                                    [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/NAME]

On a new SQLite file, then (with --database-url) on that PostgreSQL database, created afresh
and dropped afterwards: `eventsvc generate` builds the conference and publishes release 1, then
the working copy is edited (every 10th session moved by half an hour, every 25th retitled, every
50th cancelled) so that the preview has a changelog to show. Timed in the process, after one
warm-up run: the publish page as an admin sees it (changelog, blocking conflicts), the forum
publish page where the app has one, and releases.preview.pending_changes for the event and for
one forum. Printed: median and 95th percentile wall time, median CPU time of this process, SQL
statements per run, size (the page, or the changelog as JSON), with the load average.
Goal (issue 12): each under 300 ms; the query counts do not grow with the event (tests).
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

from sqlalchemy import select
from support import (
    Timing,
    admin_client,
    event_size_args,
    generate_event,
    getter,
    load_average,
    on_sqlite_and_given_database,
    timed,
)
from werkzeug.exceptions import NotFound

from eventsvc.events.models import Event, Forum
from eventsvc.extensions import db
from eventsvc.releases.preview import pending_changes
from eventsvc.releases.publish import latest
from eventsvc.sessions.models import SessionStatus, Talk

SLUG = "bench"
FORUM = "forum-1"
PAGES = [
    ("publish page, event", f"/manage/events/{SLUG}/publish"),
    ("publish page, one forum", f"/manage/events/{SLUG}/forums/{FORUM}/publish"),
]


def edit_working_copy() -> int:
    """Change the working copy after release 1; answer how many sessions changed."""
    talks = db.session.scalars(
        select(Talk).join(Event).where(Event.slug == SLUG).order_by(Talk.id)
    ).all()
    changed = 0
    for n, talk in enumerate(talks):
        if n % 10 == 0:
            talk.start_at += timedelta(minutes=30)
            talk.end_at += timedelta(minutes=30)
        if n % 25 == 0:
            talk.title = {**talk.title, "en": f"{talk.title.get('en', '')} (revised)"}
        if n % 50 == 0:
            talk.status = SessionStatus.CANCELLED
        changed += n % 10 == 0 or n % 25 == 0
    db.session.commit()
    return changed


def previewer(app, forum_slug: str | None):
    def preview() -> int:
        with app.app_context():
            event = db.session.scalars(select(Event).where(Event.slug == SLUG)).one()
            forum = (
                db.session.scalars(
                    select(Forum).where(Forum.event_id == event.id, Forum.slug == forum_slug)
                ).one()
                if forum_slug
                else None
            )
            return len(json.dumps(pending_changes(event, latest(event.id), forum)))

    return preview


def measure(label: str, url: str, args) -> None:
    started = time.perf_counter()
    generate_event(url, SLUG, [*args.size, "--publish"])
    print(f"\n{label}: generated and published in {time.perf_counter() - started:.1f} s")
    app, client = admin_client(url)
    with app.app_context():
        print(f"{edit_working_copy()} sessions changed since release 1")
        engine = db.engine
        routes = app.url_map.bind("localhost")
    print(Timing.HEADER)
    for name, path in PAGES:
        try:
            routes.match(path)
        except NotFound:
            print(f"{name:<26}(no such page in this version)")
            continue
        print(timed(getter(client, path), engine, args.requests).row(name), flush=True)
    for name, forum in (("pending_changes, event", None), ("pending_changes, forum", FORUM)):
        print(timed(previewer(app, forum), engine, args.requests).row(name), flush=True)
    print(load_average())
    engine.dispose()


if __name__ == "__main__":
    on_sqlite_and_given_database(measure, event_size_args((__doc__ or "").splitlines()[0]))
