"""Whether a release is still its event's newest, for every replayed request (web/replay.py).

The question is one indexed query, run on the driver's own connection (SQLAlchemy's
execution machinery would cost more than the query itself) outside any transaction, so it
sees every commit of every process. On SQLite, in-process, that is about 10 us: it is asked
every time. On PostgreSQL it is a round trip to the server, so the watch remembers each
event's answer and asks again only once something says releases may have changed:
- this process committed a publish (releases/committed.py: the very next request knows);
- a NOTIFY on CHANNEL, sent by triggers on the releases and events tables (migration
  20261129_3c1f5a7d9e20) whoever changes them, and read by each call from a connection of
  the watch's own. Until it listens, and whenever that connection breaks, nothing is
  remembered: every call asks.
- the bound (EVENTSVC_RELEASE_WATCH_SECONDS): an answer is never older than that. A
  listener can go deaf without breaking: a silent network partition (TCP keepalives end it,
  but only after half a minute or so: config/default.py), or a connection pooler in
  transaction mode, where LISTEN holds nowhere. So however quiet the channel, each event's
  answer is asked again once it is that old.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, bindparam, select
from sqlalchemy.exc import DBAPIError

from ..events.models import Event
from ..releases.committed import publishes
from ..releases.models import Release
from .current import ReleaseRef

if TYPE_CHECKING:
    import psycopg

CHANNEL = "eventsvc_releases"
# (id, digest) of an event's newest release: what tells two releases apart.
_NEWEST = (
    select(Release.id, Release.digest)
    .join(Event, Event.id == Release.event_id)
    .where(Event.slug == bindparam("slug"))
    .order_by(Release.number.desc())
    .limit(1)
)

logger = logging.getLogger(__name__)


class ReleaseWatch:
    """One per process (web/replay.py keeps it); its threads share it."""

    def __init__(
        self,
        engine: Engine,
        bound_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._engine = engine
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._notices = _Notices(engine) if engine.dialect.name == "postgresql" else None
        self._known: dict[str, tuple | None] = {}
        self._read_under: tuple | None = None  # the signals as they stood when _known was read
        self._bound = bound_seconds
        self._clock = clock
        self._read_at = 0.0  # when _known was last emptied
        compiled = _NEWEST.compile(dialect=engine.dialect)
        self._sql, self._compiled = str(compiled), compiled

    def is_newest(self, ref: ReleaseRef) -> bool:
        """Whether ref is its event's newest release, as current_release() would say now."""
        with self._lock:
            try:
                return self._newest(ref.event_slug) == (ref.id, ref.digest)
            except DBAPIError:
                self._drop_connection()
                raise

    def forget(self) -> None:
        with self._lock:
            self._known.clear()

    def close(self) -> None:
        """Close its connections (the app is going away)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self._notices is not None:
                self._notices.close()

    def _newest(self, event_slug: str) -> tuple | None:
        if self._notices is None:
            return self._ask(event_slug)
        # The signals first: a change after this point moves them for the next call.
        notices = self._notices.count()
        signals = None if notices is None else (publishes(), notices)
        now = self._clock()
        if signals is None or signals != self._read_under or now - self._read_at >= self._bound:
            self._known.clear()
            self._read_under = signals
            self._read_at = now
        if event_slug not in self._known:
            self._known[event_slug] = self._ask(event_slug)
        return self._known[event_slug]

    def _ask(self, event_slug: str) -> tuple | None:
        named = self._compiled.construct_params({"slug": event_slug})
        order = self._compiled.positiontup  # set for a driver that takes its parameters in order
        params = named if order is None else tuple(named[name] for name in order)
        dbapi = self._engine.dialect.loaded_dbapi
        try:
            driver = self._connection().connection.driver_connection
            if driver is None:  # closed under us: said as the driver would say it
                raise dbapi.InterfaceError("the release watch's connection is closed")
            row = driver.execute(self._sql, params).fetchone()
        except dbapi.Error as exc:
            raise DBAPIError.instance(self._sql, params, exc, dbapi.Error) from exc
        return tuple(row) if row else None

    def _connection(self) -> Connection:
        if self._conn is None:
            # Outside any transaction, so each statement sees every commit so far.
            self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    def _drop_connection(self) -> None:
        """A broken connection (a restarted server, say): the next call opens another."""
        broken, self._conn = self._conn, None
        if broken is not None:
            broken.invalidate()
            broken.close()


class _Notices:
    """A connection LISTENing on CHANNEL, read without waiting: how many notices it has had.

    No thread waits on it: each call reads what has reached the socket (libpq keeps it
    non-blocking, so that costs one recv), under the watch's lock. A thread of its own would
    need the GIL to count a notice, and a busy worker's request threads could be served
    first: under load a request then replayed a release already replaced.
    """

    RETRY_SECONDS = 1.0

    def __init__(self, engine: Engine):
        self._engine = engine
        self._conn: psycopg.Connection | None = None  # the driver's connection
        self._count = 0
        self._retry_at = 0.0
        self._ended = False  # the server said it ends the connection (FATAL)

    def count(self) -> int | None:
        """The notices so far; None while not listening (not yet, or the connection broke)."""
        conn = self._conn or self._listen()
        if conn is None:
            return None
        pgconn = conn.pgconn
        try:
            pgconn.consume_input()
            while pgconn.notifies() is not None:
                self._count += 1
            if self._ended:
                raise ConnectionError("the server ended the connection")
        except Exception:  # noqa: BLE001 - a broken connection: ask the database until listening again
            logger.warning("lost the connection listening for new releases", exc_info=True)
            self.close()
            return None
        return self._count

    def _notice(self, diagnostic) -> None:
        # A terminated backend's last words reach an idle connection as a notice; the socket
        # reports its end only at the next read, one call too late to miss a publish.
        if diagnostic.severity_nonlocalized in ("FATAL", "PANIC"):
            self._ended = True

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _listen(self) -> psycopg.Connection | None:
        """A new listening connection, or None for now."""
        if time.monotonic() < self._retry_at:
            return None
        try:
            pooled = self._engine.raw_connection()
            conn = pooled.driver_connection
            pooled.detach()  # its own for as long as it lives, never back to the pool
            if conn is None:
                raise ConnectionError("the pool gave a closed connection")
            conn.autocommit = True
            conn.add_notice_handler(self._notice)
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception:  # noqa: BLE001 - the database is away: try again a little later
            logger.warning("cannot listen for new releases", exc_info=True)
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
            return None
        self._conn = conn
        self._ended = False
        self._count += 1  # what happened while nobody listened is unknown: count it as a notice
        return conn
