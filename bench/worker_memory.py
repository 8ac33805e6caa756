"""The resident memory each in-process cache adds to a worker when full, at its default bound.

    python bench/worker_memory.py [--forums 60 --sessions 2000 --speakers 3000]

`eventsvc generate` builds and publishes a conference into a new SQLite file; the app is
created with the production settings (config/default.py's bounds). The real answers of the
pages bench/pages.py measures (identity and gzip) are fetched once, then every cache is
emptied and each is filled in turn, its growth of this process's resident memory (VmRSS,
after a garbage collection and malloc_trim) printed:
- agendas: AGENDA_CACHE_SIZE agendas read from the release's snapshot (each its own objects,
  as AGENDA_CACHE_SIZE releases of events this size would be);
- search indexes: one per agenda kept, SEARCH_CACHE_SIZE of them;
- last changes: HISTORY_CACHE_SIZE releases in which every session changed (the most there is);
- preview sessions: PREVIEW_CACHE_SIZE releases' sessions, parsed from the snapshot;
- pinyin readings: PINYIN_CACHE_SIZE Chinese characters (pypinyin itself, loaded before the
  count starts, is not a cache: about 60 MB in a process that imports speakers);
- rendered bodies: copies of the real bodies, each compressed as the app does, until the
  cache's bytes (RENDER_CACHE_MB) are used;
- replayed answers: copies of the real answers, until REPLAY_CACHE_MB is used.
The last two count their bytes themselves; the figure shows what Python's objects add to that.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import logging
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from support import generate_event

SLUG = "bench"
_TRIM = ctypes.CDLL("libc.so.6").malloc_trim


def resident_mb() -> float:
    """This process's resident memory, once garbage is collected and freed memory returned."""
    gc.collect()
    _TRIM(0)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS in /proc/self/status")


def answers(client, slug: str) -> list[tuple[str, str, object]]:
    """(path, coding, response) for the pages bench/pages.py measures, identity and gzip."""
    forum = client.get(f"/api/v1/events/{slug}/forums?per_page=1").json["items"][0]["slug"]
    talk = client.get(f"/api/v1/events/{slug}/sessions?per_page=1").json["items"][0]
    person = client.get(f"/api/v1/events/{slug}/speakers?per_page=1").json["items"][0]
    paths = [
        f"/events/{slug}",
        f"/events/{slug}/forums/{forum}",
        f"/events/{slug}/speakers",
        f"/api/v1/events/{slug}/agenda",
        f"/events/{slug}/sessions/{talk['uid']}",
        f"/events/{slug}/speakers/{person['slug']}",
        f"/events/{slug}/calendar.ics",
    ]
    found = []
    for path in paths:
        for coding, asked in (("identity", {}), ("gzip", {"Accept-Encoding": "gzip"})):
            response = client.get(path, headers={"Accept-Language": "en", **asked})
            assert response.status_code == 200, path
            response.get_data()  # read whole: the bytes copied below
            found.append((path, coding, response))
    return found


def fill(label: str, setting: str, bound: int, unit: str, run: Callable[[], int]) -> tuple:
    before = resident_mb()
    entries = run()
    added = resident_mb() - before
    print(f"{label:<18}{setting:<28}{bound:>8} {unit:<8}{entries:>8}{added:>10.1f}")
    return label, setting, bound, unit, entries, added


