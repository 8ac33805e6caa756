"""Time the speaker CSV import: a dry run, the import, and the same file again (updates).

    python bench/speaker_import.py [--rows 500] [--database-url URL]

A new SQLite file in a temporary folder unless a URL is given (its database must be empty).
Goal (issue 5): 500 rows well under a few seconds, each step.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from flask_migrate import upgrade

from eventsvc import create_app
from eventsvc.events.services import create_event
from eventsvc.extensions import db
from eventsvc.speakers.csv_import import import_speakers

HEADER = (
    "email,family_name,given_name,name_order,family_name_zh,given_name_zh,"
    "title_en,affiliation_en,precedence\r\n"
)


def csv_file(rows: int, title: str) -> bytes:
    lines = (
        f"p{i}@example.org,Chen,Jia{i},family_first,陈,家{i},{title},Tsinghua University,{i}\r\n"
        for i in range(rows)
    )
    return (HEADER + "".join(lines)).encode("utf-8")


def timed(step):
    started = time.perf_counter()
    report = step()
    db.session.commit()
    return time.perf_counter() - started, report


def measure(url: str, rows: int) -> None:
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        upgrade()
        event = create_event(
            {
                "slug": "bench",
                "name": "Bench",
                "timezone": "Asia/Shanghai",
                "start_date": "2024-04-25",
                "end_date": "2024-04-29",
            }
        )
        db.session.commit()
        first, again = csv_file(rows, "Professor"), csv_file(rows, "Dean")
        steps = [
            ("dry run", lambda: import_speakers(event, first, dry_run=True)),
            ("import", lambda: import_speakers(event, first)),
            ("re-import", lambda: import_speakers(event, again)),
        ]
        print(f"{'step':<12}{'seconds':>10}{'created':>10}{'updated':>10}")
        for name, step in steps:
            seconds, report = timed(step)
            print(
                f"{name:<12}{seconds:>10.3f}{report.count('created'):>10}{report.count('updated'):>10}"
            )
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    print(f"speaker CSV import of {args.rows} rows")
    if args.database_url:
        measure(args.database_url, args.rows)
        return
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{folder}/bench.sqlite", args.rows)


if __name__ == "__main__":
    main()
