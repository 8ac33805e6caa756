"""Whether a release is still its event's newest, asking the database as rarely as that allows.

Replayed answers (web/replay.py) ask on every request, so the watch remembers each event's
newest release and asks the database again (one indexed query) only once something says
releases may have changed since:
- this process committed a publish (releases/committed.py: the very next request knows);
- on PostgreSQL, a NOTIFY on CHANNEL, sent by triggers on the releases and events tables
  (migration 20261129_3c1f5a7d9e20) whoever changes them, and read by each call from a
  connection of the watch's own. Until it listens, and whenever that connection breaks,
  nothing is remembered: every call asks;
- on SQLite, `PRAGMA data_version` moved: another connection, of this process or another,
  committed something.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ..releases.committed import publishes
from .current import CURRENT, ReleaseRef

CHANNEL = "eventsvc_releases"

logger = logging.getLogger(__name__)


class ReleaseWatch:
    """One per process (web/replay.py keeps it); its threads share it."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._notices = _Notices(engine)
        self._known: dict[str, ReleaseRef | None] = {}
        self._read_under: tuple | None = None  # the signals as they stood when _known was read

    def current(self, event_slug: str) -> ReleaseRef | None:
        """The newest release of the event, as current_release() would answer now."""
        with self._lock:
            try:
                # The signals first: a change after this point moves them for the next call.
                signals = self._signals()
                if signals is None or signals != self._read_under:
                    self._known.clear()
                    self._read_under = signals
                if event_slug not in self._known:
                    row = self._connection().execute(CURRENT, {"slug": event_slug}).first()
                    self._known[event_slug] = ReleaseRef(*row) if row else None
                return self._known[event_slug]
            except DBAPIError:
                self._drop_connection()
                raise

    def forget(self) -> None:
        with self._lock:
            self._known.clear()

    def close(self) -> None:
        """Close its connections and stop listening (the app is going away)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._notices.close()

    def _signals(self) -> tuple | None:
        if self._engine.dialect.name == "sqlite":
            return publishes(), self._data_version()
        notices = self._notices.count()
        return None if notices is None else (publishes(), notices)

    def _data_version(self) -> int:
        # On the driver's own connection: SQLAlchemy's result machinery (column names, type
        # processing) costs several times the pragma itself, on every replayed request.
        try:
            return self._connection().connection.driver_connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise DBAPIError.instance("PRAGMA data_version", (), exc, sqlite3.Error) from exc

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
        self._conn = None  # the driver's (psycopg) connection
        self._count = 0
        self._retry_at = 0.0

    def count(self) -> int | None:
        """The notices so far; None while not listening (not yet, or the connection broke)."""
        if self._conn is None and not self._listen():
            return None
        pgconn = self._conn.pgconn
        try:
            pgconn.consume_input()
            while pgconn.notifies() is not None:
                self._count += 1
        except Exception:  # noqa: BLE001 - a broken connection: ask the database until listening again
            logger.warning("lost the connection listening for new releases", exc_info=True)
            self.close()
            return None
        return self._count

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _listen(self) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        try:
            pooled = self._engine.raw_connection()
            conn = pooled.driver_connection
            pooled.detach()  # its own for as long as it lives, never back to the pool
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception:  # noqa: BLE001 - the database is away: try again a little later
            logger.warning("cannot listen for new releases", exc_info=True)
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
            return False
        self._conn = conn
        self._count += 1  # what happened while nobody listened is unknown: count it as a notice
        return True
