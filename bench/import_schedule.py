"""Time the import of a synthetic schedule.json with N sessions (default 2,000) into a new event.

    python bench/import_schedule.py [--sessions 2000] [--version 1|2] [--database-url URL]

It builds the file itself (pretalx-shaped: 20 tracks, 25 rooms, about one speaker per
session, shared across sessions), imports it into an empty database (a temporary SQLite
file unless --database-url names another), then imports it again (every session found by
its guid, nothing changed), and prints the seconds each took. --version 2 writes the same
schedule the c3voc version 2 way (rooms, tracks, events and persons as lists).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ZONE = timezone(timedelta(hours=8))


def synthetic_schedule(sessions: int, seed: int = 1) -> dict:
    rnd = random.Random(seed)
    rooms = [f"Hall {n}" for n in range(1, 26)]
    tracks = [f"Forum {n}" for n in range(1, 21)]
    persons = [
        {
            "code": f"P{n:05d}",
            "name": f"Speaker{n} Family{n % 97}",
            "guid": str(uuid.UUID(int=rnd.getrandbits(128))),
        }
        for n in range(max(1, sessions))
    ]
    days: dict[str, dict[str, list]] = {}
    for n in range(sessions):
        day = datetime(2024, 4, 25, tzinfo=ZONE) + timedelta(days=n % 5)
        room = rooms[n % len(rooms)]
        slot = (n // (5 * len(rooms))) % 20
        start = day.replace(hour=8) + timedelta(minutes=30 * slot)
        days.setdefault(day.date().isoformat(), {}).setdefault(room, []).append(
            {
                "guid": str(uuid.UUID(int=rnd.getrandbits(128))),
                "code": f"S{n:05d}",
                "id": n + 1,
                "date": start.isoformat(),
                "start": start.strftime("%H:%M"),
                "duration": "00:25",
                "room": room,
                "slug": f"bench-{n + 1}-talk",
                "url": f"https://pretalx.example.org/bench/talk/S{n:05d}/",
                "title": f"Talk number {n}",
                "subtitle": "",
                "track": tracks[n % len(tracks)],
                "type": "Talk",
                "language": "en",
                "abstract": f"Abstract of talk {n}.",
                "description": "",
                "persons": [
                    {**p, "public_name": p["name"]}
                    for p in rnd.sample(persons, k=min(2, len(persons)))
                ],
                "links": [],
                "attachments": [],
            }
        )
    return {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "bench",
                "title": "Benchmark conference",
                "start": "2024-04-25",
                "end": "2024-04-29",
                "daysCount": 5,
                "timeslot_duration": "00:05",
                "time_zone_name": "Asia/Shanghai",
                "days": [
                    {
                        "index": i,
                        "date": d,
                        "day_start": f"{d}T00:00:00+08:00",
                        "day_end": f"{d}T23:59:00+08:00",
                        "rooms": rooms_of_day,
                    }
                    for i, (d, rooms_of_day) in enumerate(sorted(days.items()), start=1)
                ],
            },
        }
    }


def as_version_2(document: dict) -> dict:
    """The same schedule as version 2 writes it: lists, references, start and end."""
    conference = document["schedule"]["conference"]
    events, rooms, tracks, persons = [], {}, {}, {}
    for day in conference["days"]:
        for room, entries in day["rooms"].items():
            rooms.setdefault(room, str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench:room:{room}")))
            for e in entries:
                start = datetime.fromisoformat(e["date"])
                tracks.setdefault(e["track"], f"track-{len(tracks) + 1}")
                for p in e["persons"]:
                    persons.setdefault(p["guid"], p["public_name"])
                events.append(
                    {
                        "guid": e["guid"],
                        "start": e["date"],
                        "end": (start + timedelta(minutes=25)).isoformat(),
                        "room": {"guid": rooms[room]},
                        "slug": e["slug"],
                        "url": e["url"],
                        "title": e["title"],
                        "subtitle": None,
                        "track": {"slug": tracks[e["track"]]},
                        "type": "TALK",
                        "language": "en",
                        "abstract": e["abstract"],
                        "description": None,
                        "participants": [
                            {"guid": p["guid"], "name": p["public_name"], "role": "SPEAKER"}
                            for p in e["persons"]
                        ],
                        "links": [],
                        "attachments": [],
                    }
                )
    return {
        "schedule": {
            "version": "2",
            "conference": {
                **{k: v for k, v in conference.items() if k not in ("days", "daysCount")},
                "rooms": [{"name": name, "guid": guid} for name, guid in rooms.items()],
                "tracks": [{"name": name, "slug": slug} for name, slug in tracks.items()],
            },
            "events": events,
            "persons": [{"guid": guid, "name": name} for guid, name in persons.items()],
        }
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--version", type=int, choices=(1, 2), default=1)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import select

    from eventsvc import create_app
    from eventsvc.events.models import Event
    from eventsvc.extensions import db
    from eventsvc.interchange.import_ import import_schedule, import_schedule_as_new_event

    document = synthetic_schedule(args.sessions)
    if args.version == 2:
        document = as_version_2(document)
    data = json.dumps(document).encode()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app("testing", DATABASE_URL=url)
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            report = import_schedule_as_new_event("bench", data, "schedule.json")
            db.session.commit()
            first = time.perf_counter() - started
            event = db.session.scalar(select(Event).where(Event.slug == "bench"))
            started = time.perf_counter()
            again = import_schedule(event, data, "schedule.json")
            db.session.commit()
            second = time.perf_counter() - started
    print(
        f"schedule.json version {args.version}: {len(data) / 1e6:.1f} MB, "
        f"{args.sessions} sessions, "
        f"{report.created['speakers']} speakers, {report.created['forums']} forums, "
        f"{report.created['rooms']} rooms ({url.split(':')[0]})"
    )
    print(f"first import (creates everything): {first:.2f} s")
    print(f"re-import (all {again.unchanged['sessions']} sessions unchanged): {second:.2f} s")


if __name__ == "__main__":
    main()
