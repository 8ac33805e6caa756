"""Count the PostgreSQL connections gunicorn workers hold at rest and at their peak.

    python bench/connections.py [--workers 3] [--clients 16] [--seconds 5]
                                [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

A scratch database gets a generated 2,000-session event (60 forums, 3,000 speakers); gunicorn
serves it with config/gunicorn.py (production, its threads per worker) and the pool settings'
defaults (EVENTSVC_POOL_SIZE, EVENTSVC_MAX_OVERFLOW: config/default.py). Then --clients
threads read pages, feeds and the API for --seconds while pg_stat_activity is sampled every
50 ms, and again after two quiet seconds. Printed: connections in all and per worker, at the
peak and at rest. Each worker's release watch holds one listening connection and asks on one
of the pool's (config/default.py says how the bound adds up). The issue's finding before the
pool settings: about 6 per worker at rest, and 20 workers reached the server's limit of 100.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from support import Gunicorn, generate_event, load_average, scratch_postgres

SLUG = "bench"
PATHS = [
    f"/events/{SLUG}",
    f"/events/{SLUG}/agenda",
    f"/events/{SLUG}/speakers",
    f"/events/{SLUG}/calendar.ics",
    f"/events/{SLUG}/forums/forum-1",
    f"/api/v1/events/{SLUG}",
    f"/api/v1/events/{SLUG}/sessions",
]
# Public reads are answered from memory once built; /readyz asks the database every time.
UNCACHED = ("/readyz",)


def reader(port: int, stop: threading.Event, errors: list[str]) -> None:
    paths = itertools.cycle(PATHS + list(UNCACHED))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        path = next(paths)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status >= 500:
                errors.append(f"{path}: {response.status}")
        except (http.client.HTTPException, OSError) as error:
            errors.append(f"{path}: {error}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()


def connections(admin, database: str) -> int:
    """Connections to database now."""
    return admin.scalar(
        text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"), {"name": database}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args()
    url, drop = scratch_postgres(args.postgres)
    database = url.rsplit("/", 1)[1]
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT").connect()
    try:
        generate_event(url, SLUG, ["--forums", "60", "--sessions", "2000", "--speakers", "3000"])
        with tempfile.TemporaryDirectory() as folder:
            env = {
                "EVENTSVC_ENV": "production",
                "EVENTSVC_PUBLIC_URL": "http://127.0.0.1:8000",
                "EVENTSVC_SECRET_KEY": uuid.uuid4().hex * 2,
                "EVENTSVC_DATABASE_URL": url,
            }
            log = Path(folder) / "gunicorn.log"
            with Gunicorn("eventsvc:create_app()", log, env, workers=args.workers) as server:
                server.wait("/readyz")
                stop, errors = threading.Event(), []
                threads = [
                    threading.Thread(target=reader, args=(server.port, stop, errors))
                    for _ in range(args.clients)
                ]
                for thread in threads:
                    thread.start()
                peak, deadline = 0, time.monotonic() + args.seconds
                while time.monotonic() < deadline:
                    peak = max(peak, connections(admin, database))
                    time.sleep(0.05)
                stop.set()
                for thread in threads:
                    thread.join()
                time.sleep(2)
                rest = connections(admin, database)
                workers = len(server.workers())
        print(
            f"{workers} workers (gunicorn threads per worker: config/gunicorn.py), "
            f"{args.clients} clients for {args.seconds:.0f} s, {len(errors)} errors"
        )
        for label, total in (("at the peak", peak), ("at rest", rest)):
            print(f"{label:<12} {total:>3} connections, {total / workers:.1f} per worker")
        for error in errors[:5]:
            print("  ", error)
        print(load_average())
    finally:
        admin.close()
        drop()


if __name__ == "__main__":
    main()
