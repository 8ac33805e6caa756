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
   measures 200s and 304s on both, each as is (identity) and with `Accept-Encoding: gzip`
   (the ceiling sends the same gzip bytes), eventsvc and the ceiling taking turns `--rounds`
   times; the figures are medians over the rounds. Also printed: the feed's bytes on the wire
   in each coding (identity, gzip, brotli), and the load average around the measures.
   Every process is stopped at the end, whatever happens.

Goal (issues 4 and 15): 200 and 304, identity and gzip, all at 70% of the ceiling or more.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import time
from pathlib import Path

from flask import Flask
from support import (
    Gunicorn,
    compare,
    load_average,
    on_each_database,
    throughput_arguments,
    timed_clients,
)

HERE = Path(__file__).resolve().parent
FEED = "/events/bench/calendar.ics"
# Each coding the feed is asked in (and that the ceiling serves the same bytes of); brotli's
# bytes are reported alone.
CODINGS = {
    "identity": {},
    "gzip": {"Accept-Encoding": "gzip"},
    "br": {"Accept-Encoding": "br"},
}


def ceiling_app() -> Flask:
    """A fixed body (the file named by BENCH_CEILING_BODY), served like a feed: through the
    same response helper, which sends the compressed copy a client accepts, made up front."""
    from eventsvc import paths
    from eventsvc.agenda.compressed import CODINGS
    from eventsvc.agenda.rendered import RenderCache, make
    from eventsvc.web.conditional import respond

    app = Flask("ceiling")
    app.config.from_pyfile(str(paths.CONFIG / "default.py"))  # Cache-Control's settings
    # respond() reads the compression levels from the render cache; the copies made here
    # with them are the very bytes eventsvc sends.
    cache = app.extensions["eventsvc.rendered"] = RenderCache(0)
    rendered = make(Path(os.environ["BENCH_CEILING_BODY"]).read_bytes())
    for coding in CODINGS:
        rendered.encoded(coding, cache.levels)

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


def request(port: int, headers: dict) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", FEED, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, body, dict(response.getheaders())
    finally:
        conn.close()


def load(port: int, headers: dict, expect: int, seconds: float, clients: int):
    """A load of `clients` threads for `seconds`, to run when called."""

    def once() -> None:
        status, _body, _headers = request(port, headers)
        if status != expect:
            raise RuntimeError(f"expected {expect}, got {status}")

    # A new connection per request: a client holds nothing of its own.
    return lambda: timed_clients(lambda: contextlib.nullcontext(once), clients, seconds)


def warm(port: int, workers: int, coding: dict) -> tuple[bytes, dict]:
    """Make every worker build (or load) the body; return the answer's body and headers."""
    body, headers = b"", {}
    for _ in range(workers * 6):
        status, body, headers = request(port, coding)
        assert status == 200, status
    return body, headers


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
    env = {
        "EVENTSVC_DATABASE_URL": url,
        "EVENTSVC_ENV": "production",
        "EVENTSVC_PUBLIC_URL": "http://127.0.0.1:8000",
        "EVENTSVC_SECRET_KEY": "bench-" + "x" * 40,
        "BENCH_CEILING_BODY": str(ceiling_body),
    }
    log = folder / "gunicorn.log"
    with contextlib.ExitStack() as running:
        ours = running.enter_context(
            Gunicorn("eventsvc:create_app()", log, env, workers=args.workers, chdir=HERE)
        )
        # The ceiling serves the very bytes eventsvc answers (its links name PUBLIC_URL).
        ceiling_body.write_bytes(warm(ours.wait().port, args.workers, {})[0])
        ceiling = running.enter_context(
            Gunicorn("feeds:ceiling_app()", log, env, workers=args.workers, chdir=HERE)
        )
        ports = {"ceiling": ceiling.wait().port, "eventsvc": ours.port}
        etags, wire = {}, {}
        for coding, asked in CODINGS.items():
            for name, port in ports.items():
                answer, headers = warm(port, args.workers, asked)
                if headers.get("Content-Encoding", "identity") != coding:
                    raise SystemExit(f"{name} did not answer in {coding}")
                etags[name, coding], wire[name, coding] = headers["ETag"], answer
            if wire["eventsvc", coding] != wire["ceiling", coding]:
                raise SystemExit(f"the ceiling's {coding} bytes are not eventsvc's")

        def side(name: str, coding: str, expect: int):
            headers = dict(CODINGS[coding])
            if expect == 304:
                headers["If-None-Match"] = etags[name, coding]
            return load(ports[name], headers, expect, args.seconds, args.clients)

        print(f"  {load_average()}")
        rows = [
            (
                f"{expect} {coding}",
                *compare(
                    side("eventsvc", coding, expect), side("ceiling", coding, expect), args.rounds
                ),
            )
            for expect in (200, 304)
            for coding in ("identity", "gzip")
        ]
        print(f"  {load_average()}")
    print(
        "  bytes on the wire: "
        + ", ".join(f"{coding} {len(wire['eventsvc', coding]) / 1024:.0f} KB" for coding in CODINGS)
    )
    print(
        f"  gunicorn -c config/gunicorn.py --workers {args.workers}; "
        f"{args.clients} loopback clients, a new connection per request; "
        f"{args.rounds} rounds of {args.seconds:.0f} s per side, medians"
    )
    print(
        f"  {'answer':<14}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'ceiling req/s':>15}{'ceiling p50':>13}"
        f"{'of ceiling':>12}"
    )
    for mode, ours_, fixed, ratio in rows:
        print(
            f"  {mode:<14}{ours_.rps:>9.1f}{ours_.median_ms:>9.1f}{ours_.p99_ms:>9.1f}"
            f"{fixed.rps:>15.1f}"
            f"{fixed.median_ms:>13.1f}{ratio:>12.0%}"
        )


if __name__ == "__main__":
    main()
