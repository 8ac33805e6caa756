"""Fixtures: one app per test run on the database named by TEST_DATABASE_URL
(a SQLite file by default), the schema built by the real migrations, and every table
emptied after each test so tests can commit like real requests do."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import text

from eventsvc import caches, create_app
from eventsvc.extensions import db

# smtp_server: a real SMTP server (aiosmtpd) on loopback, the app's mail pointed at it.
# redis_url: a redis-server of the test's own on a free port.
pytest_plugins = ["tests.mailserver", "tests.redisserver"]


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    if url.startswith("postgresql"):
        return _postgres_database(url, os.environ.get("PYTEST_XDIST_WORKER"))
    return url


def _postgres_database(url: str, worker: str | None) -> str:
    """The named database, created when missing. Under pytest-xdist each worker empties tables
    after every test, so each gets a database of its own beside it (test_gw0, test_gw1, ...)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}" if worker else base.database
    # Asked of the server's maintenance database: the named one need not exist.
    engine = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_everything() -> None:
    """Start from an empty database whatever an earlier run left behind."""
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from flask_migrate import upgrade

    app = create_app("testing", DATABASE_URL=_database_url(tmp_path_factory))
    with app.app_context():
        _drop_everything()
        upgrade()
    yield app
    app.extensions["eventsvc.replay"].close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections before the interpreter exits


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    empty_tables(request.getfixturevalue("app"))


def empty_tables(app) -> None:
    """Delete every row of every table and forget every cached agenda."""
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))
            if conn.dialect.name == "postgresql":
                # Ids start again from 1, as SQLite's do once a table is empty. Not TRUNCATE
                # ... RESTART IDENTITY: on mostly empty tables it took 150-400 ms a test
                # (new files for every table), this takes a few.
                conn.execute(text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))
    caches.empty()
    app.extensions["eventsvc.rendered"].clear()
    app.extensions["eventsvc.replay"].clear()


@pytest.fixture
def ctx(app):
    """An application context, for tests that call services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo(app):
    """The Zhongguancun Forum demo, loaded and published as release 1."""
    from eventsvc.demo.loader import load_demo

    with app.app_context():
        event = load_demo()
        db.session.commit()
        slug = event.slug
        db.session.remove()
    return slug


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app, monkeypatch):
    """with count_queries() as counter: ...; counter.count is the SQL statements run.

    SQLAlchemy's event sees all but the release watch's question, which runs on the driver's
    connection (agenda/watch.py): that one is counted where it is asked.
    """
    from eventsvc.agenda.watch import ReleaseWatch

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            counter.statements.append(statement)

        ask = ReleaseWatch._ask

        def counted_ask(watch, event_slug):
            counter.statements.append(watch._sql)
            return ask(watch, event_slug)

        with app.app_context():
            engine = db.engine
        sa_event.listen(engine, "before_cursor_execute", before)
        monkeypatch.setattr(ReleaseWatch, "_ask", counted_ask)
        try:
            yield counter
        finally:
            sa_event.remove(engine, "before_cursor_execute", before)
            monkeypatch.setattr(ReleaseWatch, "_ask", ask)

    return counting
