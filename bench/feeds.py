"""The full-event calendar feed of a generated 2,000-session conference: build time and throughput.

    python bench/feeds.py [--forums 60 --sessions 2000 --speakers 3000]
                          [--seconds 8 --clients 4 --workers 2]

1. Generates and publishes the conference into a new SQLite file (in a temporary folder).
2. Times building the full-event feed once: loading the release's agenda, and the iCalendar
   bytes alone.
3. Serves the feed with gunicorn (config/gunicorn.py, `--workers` workers) and, on another
   port, a "ceiling" Flask app that answers a fixed body of the same bytes through the same
   response helper (web/conditional.respond: ETag, Last-Modified, 304). A bounded loopback
   client (`--clients` threads for `--seconds` each round, a new connection per request)
   measures 200s and 304s on both. Every process is stopped at the end, whatever happens.

Goal (issue 4): 200 and 304 both at 70% of the ceiling or more.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import tempfile
import time
from pathlib import Path

from flask import Flask
from support import Gunicorn, timed_clients

HERE = Path(__file__).resolve().parent
FEED = "/events/bench/calendar.ics"


def ceiling_app() -> Flask:
    """A fixed body (the file named by BENCH_CEILING_BODY), served like a feed."""
    from eventsvc.agenda.rendered import make
    from eventsvc.web.conditional import respond

    rendered = make(Path(os.environ["BENCH_CEILING_BODY"]).read_bytes())
    app = Flask("ceiling")

    @app.get(FEED)
    def feed():
        return respond(rendered, "text/calendar")

    return app


def prepare(folder: str, forums: int, sessions: int, speakers: int) -> tuple[str, bytes, float, float]:
    """Generate and publish; return the database URL, the feed's bytes and two build times (s)."""
    from flask_migrate import upgrade

    from eventsvc import create_app
    from eventsvc.agenda import feeds, ical
    from eventsvc.agenda.current import agenda_for, agendas, current_release
    from eventsvc.extensions import db
    from eventsvc.synthetic.generate import Size, generate

    url = f"sqlite:///{folder}/bench.sqlite"
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        upgrade()
        from eventsvc.releases.publish import publish

        publish(generate("bench", Size(forums, sessions, speakers), seed=1), actor=None)
        db.session.commit()
        ref = current_release("bench")
        agendas.clear()
        started = time.perf_counter()
        agenda = agenda_for(ref)
        loaded = time.perf_counter() - started
        options = ical.Options("http://127.0.0.1", app.config["SERVER_NAME_FOR_UIDS"],
                               app.config["FEED_REFRESH_MINUTES"])
        selection = feeds.select(agenda, "event", None, agenda.default_language)
        started = time.perf_counter()
        body = ical.build(selection.name, [ical.Part(agenda, selection.sessions)],
                          agenda.default_language, options)
        built = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return url, body, loaded, built


def request(port: int, headers: dict) -> tuple[int, int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", FEED, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body), dict(response.getheaders())
    finally:
        conn.close()


def load(port: int, headers: dict, expect: int, seconds: float, clients: int) -> tuple[float, float, float]:
    """Requests per second, median and 99th percentile latency (ms), from clients threads."""
    def once() -> None:
        status, _size, _headers = request(port, headers)
        if status != expect:
            raise RuntimeError(f"expected {expect}, got {status}")

    # A new connection per request: a client holds nothing of its own.
    return tuple(timed_clients(lambda: contextlib.nullcontext(once), clients, seconds))


def warm(port: int, workers: int) -> dict:
    """Make every worker build (or load) the body; return the response's headers."""
    headers = {}
    for _ in range(workers * 6):
        status, _size, headers = request(port, {})
        assert status == 200, status
    return headers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, body, loaded, built = prepare(folder, args.forums, args.sessions, args.speakers)
        print(f"full-event feed: {args.sessions} sessions, {len(body) / 1e6:.2f} MB")
        print(f"  load the release's agenda: {loaded * 1000:.0f} ms; build the iCalendar bytes: "
              f"{built * 1000:.0f} ms")
        ceiling_body = Path(folder) / "ceiling.ics"
        ceiling_body.write_bytes(body)
        env = {"EVENTSVC_DATABASE_URL": url, "EVENTSVC_ENV": "production",
               "EVENTSVC_SECRET_KEY": "bench-" + "x" * 40, "BENCH_CEILING_BODY": str(ceiling_body)}
        rows = []
        for name, target in (("ceiling", "feeds:ceiling_app()"), ("eventsvc", "eventsvc:create_app()")):
            log = Path(folder) / "gunicorn.log"
            with Gunicorn(target, log, env, workers=args.workers, chdir=HERE) as server:
                port = server.wait().port
                etag = warm(port, args.workers)["ETag"]
                for mode, headers, expect in (("200", {}, 200), ("304", {"If-None-Match": etag}, 304)):
                    rows.append((name, mode, *load(port, headers, expect, args.seconds, args.clients)))
    ceiling = {mode: rate for name, mode, rate, _p50, _p99 in rows if name == "ceiling"}
    print(f"\ngunicorn -c config/gunicorn.py --workers {args.workers}; {args.clients} loopback clients, "
          f"a new connection per request, {args.seconds:.0f} s each")
    print(f"{'app':<10}{'answer':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'of ceiling':>12}")
    for name, mode, rate, p50, p99 in rows:
        print(f"{name:<10}{mode:>7}{rate:>9.1f}{p50:>9.1f}{p99:>9.1f}{rate / ceiling[mode]:>12.0%}")


if __name__ == "__main__":
    main()
