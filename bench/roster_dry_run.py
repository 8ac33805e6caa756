"""Time the dry run of a 3,000-row .xlsx roster against an event with 3,000 speakers.

    python bench/roster_dry_run.py [--rows 3000] [--speakers 3000] [--database-url URL]

The event's speakers have a Latin and a Chinese name and an email. The roster has Chinese
headers; a third of its rows match a speaker by email, a third by the pinyin of a Chinese
name only (no email), a third are new people. Prints the seconds of the dry run (reading the
workbook, checking and matching every row) and the queries it made, which do not grow with
the rows. A new SQLite file in a temporary folder unless a URL is given (its database must
be empty). Goal (issue 13): under 5 s.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time

from flask_migrate import upgrade
from openpyxl import Workbook
from sqlalchemy import event as sa_event

from eventsvc import create_app
from eventsvc.events.services import create_event
from eventsvc.extensions import db
from eventsvc.speakers.csv_import import import_speakers
from eventsvc.speakers.models import Speaker, SpeakerName
from eventsvc.text import name_sort_key

# Family and given names whose pinyin is told apart: Chen Jia<n> is 陈 + the characters of n.
_DIGITS = "零一二三四五六七八九"


def _given(n: int) -> tuple[str, str]:
    han = "".join(_DIGITS[int(d)] for d in str(n))
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(han)).capitalize(), han


def seed(event_id: int, speakers: int) -> None:
    """The speakers, inserted in bulk (the import's own path is what is measured)."""
    for n in range(speakers):
        latin, han = _given(n)
        speaker = Speaker(
            event_id=event_id,
            slug=f"s{n}",
            sort_name=name_sort_key("Chen", latin),
            email=f"p{n}@example.org",
        )
        speaker.names = [
            SpeakerName(script="Latn", family="Chen", given=latin, family_first=True, position=0),
            SpeakerName(script="Hans", family="陈", given=han, family_first=True, position=1),
        ]
        db.session.add(speaker)
    db.session.commit()


def workbook(rows: int, speakers: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "英文名", "单位", "职务", "邮箱", "国家/地区"])
    for n in range(rows):
        kind = n % 3
        if kind == 0:  # the same email as speaker n
            latin, han = _given(n % speakers)
            sheet.append(
                [
                    f"陈{han}",
                    f"Chen {latin}",
                    "清华大学",
                    "教授",
                    f"p{n % speakers}@example.org",
                    "CN",
                ]
            )
        elif kind == 1:  # a Chinese name only, whose pinyin is speaker n's Latin name
            _, han = _given(n % speakers)
            sheet.append([f"陈{han}", None, "北京大学", "院长", None, "中国"])
        else:  # someone new
            sheet.append([None, f"New Person{n}", "CERN", "Director", f"new{n}@example.org", "CH"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(url: str, rows: int, speakers: int, profile: bool = False) -> None:
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
        seed(event.id, speakers)
        data = workbook(rows, speakers)
        db.session.expire_all()
        queries = []
        engine = db.engine
        listener = lambda *args: queries.append(args[2])  # noqa: E731
        sa_event.listen(engine, "before_cursor_execute", listener)
        started, cpu = time.perf_counter(), time.process_time()
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            report = profiler.runcall(import_speakers, event, data, dry_run=True)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        else:
            report = import_speakers(event, data, dry_run=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        sa_event.remove(engine, "before_cursor_execute", listener)
        matched = sum(1 for r in report.rows if r.matches)
        # CPU seconds beside wall seconds: on a shared machine the wall clock counts the
        # others' work too.
        print(
            f"{'rows':>6}{'speakers':>10}{'seconds':>10}{'cpu s':>8}{'queries':>9}{'matched':>9}"
            f"{'errors':>8}"
        )
        print(
            f"{rows:>6}{speakers:>10}{seconds:>10.2f}{cpu:>8.2f}{len(queries):>9}{matched:>9}"
            f"{report.count('error'):>8}"
        )
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--database-url")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    args = parser.parse_args()
    print(f"dry run of a {args.rows}-row .xlsx roster against {args.speakers} speakers")
    if args.database_url:
        measure(args.database_url, args.rows, args.speakers, args.profile)
        return
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{folder}/bench.sqlite", args.rows, args.speakers, args.profile)


if __name__ == "__main__":
    main()
