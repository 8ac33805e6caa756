"""Give the benchmarks a scratch PostgreSQL database, gunicorn and timed loopback clients."""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import NamedTuple, Self

from sqlalchemy import create_engine, text
from sqlalchemy import event as sa_event
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "gunicorn.py"
START_SECONDS = 60


def scratch_postgres(server_url: str, name: str | None = None) -> tuple[str, Callable[[], None]]:
    """Create an empty database on the server; return its URL and a function that drops it."""
    name = name or f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # A fixed name may be left over from an interrupted run: start from nothing.
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def free_port() -> int:
    """Return a loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """Run `app` under gunicorn -c config/gunicorn.py on a loopback port, its output in `log`."""

    def __init__(
        self,
        app: str,
        log: Path,
        env: dict | None = None,
        port: int | None = None,
        workers: int | None = None,
        chdir: Path | None = None,
    ):
        self.app, self.log, self.port = app, log, port or free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(CONFIG),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        if workers is not None:
            command += ["--workers", str(workers)]
        if chdir is not None:
            command += ["--chdir", str(chdir)]
        # eventsvc logs a JSON line per request: keep it off the screen. A process group of its
        # own lets stop() reach the workers too, and keeps Ctrl-C for this script.
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [*command, app],
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                stdout=out,
                stderr=out,
                start_new_session=True,
            )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def wait(self, ready: str | None = None) -> Self:
        """Wait until it accepts connections (and answers 200 on `ready`); else stop and exit."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            if self._answers(ready):
                return self
            time.sleep(0.1)
        self.stop()
        raise SystemExit(
            f"gunicorn {self.app} did not start on port {self.port}:\n"
            + self.log.read_text(errors="replace")[-2000:]
        )

    def _answers(self, ready: str | None) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            if ready is None:
                conn.connect()
                return True
            conn.request("GET", ready)
            return conn.getresponse().status == 200
        except (http.client.HTTPException, OSError):
            return False
        finally:
            conn.close()

    def workers(self) -> list[int]:
        """Return the pids of the workers (the children of the master)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == self.process.pid:
                    found.append(int(entry.name))
        return found

    def peak_rss_mb(self) -> float:
        """Return the highest peak resident memory (VmHWM) of a worker, in MB."""
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        """Stop the master and its workers, killing them if they take over 30 s."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Figures(NamedTuple):
    """Hold requests per second, median and 99th percentile latency (ms)."""

    rps: float
    median_ms: float
    p99_ms: float


def timed_clients(
    client: Callable[[], AbstractContextManager[Callable[[], object]]], clients: int, seconds: float
) -> Figures:
    """Time `clients` threads calling the request `client()` gives each for `seconds`."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run() -> None:
        mine = []
        try:
            # A context per thread, so that a client can hold (and close) a connection of its own.
            with client() as request:
                while time.monotonic() < stop_at:
                    started = time.perf_counter()
                    request()
                    mine.append(time.perf_counter() - started)
        except BaseException as exc:  # noqa: BLE001
            # Raised once all are done; SystemExit too, which would end this thread silently.
            errors.append(exc)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    if errors:
        raise errors[0]
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Figures(len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000)


def compare(
    ours: Callable[[], Figures], ceiling: Callable[[], Figures], rounds: int
) -> tuple[Figures, Figures, float]:
    """Run the two loads in turn `rounds` times: the median figures of each, and the median
    ratio of their throughputs. Taking turns keeps a slow spell of a shared machine from
    landing on one side only."""
    pairs = [(ours(), ceiling()) for _ in range(rounds)]

    def median(figures: list[Figures]) -> Figures:
        return Figures(*(statistics.median(values) for values in zip(*figures, strict=False)))

    return (
        median([o for o, _c in pairs]),
        median([c for _o, c in pairs]),
        statistics.median(o.rps / c.rps for o, c in pairs),
    )


def throughput_arguments(description: str) -> argparse.ArgumentParser:
    """The options pages.py and feeds.py share: the conference's size, the load, the databases."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--skip-postgres", action="store_true")
    return parser


