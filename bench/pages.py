"""Throughput and latency of the public pages and the agenda API, beside a ceiling.

    python bench/pages.py [--forums 60 --sessions 2000 --speakers 3000] [--seconds 8]
                          [--clients 4] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                          [--skip-postgres]

For each database (SQLite, then a scratch PostgreSQL database dropped afterwards): `eventsvc
generate` builds and publishes a conference, gunicorn serves the app with the production
settings (config/gunicorn.py) and 2 workers, and a loopback client of a few threads, each
on one kept-alive connection, requests each URL for a fixed time after warming up (so each worker has built the release once). The ceiling is a minimal Flask app served
the same way that returns a fixed body of the same size. Printed per URL: body size,
requests per second and median latency for eventsvc and for the ceiling, their ratio, and
the peak resident memory (VmHWM) of the busiest eventsvc worker.
Goal (issue 3): every ratio 70% or more; a worker under 250 MB.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BIN = Path(sys.executable).parent  # eventsvc, installed beside this Python
HERE = Path(__file__).resolve().parent
SLUG = "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str, size: argparse.Namespace, env: dict) -> None:
    """Migrate, then generate and publish the conference with the real command."""
    for command in (["db", "upgrade"],
                    ["generate", "--event", SLUG, "--forums", str(size.forums), "--sessions", str(size.sessions),
                     "--speakers", str(size.speakers), "--seed", "1"]):
        subprocess.run([str(BIN / "eventsvc"), *command], env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


class Gunicorn:
    """gunicorn -c config/gunicorn.py with 2 workers on a free loopback port; logs to a file."""

    def __init__(self, app: str, env: dict, log: Path, chdir: Path | None = None):
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", str(HERE.parent / "config" / "gunicorn.py"),
                   "--workers", "2", "--bind", f"127.0.0.1:{self.port}", app]
        if chdir:
            command[3:3] = ["--chdir", str(chdir)]
        with log.open("ab") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
        self.log = log
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not start:\n" + self.log.read_text()[-2000:])

    def workers(self) -> list[int]:
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
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def fetch(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> bytes:
    """GET path, on conn when given (kept alive, reopened if the server closed it)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        try:
            conn.request("GET", path, headers={"Accept-Language": "en"})
            response = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            conn.request("GET", path, headers={"Accept-Language": "en"})
            response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status}")
        return body
    finally:
        if own:
            conn.close()


def load(port: int, path: str, seconds: float, clients: int) -> tuple[float, float]:
    """(requests per second, median latency in ms) of `clients` threads for `seconds`."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        mine = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            fetch(port, path, conn)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return len(latencies) / elapsed, statistics.median(latencies) * 1000


def targets(port: int) -> list[tuple[str, str]]:
    """The URLs measured: the agenda, a forum page, the speaker list, the agenda API."""
    import json

    forums = json.loads(fetch(port, f"/api/v1/events/{SLUG}/forums?per_page=1"))
    forum = forums["items"][0]["slug"]
    return [("agenda page", f"/events/{SLUG}"), ("forum page", f"/events/{SLUG}/forums/{forum}"),
            ("speaker list", f"/events/{SLUG}/speakers"), ("agenda API", f"/api/v1/events/{SLUG}/agenda")]


def measure(label: str, url: str, args: argparse.Namespace, folder: Path) -> None:
    env = {**os.environ, "EVENTSVC_DATABASE_URL": url, "EVENTSVC_ENV": "production",
           "EVENTSVC_SECRET_KEY": secrets.token_hex(32)}
    started = time.perf_counter()
    prepare(url, args, env)
    print(f"\n{label}: generated and published in {time.perf_counter() - started:.1f} s")
    app = Gunicorn("eventsvc:create_app()", env, folder / "gunicorn.log")
    ceiling = Gunicorn("ceiling:app", {**os.environ, "EVENTSVC_SECRET_KEY": env["EVENTSVC_SECRET_KEY"]},
                       folder / "gunicorn.log", chdir=HERE)
    try:
        rows = []
        for name, path in targets(app.port):
            size = len(fetch(app.port, path))
            for _ in range(8):  # both workers build the release and the body once
                fetch(app.port, path)
            ours = load(app.port, path, args.seconds, args.clients)
            fixed = load(ceiling.port, f"/bytes/{size}", args.seconds, args.clients)
            rows.append((name, size, ours, fixed))
        print(f"{'':<14}{'body KB':>9}{'req/s':>9}{'median ms':>11}{'ceiling req/s':>15}{'ceiling ms':>12}{'ratio':>8}")
        for name, size, (rps, ms), (crps, cms) in rows:
            print(f"{name:<14}{size / 1024:>9.0f}{rps:>9.0f}{ms:>11.1f}{crps:>15.0f}{cms:>12.1f}{rps / crps:>8.0%}")
        print(f"peak RSS of an eventsvc worker: {app.peak_rss_mb():.0f} MB "
              f"(ceiling worker: {ceiling.peak_rss_mb():.0f} MB)")
    finally:
        app.stop()
        ceiling.stop()


def scratch_postgres(server_url: str):
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forums", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"{args.forums} forums, {args.sessions} sessions, {args.speakers} speakers; gunicorn, 2 workers; "
          f"{args.clients} loopback clients for {args.seconds:.0f} s per URL")
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{folder}/bench.sqlite", args, Path(folder))
        if not args.skip_postgres:
            url, drop = scratch_postgres(args.postgres)
            try:
                measure("PostgreSQL", url, args, Path(folder))
            finally:
                drop()


if __name__ == "__main__":
    main()
