"""Load test: two gunicorn instances over one PostgreSQL and one Redis; readers and organizers.

    python bench/load.py [--seconds 60] [--clients 50] [--workers 2]
                         [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                         [--database load_bench] [--redis redis://127.0.0.1:6379/11]

Everything stays on the loopback interface and stops by itself. The database named by
--database is dropped and created on the --postgres server, and the --redis database is
emptied, before and after the run: give it ones nobody else uses.

While `--clients` readers poll feeds (half of the repeat fetches with If-None-Match) and
public pages on both instances, two organizers (API tokens, event organizers) rename
sessions of their own forum through PATCH with If-Match, and each publishes a release
through the API every two to four seconds, each request on alternating instances.
The run fails (exit status 1) on any of:
- a 5xx answer or a broken connection;
- a lost write: an acknowledged edit missing from the working agenda or the final release;
- a stale feed: a feed fetched after a publish was acknowledged that does not yet show it
  (each organizer's titles carry a counter; a feed must show at least the counter that the
  newest acknowledged release of that organizer contained), on either instance, 304s included.
It prints throughput and p50/p99 latency per kind of request.

`--fault` adds one fault for the whole run, and 503s (with Retry-After) are then allowed
while the database is away; a 500, a lost write or a stale feed still fails the run:
- `redis`: the run's own redis-server (on a free port, instead of --redis) is killed with
  SIGKILL a third of the way in and started again two thirds in;
- `postgres`: every 0.3 s, every backend of the run's database is terminated;
- `listener`: every 0.3 s, the connections listening for new releases are terminated.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

from support import Gunicorn, scratch_postgres

SECRET = "load-test-secret-key-0123456789abcdef"
PASSWORD = "load test password 1"
ORGANIZERS = ("A", "B")
SESSIONS_PER_ORGANIZER = 5


# ---- the HTTP side -------------------------------------------------------------------------


class Connection:
    """One keep-alive connection to one instance, used the way HTTP clients use one.

    Like browsers and urllib3, it does not reuse a connection that sat idle close to the
    server's keep-alive timeout (gunicorn: 5 s), and it retries a GET once when a reused
    connection turns out to be closed already (RFC 9110, 9.2.2); `retries` counts those.
    A failure on a fresh connection is raised: that is a broken connection.
    """

    IDLE_LIMIT = 4.0

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0
        self.retries = 0

    def request(
        self, method: str, path: str, headers: dict | None = None, body: dict | None = None
    ):
        payload = json.dumps(body).encode() if body is not None else None
        headers = {**(headers or {}), **({"Content-Type": "application/json"} if payload else {})}
        if self.conn is not None and time.monotonic() - self.last_used > self.IDLE_LIMIT:
            self._close()
        reused = self.conn is not None
        try:
            return self._send(method, path, headers, payload)
        except (http.client.HTTPException, OSError):
            self._close()
            if not (reused and method == "GET"):
                raise
            self.retries += 1
            try:
                return self._send(method, path, headers, payload)
            except (http.client.HTTPException, OSError):
                self._close()
                raise

    def _send(self, method, path, headers, payload):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        self.conn.request(method, path, body=payload, headers=headers)
        answer = self.conn.getresponse()
        data = answer.read()
        self.last_used = time.monotonic()
        return answer.status, answer.headers, data, time.perf_counter() - started

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


class Stats:
    def __init__(self, allow_503: bool = False):
        self.allow_503 = allow_503  # the database is taken away on purpose: 503 is its answer
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.broken = 0
        self.retries = 0
        self.server_errors: list[str] = []
        self.stale: list[str] = []
        self.freshness_checks = defaultdict(int)

    def record(self, kind: str, status: int, seconds: float, what: str) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.statuses[status] += 1
            if status >= 500 and not (status == 503 and self.allow_503):
                self.server_errors.append(f"{status} {what}")


class Published:
    """Per organizer: the highest title counter contained in an acknowledged release."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counter = {name: 0 for name in ORGANIZERS}
        self.releases: list[tuple[str, int, int]] = []

    def acknowledge(self, organizer: str, counter: int, number: int) -> None:
        with self.lock:
            self.counter[organizer] = max(self.counter[organizer], counter)
            self.releases.append((organizer, counter, number))

    def now(self) -> dict[str, int]:
        with self.lock:
            return dict(self.counter)