def on_each_database(args: argparse.Namespace, measure: Callable[[str, str, Path], None]) -> None:
    """measure(label, database URL, scratch folder) on a new SQLite file, then (unless
    --skip-postgres) on a scratch PostgreSQL database dropped afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{folder}/bench.sqlite", Path(folder))
        if not args.skip_postgres:
            url, drop = scratch_postgres(args.postgres)
            try:
                measure("PostgreSQL", url, Path(folder))
            finally:
                drop()


def scratch_database(url: str) -> tuple[str, Callable[[], None]]:
    """The PostgreSQL database url names, created empty for the run (dropped if it was there):
    its URL and a function that drops it."""
    parsed = make_url(url)
    server = parsed.set(database="postgres").render_as_string(hide_password=False)
    return scratch_postgres(server, parsed.database)


def generate_event(url: str, slug: str, size: list[str]) -> None:
    """Migrate the database at url and generate event slug with the real commands."""
    env = {**os.environ, "EVENTSVC_DATABASE_URL": url}
    eventsvc = str(Path(sys.executable).parent / "eventsvc")  # installed beside this Python
    for command in (["db", "upgrade"], ["generate", "--event", slug, *size]):
        subprocess.run(
            [eventsvc, *command],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


class Timing(NamedTuple):
    """Hold one request's figures over repeated runs: median and 95th percentile of wall and
    CPU milliseconds, the SQL statements of one run and the body's bytes."""

    median_ms: float
    p95_ms: float
    cpu_median_ms: float
    queries: int
    size: int

    HEADER = f"{'':<26}{'median ms':>10}{'p95 ms':>9}{'CPU ms':>8}{'queries':>9}{'KB':>7}"

    def row(self, label: str) -> str:
        return (
            f"{label:<26}{self.median_ms:>10.1f}{self.p95_ms:>9.1f}{self.cpu_median_ms:>8.1f}"
            f"{self.queries:>9}{self.size / 1024:>7.0f}"
        )


def timed(run: Callable[[], int], engine, repeat: int) -> Timing:
    """Time run() (which answers a size in bytes) repeat times after one warm-up run, counting
    the SQL statements the engine runs in the last one. CPU time is this process's alone: on a
    shared machine it moves less than the wall time."""
    run()
    walls, cpus = [], []
    statements = [0]

    def count(*_args) -> None:
        statements[0] += 1

    for n in range(repeat):
        if n == repeat - 1:
            sa_event.listen(engine, "before_cursor_execute", count)
        began, cpu = time.perf_counter(), time.process_time()
        size = run()
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    sa_event.remove(engine, "before_cursor_execute", count)
    p95 = statistics.quantiles(walls, n=20)[-1] if len(walls) > 1 else walls[0]
    return Timing(statistics.median(walls), p95, statistics.median(cpus), statements[0], size)


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def admin_client(url: str):
    """The production app on url, and a test client signed in as a new admin."""
    from eventsvc import create_app
    from eventsvc.auth.services import create_user, grant
    from eventsvc.extensions import db

    app = create_app(
        "production",
        DATABASE_URL=url,
        SECRET_KEY=uuid.uuid4().hex * 2,
        PUBLIC_URL="http://127.0.0.1:8000",
    )
    with app.app_context():
        admin = create_user("bench-admin@example.org", uuid.uuid4().hex)
        grant(admin, "admin", None, None)
        db.session.commit()
        admin_id = admin.id
    # As each gunicorn worker does once its app is loaded (config/gunicorn.py).
    gc.collect()
    gc.freeze()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(admin_id)
        cookie["_fresh"] = True
    return app, client


def getter(client, path: str) -> Callable[[], int]:
    """A function that GETs path in English and answers the body's size; stops on any error."""

    def get() -> int:
        response = client.get(path, headers={"Accept-Language": "en"})
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        return len(response.data)

    return get


def event_size_args(description: str) -> argparse.Namespace:
    """The arguments of the in-process benchmarks of one generated event."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--database-url", help="also on this PostgreSQL database (created afresh, then dropped)"
    )
    args = parser.parse_args()
    args.size = ["--forums", str(args.forums), "--sessions", str(args.sessions)]
    args.size += ["--speakers", str(args.speakers), "--seed", "1"]
    print(f"{args.forums} forums, {args.sessions} sessions, {args.speakers} speakers; in process")
    return args


def on_sqlite_and_given_database(
    measure: Callable[[str, str, argparse.Namespace], None], args: argparse.Namespace
) -> None:
    """measure(label, url, args) on a new SQLite file, then on --database-url if given."""
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{folder}/bench.sqlite", args)
    if args.database_url:
        url, drop = scratch_database(args.database_url)
        try:
            measure("PostgreSQL", url, args)
        finally:
            drop()
