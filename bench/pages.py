"""Throughput and latency of the public pages and the agenda API, beside a ceiling.

    python bench/pages.py [--forums 60 --sessions 2000 --speakers 3000] [--seconds 4]
                          [--rounds 3] [--clients 4] [--skip-postgres]
                          [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each database (SQLite, then a scratch PostgreSQL database dropped afterwards): `eventsvc
generate` builds and publishes a conference, gunicorn serves the app with the production
settings (config/gunicorn.py) and 2 workers, and a loopback client of a few threads, each
on one kept-alive connection, requests each URL for a fixed time after warming up (so each
worker has built the release once). The ceiling is a minimal Flask app served the same way
that returns a fixed body of the same size. eventsvc and the ceiling take turns, `--rounds`
times each. Printed per URL: body size, requests per second and median latency for eventsvc
and for the ceiling (medians over the rounds), the median of the rounds' ratios, and the
peak resident memory (VmHWM) of the busiest eventsvc worker.
Goal (issues 3 and 11): every ratio 70% or more; a worker under 250 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from support import Gunicorn, compare, on_each_database, throughput_arguments, timed_clients

BIN = Path(sys.executable).parent  # eventsvc, installed beside this Python
HERE = Path(__file__).resolve().parent
SLUG = "bench"


def prepare(url: str, size: argparse.Namespace, env: dict) -> None:
    """Migrate, then generate and publish the conference with the real command."""
    for command in (
        ["db", "upgrade"],
        [
            "generate",
            "--event",
            SLUG,
            "--forums",
            str(size.forums),
            "--sessions",
            str(size.sessions),
            "--speakers",
            str(size.speakers),
            "--seed",
            "1",
        ],
    ):
        subprocess.run(
            [str(BIN / "eventsvc"), *command],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def fetch(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> bytes:
    """GET path, on conn when given (kept alive, reopened if the server closed it)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        try:
            conn.request("GET", path, headers={"Accept-Language": "en"})
            response = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            conn.request("GET", path, headers={"Accept-Language": "en"})
            response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status}")
        return body
    finally:
        if own:
            conn.close()


@contextlib.contextmanager
def kept_alive(port: int, path: str):
    """Yield a request for path on one kept-alive connection; close it afterwards."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        yield lambda: fetch(port, path, conn)
    finally:
        conn.close()


def load(port: int, path: str, args: argparse.Namespace):
    """A load of `args.clients` threads for `args.seconds` on path, to run when called."""
    return lambda: timed_clients(lambda: kept_alive(port, path), args.clients, args.seconds)


def targets(port: int) -> list[tuple[str, str]]:
    """The URLs measured: the agenda, a forum page, the speaker list, the agenda API, a
    session's page, a speaker's page, a search and "now" at a session's start."""
    import json
    from urllib.parse import quote

    forums = json.loads(fetch(port, f"/api/v1/events/{SLUG}/forums?per_page=1"))
    forum = forums["items"][0]["slug"]
    talk = json.loads(fetch(port, f"/api/v1/events/{SLUG}/sessions?per_page=1"))["items"][0]
    person = json.loads(fetch(port, f"/api/v1/events/{SLUG}/speakers?per_page=1"))["items"][0]
    family = quote(person["names"][0]["family"])
    return [
        ("agenda page", f"/events/{SLUG}"),
        ("forum page", f"/events/{SLUG}/forums/{forum}"),
        ("speaker list", f"/events/{SLUG}/speakers"),
        ("agenda API", f"/api/v1/events/{SLUG}/agenda"),
        ("session page", f"/events/{SLUG}/sessions/{talk['uid']}"),
        ("speaker page", f"/events/{SLUG}/speakers/{person['slug']}"),
        ("search", f"/events/{SLUG}/search?q={family}"),
        ("now", f"/events/{SLUG}/now?at={quote(talk['start'])}"),
    ]


def measure(label: str, url: str, args: argparse.Namespace, folder: Path) -> None:
    env = {
        **os.environ,
        "EVENTSVC_DATABASE_URL": url,
        "EVENTSVC_ENV": "production",
        "EVENTSVC_PUBLIC_URL": "http://127.0.0.1:8000",
        "EVENTSVC_SECRET_KEY": secrets.token_hex(32),
    }
    started = time.perf_counter()
    prepare(url, args, env)
    print(f"\n{label}: generated and published in {time.perf_counter() - started:.1f} s")
    log = folder / "gunicorn.log"
    ceiling_env = {"EVENTSVC_SECRET_KEY": env["EVENTSVC_SECRET_KEY"]}
    with (
        Gunicorn("eventsvc:create_app()", log, env, workers=2) as app,
        Gunicorn("ceiling:app", log, ceiling_env, workers=2, chdir=HERE) as ceiling,
    ):
        app.wait()
        ceiling.wait()
        rows = []
        for name, path in targets(app.port):
            size = len(fetch(app.port, path))
            for _ in range(8):  # both workers build the release and the body once
                fetch(app.port, path)
            rows.append(
                (
                    name,
                    size,
                    *compare(
                        load(app.port, path, args),
                        load(ceiling.port, f"/bytes/{size}", args),
                        args.rounds,
                    ),
                )
            )
        print(
            f"{'':<14}{'body KB':>9}{'req/s':>9}{'median ms':>11}"
            f"{'ceiling req/s':>15}{'ceiling ms':>12}{'ratio':>8}"
        )
        for name, size, ours, fixed, ratio in rows:
            print(
                f"{name:<14}{size / 1024:>9.0f}{ours.rps:>9.0f}{ours.median_ms:>11.1f}"
                f"{fixed.rps:>15.0f}{fixed.median_ms:>12.1f}{ratio:>8.0%}"
            )
        print(
            f"peak RSS of an eventsvc worker: {app.peak_rss_mb():.0f} MB "
            f"(ceiling worker: {ceiling.peak_rss_mb():.0f} MB)"
        )


def main() -> None:
    parser = throughput_arguments(__doc__.splitlines()[0])
    args = parser.parse_args()
    print(
        f"{args.forums} forums, {args.sessions} sessions, {args.speakers} speakers; "
        f"gunicorn, 2 workers; {args.clients} loopback clients, "
        f"{args.rounds} rounds of {args.seconds:.0f} s per URL and side"
    )
    on_each_database(args, lambda label, url, folder: measure(label, url, args, folder))


if __name__ == "__main__":
    main()
