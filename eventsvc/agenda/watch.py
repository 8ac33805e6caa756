"""Whether a release is still its event's newest, asking the database as rarely as that allows.

Replayed answers (web/replay.py) ask on every request, so the watch remembers each event's
newest release and asks the database again (one indexed query) only once something says
releases may have changed since:
- this process committed a publish (releases/committed.py: the very next request knows);
- on PostgreSQL, a NOTIFY on CHANNEL, sent by triggers on the releases and events tables
  (migration 20261129_3c1f5a7d9e20) whoever changes them, and heard by a thread of each
  process on a connection of its own. Until that thread listens, and whenever its
  connection breaks, nothing is remembered: every call asks;
- on SQLite, `PRAGMA data_version` moved: another connection, of this process or another,
  committed something.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ..releases.committed import publishes
from .current import CURRENT, ReleaseRef

CHANNEL = "eventsvc_releases"
# How long the listener waits in silence before checking its connection is still alive.
KEEPALIVE_SECONDS = 30

logger = logging.getLogger(__name__)


class ReleaseWatch:
    """One per process (web/replay.py keeps it); its threads share it."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._listener: _Listener | None = None
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
            if self._listener is not None:
                self._listener.stop()
                self._listener = None

    def _signals(self) -> tuple | None:
        if self._engine.dialect.name == "sqlite":
            return publishes(), self._connection().exec_driver_sql("PRAGMA data_version").scalar()
        if self._listener is None:
            self._listener = _Listener(self._engine)
            self._listener.start()
        return (publishes(), self._listener.heard) if self._listener.listening else None

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


class _Listener(threading.Thread):
    """LISTENs on CHANNEL and counts what it hears; reconnects, with a growing pause, when cut off."""

    def __init__(self, engine: Engine):
        super().__init__(name="eventsvc-release-listener", daemon=True)
        self._engine = engine
        self._stopped = threading.Event()
        self._conn = None  # the driver's (psycopg) connection
        self.listening = False
        self.heard = 0

    def stop(self) -> None:
        self._stopped.set()
        if self._conn is not None:
            self._conn.close()  # ends the wait in notifies() at once

    def run(self) -> None:
        pause = 1
        while not self._stopped.is_set():
            heard = self.heard
            try:
                self._listen()
            except Exception:  # noqa: BLE001 - the thread must outlive any trouble and retry
                if self._stopped.is_set():
                    return
                # Back to a short pause after a connection that worked, longer after each failure.
                pause = 1 if self.heard != heard else min(pause * 2, 30)
                logger.warning("release listener lost its connection; listening again in %s s", pause,
                               exc_info=True)
            self._stopped.wait(pause)

    def _listen(self) -> None:
        pooled = self._engine.raw_connection()
        conn = self._conn = pooled.driver_connection
        pooled.detach()  # a connection of its own for as long as it lives, never back to the pool
        try:
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
            # Whatever happened before this point is unknown: count it as heard.
            self.heard += 1
            self.listening = True
            while True:
                for _notice in conn.notifies(timeout=KEEPALIVE_SECONDS):
                    self.heard += 1
                conn.execute("SELECT 1")  # a connection lost in silence fails here
        finally:
            self.listening = False
            self._conn = None
            conn.close()
