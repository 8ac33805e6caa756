"""The release watch's bound: a replayed answer lags a publish by another process at most
EVENTSVC_RELEASE_WATCH_SECONDS, whatever happens to the connection listening for it.

The watch's clock is the test's, so the bound is shown without timing anything. A publish
"by another process" is one this process does not count (releases/committed.py), so the
watch can learn of it only from the database.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from eventsvc.agenda import watch as watch_module
from eventsvc.agenda.watch import ReleaseWatch
from eventsvc.extensions import db
from tests.web.test_replay import _current_ref, _rename_and_publish


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def watch(app, monkeypatch):
    if not app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's (on SQLite the watch asks every time)")
    monkeypatch.setattr(watch_module, "publishes", lambda: 0)
    clock = Clock()
    with app.app_context():
        watch = ReleaseWatch(db.engine, bound_seconds=1.0, clock=clock)
    yield watch, clock
    watch.close()


def _publish_elsewhere(app, slug: str) -> None:
    with app.app_context():
        _rename_and_publish(slug, "Renamed elsewhere")


def _terminate(app, pid: int) -> None:
    """End that backend of the test's own database and wait until it is gone."""
    with app.app_context(), db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        alive = "FROM pg_stat_activity WHERE datname = current_database() AND pid = :pid"
        conn.execute(text(f"SELECT pg_terminate_backend(pid) {alive}"), {"pid": pid})
        while conn.scalar(text(f"SELECT count(*) {alive}"), {"pid": pid}):
            time.sleep(0.01)


def test_a_killed_listener_does_not_hide_a_publish(app, demo, watch):
    watch, _clock = watch
    old = _current_ref(app, demo)
    assert watch.is_newest(old)  # listening from here on
    _terminate(app, watch._notices._conn.info.backend_pid)
    _publish_elsewhere(app, demo)
    # The broken connection is found at the next call, which asks the database.
    assert watch.is_newest(old) is False
    assert watch.is_newest(_current_ref(app, demo)) is True


def test_a_deaf_listener_hides_a_publish_at_most_the_bound(app, demo, watch):
    watch, clock = watch
    old = _current_ref(app, demo)
    assert watch.is_newest(old)
    # Deaf without breaking, as behind a pooler in transaction mode or across a silent
    # partition: no notice will come.
    watch._notices._conn.execute("UNLISTEN *")
    _publish_elsewhere(app, demo)
    clock.now += 0.5
    assert watch.is_newest(old) is True  # within the bound the remembered answer stands
    clock.now += 0.5
    assert watch.is_newest(old) is False