def shown(body: bytes, organizer: str) -> int:
    return max((int(n) for n in re.findall(rf"LT-{organizer} (\d+)".encode(), body)), default=0)


# ---- readers -------------------------------------------------------------------------------


def reader(
    seed: int, world: dict, ports: list[int], stats: Stats, published: Published, stop: float
) -> None:
    rng = random.Random(seed)
    connections = {port: Connection(port) for port in ports}
    cache: dict[tuple[int, str], tuple[str, bytes]] = {}
    targets = world["feeds"] + world["pages"]
    while time.monotonic() < stop:
        port = rng.choice(ports)
        kind, path, checks = rng.choice(targets)
        cached = cache.get((port, path))
        conditional = kind == "feed" and cached is not None and rng.random() < 0.5
        headers = {"If-None-Match": cached[0]} if conditional else {}
        expected = published.now()
        try:
            status, answer_headers, body, seconds = connections[port].request("GET", path, headers)
        except (http.client.HTTPException, OSError) as exc:
            with stats.lock:
                stats.broken += 1
                stats.server_errors.append(f"broken connection on {port} {path}: {exc!r}")
            continue
        stats.record(
            f"{kind} (If-None-Match)" if conditional else kind,
            status,
            seconds,
            f"GET :{port}{path}",
        )
        if status == 200 and "ETag" in answer_headers:
            cache[(port, path)] = (answer_headers["ETag"], body)
        if status == 304 and cached is not None:
            body = cached[1]
        if status in (200, 304):
            _check_fresh(port, path, body, checks, expected, stats)
    with stats.lock:
        stats.retries += sum(c.retries for c in connections.values())


def _check_fresh(port, path, body, checks, expected, stats) -> None:
    for organizer in checks:
        if expected[organizer] == 0:
            continue  # nothing of this organizer acknowledged yet: nothing to check
        with stats.lock:
            stats.freshness_checks[port] += 1
        if shown(body, organizer) < expected[organizer]:
            with stats.lock:
                stats.stale.append(
                    f":{port}{path} shows LT-{organizer} {shown(body, organizer)}, "
                    f"release with {expected[organizer]} was acknowledged"
                )


# ---- organizers ----------------------------------------------------------------------------


def organizer(
    name: str,
    world: dict,
    ports: list[int],
    stats: Stats,
    published: Published,
    stop: float,
    acknowledged: dict,
) -> None:
    """Rename this organizer's sessions in turn; publish every 2-4 s. Sequential, like a person."""
    rng = random.Random(name)
    token, uids, event = world["tokens"][name], world["sessions"][name], world["event"]
    auth = {"Authorization": f"Bearer {token}"}
    etags: dict[str, str] = {}
    counter = last_acknowledged = 0
    next_publish = time.monotonic() + rng.uniform(2, 4)
    while time.monotonic() < stop:
        counter += 1
        uid = uids[counter % len(uids)]
        port = ports[counter % len(ports)]
        if uid not in etags:
            status, headers, _, _ = _write(
                stats,
                "draft read",
                port,
                "GET",
                f"/api/v1/events/{event}/draft/sessions/{uid}",
                auth,
            )
            if status != 200:
                continue
            etags[uid] = headers["ETag"]
        title = f"LT-{name} {counter}"
        status, headers, _, _ = _write(
            stats,
            "edit (PATCH)",
            port,
            "PATCH",
            f"/api/v1/events/{event}/sessions/{uid}",
            {**auth, "If-Match": etags[uid]},
            {"title": title},
        )
        if status == 200:
            etags[uid] = headers["ETag"]
            acknowledged[uid] = title
            last_acknowledged = counter
        else:
            etags.pop(uid, None)
        if time.monotonic() >= next_publish:
            _publish(
                stats,
                published,
                name,
                ports[(counter + 1) % len(ports)],
                event,
                auth,
                last_acknowledged,
            )
            next_publish = time.monotonic() + rng.uniform(2, 4)
        time.sleep(rng.uniform(0.1, 0.3))


