"""Search over a generated conference, in process: the index's build time and each query's time.

    python bench/search.py [--forums 60 --sessions 2000 --speakers 3000] [--repeat 200]

`eventsvc generate` builds and publishes the conference into a scratch SQLite file; the
release's Agenda and search index are built once (as a worker does on its first search),
then each query runs --repeat times. Printed per query: matches, median and 95th-percentile
milliseconds of wall time, and the 95th percentile of the process's CPU time (the cost
itself, without the waits a shared machine adds). Goal (issue 11): every query under 20 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/search.db"
        env = {**os.environ, "EVENTSVC_DATABASE_URL": url}
        for command in (
            ["db", "upgrade"],
            [
                "generate",
                "--event",
                "bench",
                "--forums",
                str(args.forums),
                "--sessions",
                str(args.sessions),
                "--speakers",
                str(args.speakers),
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
        run(url, args)


def run(url: str, args: argparse.Namespace) -> None:
    from eventsvc import create_app
    from eventsvc.agenda import search
    from eventsvc.agenda.current import agenda_for, current_release
    from eventsvc.agenda.names import display_name

    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        agenda = agenda_for(current_release("bench"))
    started = time.perf_counter()
    index = search.index_for(agenda)
    built = (time.perf_counter() - started) * 1000
    print(
        f"{len(agenda.sessions)} sessions, {len(agenda.speakers)} public speakers "
        f"(of {args.speakers} generated); index built in {built:.0f} ms"
    )
    chinese = next(s for s in agenda.speakers.values() if s["names"][-1]["script"] == "Hans")
    latin_only = next(s for s in agenda.speakers.values() if len(s["names"]) == 1)
    family, _, given = chinese["sort_name"].partition("\t")
    title_word = next(t.title["zh"] for t in agenda.sessions if t.kind != "break")[:2]
    affiliation = next(s["affiliation"]["en"] for s in agenda.speakers.values() if s["affiliation"])
    queries = [
        ("pinyin run together", f"{family}{given}"),
        ("pinyin with a space", f"{family.title()} {given.title()}"),
        ("characters", display_name(chinese, "zh")),
        ("Latin name", display_name(latin_only, "en")),
        ("affiliation word", affiliation.split()[0]),
        ("Chinese title word", title_word),
        ("one letter", "a"),
    ]
    print(f"{'query':<22}{'text':<26}{'found':>7}{'median ms':>11}{'p95 ms':>9}{'p95 CPU ms':>12}")
    worst = 0.0
    for label, text in queries:
        times, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            hits = index.search(search.parse(text))
            cpu.append((time.process_time() - started_cpu) * 1000)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        cpu.sort()
        p95, p95_cpu = times[int(len(times) * 0.95) - 1], cpu[int(len(cpu) * 0.95) - 1]
        worst = max(worst, p95)
        print(
            f"{label:<22}{text:<26}{len(hits):>7}{statistics.median(times):>11.2f}{p95:>9.2f}"
            f"{p95_cpu:>12.2f}"
        )
    print(f"slowest p95 (wall): {worst:.2f} ms (goal: under 20 ms)")


if __name__ == "__main__":
    main()
