"""Time `eventsvc generate` and the publish of its release on SQLite and on PostgreSQL.

    python bench/generate_publish.py [--forums 60 --sessions 2000 --speakers 3000]
                                     [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Each run gets a new, empty database: a SQLite file in a temporary folder, and a PostgreSQL
database created for the run and dropped after it (the URL names the server to create it on).
Goal (issue 2): under 60 s on SQLite and under 2 s on PostgreSQL for 60/2000/3000.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from flask_migrate import upgrade
from support import scratch_postgres

from eventsvc import create_app
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.synthetic.generate import Size, generate


def measure(url: str, size: Size) -> tuple[float, float, int]:
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        event = generate("bench", size, seed=1)
        db.session.commit()
        generated = time.perf_counter() - started
        started = time.perf_counter()
        release = publish(event, actor=None)
        db.session.commit()
        published = time.perf_counter() - started
        size_bytes = len(release.snapshot.encode())
        db.session.remove()
        db.engine.dispose()
    return generated, published, size_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args()
    size = Size(args.forums, args.sessions, args.speakers)
    print(
        f"generate --forums {size.forums} --sessions {size.sessions} "
        f"--speakers {size.speakers}, then publish"
    )
    print(f"{'database':<12}{'generate (s)':>14}{'publish (s)':>14}{'snapshot (MB)':>15}")
    with tempfile.TemporaryDirectory() as folder:
        g, p, b = measure(f"sqlite:///{folder}/bench.sqlite", size)
        print(f"{'SQLite':<12}{g:>14.2f}{p:>14.2f}{b / 1e6:>15.2f}")
    url, drop = scratch_postgres(args.postgres)
    try:
        g, p, b = measure(url, size)
        print(f"{'PostgreSQL':<12}{g:>14.2f}{p:>14.2f}{b / 1e6:>15.2f}")
    finally:
        drop()


if __name__ == "__main__":
    main()