def _publish(stats, published, name, port, event, auth, counter) -> int | None:
    for _ in range(5):
        status, _, body, _ = _write(
            stats,
            "publish (POST)",
            port,
            "POST",
            f"/api/v1/events/{event}/releases",
            auth,
            {"comment": f"LT-{name} up to {counter}"},
        )
        if status == 201:
            number = json.loads(body)["number"]
            published.acknowledge(name, counter, number)
            return number
        time.sleep(0.05)  # 409: the other organizer took this number first
    return None


def _write(stats, kind, port, method, path, headers, body=None):
    """A write on a fresh connection: never replay a write on a connection that dropped."""
    try:
        status, answer_headers, data, seconds = Connection(port).request(
            method, path, headers, body
        )
    except (http.client.HTTPException, OSError) as exc:
        with stats.lock:
            stats.broken += 1
            stats.server_errors.append(f"broken connection on {method} :{port}{path}: {exc!r}")
        return 0, {}, b"", 0.0
    stats.record(kind, status, seconds, f"{method} :{port}{path}")
    if status >= 400 and status not in (409, 412) and not (status == 503 and stats.allow_503):
        with stats.lock:
            stats.server_errors.append(
                f"unexpected {status} on {method} :{port}{path}: {data[:200]!r}"
            )
    return status, answer_headers, data, seconds


# ---- setting up and tearing down -----------------------------------------------------------


