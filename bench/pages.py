"""Throughput and latency of the public pages and the agenda API, beside a ceiling.

    python bench/pages.py [--forums 60 --sessions 2000 --speakers 3000] [--seconds 4]
                          [--rounds 3] [--clients 4] [--skip-postgres]
                          [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each database (SQLite, then a scratch PostgreSQL database dropped afterwards): `eventsvc
generate` builds and publishes a conference, gunicorn serves the app with the production
settings (config/gunicorn.py) and 2 workers, and a loopback client of a few threads, each
on one kept-alive connection, requests each URL for a fixed time after warming up (so each
worker has built the release once): once as is (identity) and once with `Accept-Encoding:
gzip`. The ceiling is a minimal Flask app served the same way (bench/ceiling.py) that returns
the very bytes eventsvc answered, gzip ones with `Content-Encoding: gzip`. eventsvc and the
ceiling take turns, `--rounds` times each. Printed per URL and coding: bytes on the wire,
requests per second of eventsvc and of the ceiling (medians over the rounds) and the median
of the rounds' ratios; the bytes of the brotli answer; and the peak resident memory (VmHWM)
of the busiest eventsvc worker, with the load average before and after.
Goal (issues 3, 11 and 15): every ratio 70% or more, gzip too; a worker under 250 MB.
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

from support import (
    Gunicorn,
    compare,
    load_average,
    on_each_database,
    throughput_arguments,
    timed_clients,
)

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


# What each side is asked for: the identity body, and the gzip copy (Accept-Encoding: gzip).
CODINGS = {"identity": {}, "gzip": {"Accept-Encoding": "gzip"}}


def fetch(
    port: int, path: str, conn: http.client.HTTPConnection | None = None, coding: str = "identity"
) -> bytes:
    """GET path in coding, on conn when given (kept alive, reopened if the server closed it);
    stop unless the answer is a 200 in that coding."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Language": "en", **CODINGS.get(coding, {"Accept-Encoding": coding})}
    try:
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status}")
        if (response.getheader("Content-Encoding") or "identity") != coding:
            raise SystemExit(f"{path}: not answered in {coding}")
        return body
    finally:
        if own:
            conn.close()


@contextlib.contextmanager
def kept_alive(port: int, path: str, coding: str):
    """Yield a request for path on one kept-alive connection; close it afterwards."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        yield lambda: fetch(port, path, conn, coding)
    finally:
        conn.close()


def load(port: int, path: str, coding: str, args: argparse.Namespace):
    """A load of `args.clients` threads for `args.seconds` on path, to run when called."""
    return lambda: timed_clients(lambda: kept_alive(port, path, coding), args.clients, args.seconds)


def brotli_size(port: int, path: str) -> int | None:
    """The bytes of the brotli answer, if eventsvc sends one."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Language": "en", "Accept-Encoding": "br"})
        response = conn.getresponse()
        body = response.read()
        return len(body) if response.getheader("Content-Encoding") == "br" else None
    finally:
        conn.close()


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
    print(f"before: {load_average()}")
    log = folder / "gunicorn.log"
    bodies = folder / "bodies"
    bodies.mkdir(exist_ok=True)
    ceiling_env = {
        "EVENTSVC_SECRET_KEY": env["EVENTSVC_SECRET_KEY"],
        "BENCH_CEILING_BODIES": str(bodies),
    }
    with (
        Gunicorn("eventsvc:create_app()", log, env, workers=2) as app,
        Gunicorn("ceiling:app", log, ceiling_env, workers=2, chdir=HERE) as ceiling,
    ):
        app.wait()
        ceiling.wait()
        rows = []
        for n, (name, path) in enumerate(targets(app.port)):
            row: list = [name]
            for coding in CODINGS:
                body = fetch(app.port, path, coding=coding)
                for _ in range(8):  # both workers build the release and the body once
                    fetch(app.port, path, coding=coding)
                # The ceiling serves the very bytes eventsvc sends, in the same coding.
                file = f"{n}.gz" if coding == "gzip" else str(n)
                (bodies / file).write_bytes(body)
                ours, fixed, ratio = compare(
                    load(app.port, path, coding, args),
                    load(ceiling.port, f"/bodies/{file}", coding, args),
                    args.rounds,
                )
                row += [len(body), ours, fixed, ratio]
            rows.append((*row, brotli_size(app.port, path)))
        print(
            f"{'':<14}{'identity: KB':>13}{'req/s':>7}{'ceiling':>8}{'ratio':>6}"
            f"{'gzip: KB':>10}{'req/s':>7}{'ceiling':>8}{'ratio':>6}{'br KB':>7}"
        )
        for name, *figures, br in rows:
            (size, ours, fixed, ratio), (gz_size, gz_ours, gz_fixed, gz_ratio) = (
                figures[:4],
                figures[4:],
            )
            print(
                f"{name:<14}{size / 1024:>13.0f}{ours.rps:>7.0f}{fixed.rps:>8.0f}{ratio:>6.0%}"
                f"{gz_size / 1024:>10.1f}{gz_ours.rps:>7.0f}{gz_fixed.rps:>8.0f}{gz_ratio:>6.0%}"
                + (f"{br / 1024:>7.1f}" if br is not None else f"{'-':>7}")
            )
        print(
            f"peak RSS of an eventsvc worker: {app.peak_rss_mb():.0f} MB "
            f"(ceiling worker: {ceiling.peak_rss_mb():.0f} MB)"
        )
        print(f"after: {load_average()}")


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
