"""The full-event calendar feed of a generated 2,000-session conference: build time and throughput.

    python bench/feeds.py [--forums 60 --sessions 2000 --speakers 3000]
                          [--seconds 4 --rounds 3 --clients 4 --workers 2] [--skip-postgres]
                          [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each database (a new SQLite file, then a scratch PostgreSQL database dropped afterwards):
1. Generates and publishes the conference.
2. Times building the full-event feed once: loading the release's agenda, and the iCalendar
   bytes alone.
3. Serves the feed with gunicorn (config/gunicorn.py, `--workers` workers) and, on another
   port, a "ceiling" Flask app that answers a fixed body of the same bytes through the same
   response helper (web/conditional.respond: ETag, Last-Modified, 304). A bounded loopback
   client (`--clients` threads for `--seconds` each round, a new connection per request)
   measures 200s and 304s on both, eventsvc and the ceiling taking turns `--rounds` times;
   the figures are medians over the rounds. Every process is stopped at the end, whatever happens.

Goal (issue 4): 200 and 304 both at 70% of the ceiling or more.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import time
from pathlib import Path

from flask import Flask
from support import Gunicorn, compare, on_each_database, throughput_arguments, timed_clients

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


def prepare(url: str, forums: int, sessions: int, speakers: int) -> tuple[bytes, float, float]:
    """Generate and publish into url; return the feed's bytes and two build times (s)."""
    from flask_migrate import upgrade

    from eventsvc import create_app
    from eventsvc.agenda import feeds, ical
    from eventsvc.agenda.current import agenda_for, agendas, current_release
    from eventsvc.extensions import db
    from eventsvc.synthetic.generate import Size, generate

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
        options = ical.Options(
            "http://127.0.0.1",
            app.config["SERVER_NAME_FOR_UIDS"],
            app.config["FEED_REFRESH_MINUTES"],
        )
        selection = feeds.select(agenda, "event", None, agenda.default_language)
        started = time.perf_counter()
        body = ical.build(
            selection.name,
            [ical.Part(agenda, selection.sessions)],
            agenda.default_language,
            options,
        )
        built = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return body, loaded, built


def request(port: int, headers: dict) -> tuple[int, int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", FEED, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body), dict(response.getheaders())
    finally:
        conn.close()


def load(port: int, headers: dict, expect: int, seconds: float, clients: int):
    """A load of `clients` threads for `seconds`, to run when called."""

    def once() -> None:
        status, _size, _headers = request(port, headers)
        if status != expect:
            raise RuntimeError(f"expected {expect}, got {status}")

    # A new connection per request: a client holds nothing of its own.
    return lambda: timed_clients(lambda: contextlib.nullcontext(once), clients, seconds)


def warm(port: int, workers: int) -> dict:
    """Make every worker build (or load) the body; return the response's headers."""
    headers = {}
    for _ in range(workers * 6):
        status, _size, headers = request(port, {})
        assert status == 200, status
    return headers


def main() -> None:
    parser = throughput_arguments(__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    on_each_database(args, lambda label, url, folder: measure(label, url, args, folder))


def measure(label: str, url: str, args: argparse.Namespace, folder: Path) -> None:
    body, loaded, built = prepare(url, args.forums, args.sessions, args.speakers)
    print(f"\n{label}: full-event feed of {args.sessions} sessions, {len(body) / 1e6:.2f} MB")
    print(
        f"  load the release's agenda: {loaded * 1000:.0f} ms; "
        f"build the iCalendar bytes: {built * 1000:.0f} ms"
    )
    ceiling_body = folder / "ceiling.ics"
    ceiling_body.write_bytes(body)
    env = {
        "EVENTSVC_DATABASE_URL": url,
        "EVENTSVC_ENV": "production",
        "EVENTSVC_PUBLIC_URL": "http://127.0.0.1:8000",
        "EVENTSVC_SECRET_KEY": "bench-" + "x" * 40,
        "BENCH_CEILING_BODY": str(ceiling_body),
    }
    log = folder / "gunicorn.log"
    with (
        Gunicorn("feeds:ceiling_app()", log, env, workers=args.workers, chdir=HERE) as ceiling,
        Gunicorn("eventsvc:create_app()", log, env, workers=args.workers, chdir=HERE) as ours,
    ):
        ports = {"ceiling": ceiling.wait().port, "eventsvc": ours.wait().port}
        etags = {name: warm(port, args.workers)["ETag"] for name, port in ports.items()}

        def side(name: str, expect: int):
            headers = {"If-None-Match": etags[name]} if expect == 304 else {}
            return load(ports[name], headers, expect, args.seconds, args.clients)

        rows = [
            (str(expect), *compare(side("eventsvc", expect), side("ceiling", expect), args.rounds))
            for expect in (200, 304)
        ]
    print(
        f"  gunicorn -c config/gunicorn.py --workers {args.workers}; "
        f"{args.clients} loopback clients, a new connection per request; "
        f"{args.rounds} rounds of {args.seconds:.0f} s per side, medians"
    )
    print(
        f"  {'answer':<7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'ceiling req/s':>15}{'ceiling p50':>13}"
        f"{'of ceiling':>12}"
    )
    for mode, ours_, fixed, ratio in rows:
        print(
            f"  {mode:<7}{ours_.rps:>9.1f}{ours_.median_ms:>9.1f}{ours_.p99_ms:>9.1f}"
            f"{fixed.rps:>15.1f}"
            f"{fixed.median_ms:>13.1f}{ratio:>12.0%}"
        )


if __name__ == "__main__":
    main()