def prepare(database_url: str, redis_url: str) -> dict:
    """Migrate, generate a conference with release 1, two organizers with API tokens."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from eventsvc import create_app
    from eventsvc.auth.services import create_api_token, create_user, grant
    from eventsvc.events.models import Forum, Room
    from eventsvc.extensions import db
    from eventsvc.releases.publish import publish
    from eventsvc.sessions.conflicts import blocking_conflicts
    from eventsvc.sessions.models import SessionStatus, Talk
    from eventsvc.speakers.models import Speaker
    from eventsvc.synthetic.generate import Size, generate

    app = create_app(
        "production",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY=SECRET,
        PUBLIC_URL="http://127.0.0.1:8000",
    )
    with app.app_context():
        upgrade()
        event = generate("load", Size(12, 240, 300, 2), seed=7)
        # The synthetic agenda double-books some people and rooms, which blocks publishing:
        # cancel the later session of each pair, as an organizer would settle it.
        for conflict in blocking_conflicts(event):
            # (a conflict names its sessions by plain rows: sessions/conflicts.py)
            db.session.get(Talk, conflict.talks[-1].id).status = SessionStatus.CANCELLED
        db.session.flush()
        if blocking_conflicts(event):
            sys.exit("the generated agenda still has blocking conflicts")
        publish(event, actor=None, comment="Initial agenda")
        forums = db.session.scalars(
            select(Forum).where(Forum.event_id == event.id).order_by(Forum.position)
        ).all()
        world = {"event": event.slug, "tokens": {}, "sessions": {}, "forums": {}}
        for name, forum in zip(ORGANIZERS, forums, strict=False):
            user = create_user(f"organizer-{name.lower()}@load.test", PASSWORD)
            grant(user, "organizer", event)
            world["tokens"][name] = create_api_token(user, "load test")[1]
            world["forums"][name] = forum.slug
            world["sessions"][name] = list(
                db.session.scalars(
                    select(Talk.uid)
                    .where(Talk.forum_id == forum.id, Talk.status != SessionStatus.CANCELLED)
                    .order_by(Talk.start_at)
                    .limit(SESSIONS_PER_ORGANIZER)
                )
            )
        room = db.session.scalar(select(Room.slug).where(Room.event_id == event.id).limit(1))
        speaker = db.session.scalar(
            select(Speaker.slug).where(Speaker.event_id == event.id).limit(1)
        )
        day = event.start_date.isoformat()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    base = f"/events/{world['event']}"
    fa, fb = world["forums"]["A"], world["forums"]["B"]
    world["feeds"] = [
        ("feed", f"{base}/calendar.ics", ("A", "B")),
        ("feed", f"{base}/forums/{fa}/calendar.ics", ("A",)),
        ("feed", f"{base}/forums/{fb}/calendar.ics", ("B",)),
        ("feed", f"{base}/rooms/{room}/calendar.ics", ()),
        ("feed", f"{base}/speakers/{speaker}/calendar.ics", ()),
    ]
    world["pages"] = [
        ("page", base, ()),
        ("page", f"{base}/forums/{fa}", ()),
        ("page", f"{base}/speakers", ()),
        ("page", f"{base}/timetable?day={day}", ()),
        ("page", f"{base}/changes", ()),
    ]
    return world


def empty_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


# ---- faults --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of the run's own, to kill and start again."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        sys.exit("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _terminate_backends(database_url: str, database: str, listeners_only: bool) -> int:
    from sqlalchemy import create_engine, text

    which = "AND query LIKE 'LISTEN %'" if listeners_only else ""
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT", poolclass=None)
    try:
        with engine.connect() as conn:
            return len(
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db"
                        f" AND pid <> pg_backend_pid() {which}"
                    ),
                    {"db": database},
                ).all()
            )
    finally:
        engine.dispose()


def fault_thread(args, database_url, own_redis, started, stop, counts) -> threading.Thread:
    def redis_fault() -> None:
        time.sleep(max(0.0, started + args.seconds / 3 - time.monotonic()))
        own_redis.kill()
        counts["redis killed"] += 1
        time.sleep(max(0.0, started + 2 * args.seconds / 3 - time.monotonic()))
        own_redis.start()
        counts["redis restarted"] += 1

    def database_fault() -> None:
        while time.monotonic() < stop:
            counts["backends terminated"] += _terminate_backends(
                database_url, args.database, listeners_only=args.fault == "listener"
            )
            time.sleep(0.3)

    return threading.Thread(target=redis_fault if args.fault == "redis" else database_fault)


# ---- the run -------------------------------------------------------------------------------


def run(args) -> int:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        sys.exit(f"--database {args.database!r}: letters, digits and underscores only")
    database_url, drop_database = scratch_postgres(args.postgres, args.database)
    own_redis = OwnRedis() if args.fault == "redis" else None
    if own_redis is not None:
        own_redis.start()
        args.redis = own_redis.url
    empty_redis(args.redis)
    ports = args.ports
    stats, published = Stats(allow_503=args.fault in ("postgres", "listener")), Published()
    fault_counts: dict[str, int] = defaultdict(int)
    acknowledged = {name: {} for name in ORGANIZERS}
    with tempfile.TemporaryDirectory(prefix="eventsvc-load-") as logs:
        try:
            world = prepare(database_url, args.redis)
            env = {
                **os.environ,
                "EVENTSVC_ENV": "production",
                "EVENTSVC_PUBLIC_URL": "http://127.0.0.1:8000",
                "EVENTSVC_SECRET_KEY": SECRET,
                "EVENTSVC_DATABASE_URL": database_url,
                "EVENTSVC_REDIS_URL": args.redis,
                "WEB_CONCURRENCY": str(args.workers),
                "GUNICORN_THREADS": str(args.threads),
            }
            with ExitStack() as instances:
                servers = [
                    instances.enter_context(
                        Gunicorn(
                            "eventsvc:create_app()", Path(logs) / f"gunicorn-{port}.log", env, port
                        )
                    )
                    for port in ports
                ]
                for server in servers:  # started together, so the second is mostly ready by now
                    server.wait("/readyz")
                started = time.monotonic()
                stop = started + args.seconds
                threads = [
                    threading.Thread(target=reader, args=(i, world, ports, stats, published, stop))
                    for i in range(args.clients)
                ]
                threads += [
                    threading.Thread(
                        target=organizer,
                        args=(name, world, ports, stats, published, stop, acknowledged[name]),
                    )
                    for name in ORGANIZERS
                ]
                if args.fault:
                    threads.append(
                        fault_thread(args, database_url, own_redis, started, stop, fault_counts)
                    )
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                elapsed = time.monotonic() - started
                lost = final_check(world, ports, stats, published, acknowledged)
            server_log = _server_warnings(Path(logs))
        finally:
            drop_database()
            if own_redis is not None:
                own_redis.kill()
            else:
                empty_redis(args.redis)
    if args.fault:
        print(f"fault {args.fault}: " + ", ".join(f"{k}: {v}" for k, v in fault_counts.items()))
    return report(args, stats, published, acknowledged, lost, elapsed, server_log)


def _server_warnings(logs: Path) -> list[str]:
    """gunicorn's own warnings and errors (worker timeouts, crashes), not the request lines."""
    return [
        line.rstrip()
        for path in sorted(logs.glob("gunicorn-*.log"))
        for line in path.read_text(errors="replace").splitlines()
        if re.search(r"\[(WARNING|ERROR|CRITICAL)\]|Traceback", line)
    ]