def measure(url: str) -> None:
    from eventsvc import caches, create_app
    from eventsvc.agenda.current import current_release
    from eventsvc.agenda.history import LastChange
    from eventsvc.agenda.model import Agenda
    from eventsvc.agenda.rendered import RenderCache, make
    from eventsvc.agenda.search import SearchIndex
    from eventsvc.extensions import db
    from eventsvc.releases.models import Release
    from eventsvc.speakers.name_parts import pinyin_readings
    from eventsvc.web import replay

    app = create_app(
        "production",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_hex(32),
        PUBLIC_URL="http://127.0.0.1:8000",
    )
    config = app.config
    sample = answers(app.test_client(), SLUG)
    with app.app_context():
        ref = current_release(SLUG)
        assert ref is not None
        snapshot = db.session.get(Release, ref.id).snapshot
        db.session.remove()
    pinyin_readings("陈")  # pypinyin loaded before the count: it is not a cache
    caches.empty()
    app.extensions["eventsvc.rendered"].clear()
    app.extensions["eventsvc.replay"].clear()

    def agendas() -> int:
        for n in range(config["AGENDA_CACHE_SIZE"]):
            agenda = Agenda.from_snapshot(-n, n, ref.digest, ref.published_at, json.loads(snapshot))
            caches.agendas.set((-n, ref.digest), agenda)
        return len(caches.agendas)

    def indexes() -> int:
        for agenda in caches.agendas.values()[: config["SEARCH_CACHE_SIZE"]]:
            caches.search_indexes.set((agenda.release_id, agenda.digest), SearchIndex(agenda))
        return len(caches.search_indexes)

    def last_changes() -> int:
        uids = list(caches.agendas.values()[0].sessions_by_uid)
        for n in range(config["HISTORY_CACHE_SIZE"]):
            changed = {uid: LastChange(n + 2, ("rescheduled", "moved")) for uid in uids}
            caches.last_changes.set((-n, ref.digest), changed)
        return len(caches.last_changes)

    def previews() -> int:
        for n in range(config["PREVIEW_CACHE_SIZE"]):
            caches.released_sessions.set(f"{n}:{ref.digest}", json.loads(snapshot)["sessions"])
        return len(caches.released_sessions)

    def pinyin() -> int:
        for n in range(config["PINYIN_CACHE_SIZE"]):
            pinyin_readings(chr(0x4E00 + n))
        return len(caches.pinyin_readings)

    def bodies() -> int:
        cache = RenderCache(caches.megabytes(config, "RENDER_CACHE_MB"))
        app.extensions["bench.bodies"] = cache  # kept until the end, as a worker keeps it
        n = 0
        while cache.entries() == n:  # until the first body dropped: the cache is full
            body = make(sample[n % len(sample)][2].get_data() + str(n).encode())
            cache.get_or_build(f"{n}:{ref.digest}", lambda body=body: body)
            n += 1
        return cache.entries()

    def answers_kept() -> int:
        cache = replay.ReplayCache(caches.megabytes(config, "REPLAY_CACHE_MB"))
        app.extensions["bench.answers"] = cache
        n = 0
        while cache.entries() == n:
            path, _coding, response = sample[n % len(sample)]
            environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
            body = response.get_data() + b" "  # a copy of its own
            variant = replay._variant(ref, environ, "200 OK", list(response.headers.items()), body)
            cache.keep(("http", "", path, f"n={n}"), environ, variant, ())
            n += 1
        return cache.entries()

    print(f"{'cache':<18}{'setting':<28}{'bound':>8} {'':<8}{'entries':>8}{'RSS MB':>10}")
    rows = [
        fill("agendas", "AGENDA_CACHE_SIZE", config["AGENDA_CACHE_SIZE"], "releases", agendas),
        fill(
            "search indexes", "SEARCH_CACHE_SIZE", config["SEARCH_CACHE_SIZE"], "releases", indexes
        ),
        fill(
            "last changes",
            "HISTORY_CACHE_SIZE",
            config["HISTORY_CACHE_SIZE"],
            "releases",
            last_changes,
        ),
        fill(
            "preview sessions",
            "PREVIEW_CACHE_SIZE",
            config["PREVIEW_CACHE_SIZE"],
            "releases",
            previews,
        ),
        fill("pinyin readings", "PINYIN_CACHE_SIZE", config["PINYIN_CACHE_SIZE"], "chars", pinyin),
        fill("rendered bodies", "RENDER_CACHE_MB", config["RENDER_CACHE_MB"], "MB", bodies),
        fill("replayed answers", "REPLAY_CACHE_MB", config["REPLAY_CACHE_MB"], "MB", answers_kept),
    ]
    print(f"{'all of them':<72}{sum(row[-1] for row in rows):>10.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    args = parser.parse_args()
    logging.getLogger("eventsvc.requests").disabled = True  # a line per request fetched
    size = ["--forums", str(args.forums), "--sessions", str(args.sessions)]
    size += ["--speakers", str(args.speakers), "--seed", "1"]
    print(f"{args.forums} forums, {args.sessions} sessions, {args.speakers} speakers")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        generate_event(url, SLUG, size)
        measure(url)


if __name__ == "__main__":
    main()
