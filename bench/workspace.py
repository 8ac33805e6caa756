"""Time the organizers' working agenda, board and speaker list for a generated 2,000-session
event.

    python bench/workspace.py [--forums 60 --sessions 2000 --speakers 3000] [--requests 20]
                              [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/NAME]

On a new SQLite file, then (with --database-url) on that PostgreSQL database, created afresh
and dropped afterwards: `eventsvc generate` builds the conference, then an admin's requests to
each page are timed in the process (the app's whole work for a request: queries, conflicts,
rendering; no network), after one request to warm up. Printed per page: median and 95th
percentile wall time, median CPU time of this process, SQL statements per request and body
size, with the load average (the machine may be shared). Goal (issue 12): each under 300 ms;
the query counts do not grow with the event (tests check that).
"""

from __future__ import annotations

import time

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

from eventsvc.extensions import db

SLUG = "bench"
PAGES = [
    ("working agenda", f"/manage/events/{SLUG}/agenda"),
    ("agenda, one day", f"/manage/events/{SLUG}/agenda?day=2025-03-28"),
    ("agenda, page 10", f"/manage/events/{SLUG}/agenda?page=10"),
    ("board", f"/manage/events/{SLUG}/board"),
    ("board, one forum", f"/manage/events/{SLUG}/board?forum=forum-1"),
    ("speakers", f"/manage/events/{SLUG}/speakers/"),
    ("speakers, found by pinyin", f"/manage/events/{SLUG}/speakers/?q=wang"),
    ("session form's picker", f"/manage/events/{SLUG}/speakers/find?q=wang"),
]


def measure(label: str, url: str, args) -> None:
    started = time.perf_counter()
    generate_event(url, SLUG, [*args.size, "--no-publish"])
    print(f"\n{label}: generated in {time.perf_counter() - started:.1f} s")
    app, client = admin_client(url)
    with app.app_context():
        engine = db.engine
    print(Timing.HEADER)
    for name, path in PAGES:
        print(timed(getter(client, path), engine, args.requests).row(name), flush=True)
    print(load_average())
    engine.dispose()


if __name__ == "__main__":
    on_sqlite_and_given_database(measure, event_size_args((__doc__ or "").splitlines()[0]))