def final_check(world, ports, stats, published, acknowledged) -> list[str]:
    """Every acknowledged edit is in the working agenda, then in a final release, on both sides."""
    lost = []
    event = world["event"]
    for name in ORGANIZERS:
        auth = {"Authorization": f"Bearer {world['tokens'][name]}"}
        for i, (uid, title) in enumerate(sorted(acknowledged[name].items())):
            status, _, body, _ = _write(
                stats,
                "draft read",
                ports[i % len(ports)],
                "GET",
                f"/api/v1/events/{event}/draft/sessions/{uid}",
                auth,
            )
            if status != 200 or json.loads(body)["title"].get("en") != title:
                lost.append(f"draft {uid}: expected {title!r}, got {status} {body[:120]!r}")
    auth = {"Authorization": f"Bearer {world['tokens']['A']}"}
    last = {
        name: max((int(t.split()[-1]) for t in acknowledged[name].values()), default=0)
        for name in ORGANIZERS
    }
    if _publish(stats, published, "A", ports[0], event, auth, last["A"]) is None:
        return lost + ["the final publish failed"]
    published.acknowledge("B", last["B"], published.releases[-1][2])
    for port in ports:
        status, _, body, _ = Connection(port).request("GET", f"/events/{event}/calendar.ics")
        for name in ORGANIZERS:
            for uid, title in acknowledged[name].items():
                if title.encode() not in body:
                    lost.append(f"release feed on :{port} lacks {title!r} ({uid})")
    return lost


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def report(args, stats, published, acknowledged, lost, elapsed, server_log) -> int:
    total = sum(len(v) for v in stats.latency.values())
    print(
        f"load test: {elapsed:.0f} s, {args.clients} readers and {len(ORGANIZERS)} organizers, "
        f"{len(args.ports)} gunicorn instances x {args.workers} workers x {args.threads} threads, "
        "one PostgreSQL, one Redis"
    )
    print(
        f"requests: {total} ({total / elapsed:.0f}/s); statuses: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(stats.statuses.items()))
    )
    print(f"{'kind':<24}{'count':>8}{'per s':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, values in sorted(stats.latency.items()):
        print(
            f"{kind:<24}{len(values):>8}{len(values) / elapsed:>8.1f}"
            f"{statistics.median(values) * 1000:>9.1f}{_percentile(values, 0.99):>9.1f}"
        )
    edits = sum(len(a) for a in acknowledged.values())
    releases = len({number for _, _, number in published.releases})
    print(f"releases published: {releases}; sessions with acknowledged edits: {edits}")
    errors = len(stats.server_errors)
    print(
        f"5xx answers: {sum(v for k, v in stats.statuses.items() if k >= 500)}; "
        f"broken connections: "
        f"{stats.broken}; unexpected answers: {errors}; GETs retried once on a keep-alive "
        f"connection the server had just closed: {stats.retries}"
    )
    bare = sum(v for k, v in stats.statuses.items() if k >= 500 and k != 503)
    print(f"5xx other than 503: {bare}; 503: {stats.statuses.get(503, 0)}")
    print(f"lost writes: {len(lost)}")
    checks = sum(stats.freshness_checks.values())
    print(
        f"stale feeds after an acknowledged publish: {len(stats.stale)} of {checks} checked "
        f"(" + ", ".join(f":{p} {n}" for p, n in sorted(stats.freshness_checks.items())) + ")"
    )
    print(f"gunicorn warnings and errors: {len(server_log)}")
    for line in stats.server_errors[:10] + lost[:10] + stats.stale[:10] + server_log[:10]:
        print("  " + line)
    return 1 if (errors or lost or stats.stale or not published.releases) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--ports", type=int, nargs=2, default=[18401, 18402])
    parser.add_argument(
        "--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--database", default="load_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--fault", choices=["redis", "postgres", "listener"], default=None)
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
