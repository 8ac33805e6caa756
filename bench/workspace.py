"""Time the organizers' working agenda and board for a generated 2,000-session event.

    python bench/workspace.py [--forums 60 --sessions 2000 --speakers 3000] [--requests 20]
                              [--skip-postgres] [--database-name NAME]
                              [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each database (a new SQLite file, then a scratch PostgreSQL database dropped afterwards):
`eventsvc generate` builds the conference, then an admin's requests to each page are timed
in the process (the app's whole work for a request: queries, conflicts, rendering; no
network), after one request to warm up. Printed per page: body size, median and slowest
of --requests requests. Goal (issue 12): the working agenda and the board under 300 ms.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support import scratch_postgres

from eventsvc import create_app
from eventsvc.auth.services import create_user, grant
from eventsvc.extensions import db

BIN = Path(sys.executable).parent  # eventsvc, installed beside this Python
SLUG = "bench"
PAGES = [
    ("working agenda", f"/manage/events/{SLUG}/agenda"),
    ("agenda, one day", f"/manage/events/{SLUG}/agenda?day=2025-03-28"),
    ("agenda, page 10", f"/manage/events/{SLUG}/agenda?page=10"),
    ("board", f"/manage/events/{SLUG}/board"),
    ("board, one forum", f"/manage/events/{SLUG}/board?forum=forum-1"),
]


def prepare(url: str, args: argparse.Namespace) -> None:
    """Migrate and generate the conference with the real commands."""
    env = {**os.environ, "EVENTSVC_DATABASE_URL": url}
    size = ["--forums", str(args.forums), "--sessions", str(args.sessions)]
    size += ["--speakers", str(args.speakers), "--seed", "1"]
    for command in (["db", "upgrade"], ["generate", "--event", SLUG, *size]):
        subprocess.run(
            [str(BIN / "eventsvc"), *command],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def measure(label: str, url: str, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    prepare(url, args)
    print(f"\n{label}: generated in {time.perf_counter() - started:.1f} s")
    app = create_app("production", DATABASE_URL=url, SECRET_KEY=secrets.token_hex(32))
    with app.app_context():
        admin = create_user("bench-admin@example.org", secrets.token_hex(16))
        grant(admin, "admin", None, None)
        db.session.commit()
        admin_id = admin.id
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(admin_id)
        cookie["_fresh"] = True
    print(f"{'page':<18}{'body KB':>9}{'median ms':>11}{'slowest ms':>12}")
    for name, path in PAGES:
        size = len(_get(client, path))
        timings = []
        for _ in range(args.requests):
            began = time.perf_counter()
            _get(client, path)
            timings.append((time.perf_counter() - began) * 1000)
        print(
            f"{name:<18}{size / 1024:>9.0f}{statistics.median(timings):>11.1f}{max(timings):>12.1f}"
        )
    with app.app_context():
        db.engine.dispose()


def _get(client, path: str) -> bytes:
    response = client.get(path, headers={"Accept-Language": "en"})
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    return response.data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--database-name", help="of the scratch PostgreSQL database")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"{args.forums} forums, {args.sessions} sessions, {args.speakers} speakers; in process")
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{folder}/bench.sqlite", args)
    if not args.skip_postgres:
        url, drop = scratch_postgres(args.postgres, args.database_name)
        try:
            measure("PostgreSQL", url, args)
        finally:
            drop()


if __name__ == "__main__":
    main()
