"""The database failing at each point of a request: 503 with Retry-After, never a bare 500,
and the log line says what was sent.

Each point is broken on purpose: SQLAlchemy's event hooks raise the error a dropped
connection raises (on every database), and on PostgreSQL one case terminates the request's
own backend for real (pg_terminate_backend, by the test database's name and that pid).
"""

from __future__ import annotations

import io
import json
import logging
import time
from contextlib import contextmanager

import pytest
from flask import request_finished
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from eventsvc.releases.models import Release
from eventsvc.sessions.models import Star
from eventsvc.web.observability import logger
from tests.factories import make_user
from tests.web.manage.helpers import sign_in

OPENING = "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001"
DROPPED = "terminating connection due to administrator command"


@pytest.fixture
def log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.handlers[0].formatter)
    logger.addHandler(handler)
    yield lambda: [
        (line["path"], line["status"], line["user_id"])
        for line in map(json.loads, stream.getvalue().splitlines())
    ]
    logger.removeHandler(handler)


@pytest.fixture
def engine(app):
    with app.app_context():
        return db.engine


@contextmanager
def listening(engine, name: str, hook):
    event.listen(engine, name, hook)
    try:
        yield
    finally:
        event.remove(engine, name, hook)


def _dropped(statement: str):
    return OperationalError(statement, {}, Exception(DROPPED))


@contextmanager
def statements_fail(engine, after_commit: bool = False):
    """Every statement fails (from the first commit on, with after_commit)."""
    armed = [not after_commit]

    def arm(_conn):
        armed[0] = True

    def refuse(_conn, _cursor, statement, *_args):
        if armed[0]:
            raise _dropped(statement)

    with listening(engine, "commit", arm), listening(engine, "before_cursor_execute", refuse):
        yield


@contextmanager
def rollbacks_fail(engine):
    def refuse(_conn):
        raise _dropped("ROLLBACK")

    with listening(engine, "rollback", refuse):
        yield


def test_database_lost_in_a_page_answers_a_readable_503(client, demo, engine, log):
    with statements_fail(engine):
        english = client.get(f"/events/{demo}")
        chinese = client.get(f"/events/{demo}?lang=zh")
    for answer in (english, chinese):
        assert (answer.status_code, answer.mimetype) == (503, "text/html")
        assert answer.headers["Retry-After"] == "1"
    assert "<h1>The service is busy: please try again in a moment</h1>" in english.text
    assert "<h1>服务繁忙，请稍后再试</h1>" in chinese.text
    assert log() == [(f"/events/{demo}", 503, None)] * 2


def test_database_lost_in_the_api_answers_a_json_503(client, demo, engine, log):
    with statements_fail(engine):
        answer = client.get(f"/api/v1/events/{demo}/agenda")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "1"
    assert answer.get_json()["error"]["code"] == "unavailable"
    assert log() == [(f"/api/v1/events/{demo}/agenda", 503, None)]


def test_database_lost_with_its_rollback_answers_503_without_the_account(
    app, client, demo, engine, log
):
    with app.app_context():
        user_id = make_user("ada@example.org").id
        db.session.commit()
    sign_in(client, user_id)
    assert "ada@example.org" in client.get(f"/events/{demo}").text
    with statements_fail(engine), rollbacks_fail(engine):
        answer = client.get(f"/events/{demo}?lang=zh")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
    # Who is signed in cannot be read: the page offers to sign in rather than fail.
    assert "ada@example.org" not in answer.text and "/login" in answer.text
    assert client.get(f"/events/{demo}").status_code == 200
    assert log()[1:] == [(f"/events/{demo}", 503, None), (f"/events/{demo}", 200, user_id)]


def test_connection_lost_after_the_commit_keeps_the_answer_and_logs_it(
    app, client, demo, engine, log
):
    """The write is committed: the request logger must not ask the database who wrote it."""
    with app.app_context():
        user = make_user("ada@example.org")
        _record, token = create_api_token(user)
        db.session.commit()
        user_id = user.id
    path = f"/api/v1/me/stars/{OPENING}"
    with statements_fail(engine, after_commit=True):
        answer = client.put(path, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert answer.get_json() == {"session": OPENING, "starred": True}
    with app.app_context():
        assert db.session.scalar(select(Star.user_id)) == user_id
    assert log() == [(path, 200, user_id)]


def _terminate_own_backend() -> None:
    """From another connection, end the backend serving this request's transaction, and
    wait until it is gone (pg_terminate_backend only signals it)."""
    pid = db.session.connection().connection.dbapi_connection.info.backend_pid
    alive = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid = :pid"
    )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
        other.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid = :pid"
            ),
            {"pid": pid},
        )
        while other.scalar(alive, {"pid": pid}):
            time.sleep(0.01)


def _refuse_rollback(_conn):
    raise _dropped("ROLLBACK")


def test_connection_lost_before_the_closing_rollback_keeps_the_answer(
    app, client, demo, engine, log
):
    url = f"/events/{demo}/speakers"
    # A new query string each time: answered by Flask, not replayed (views ignore it).
    expected = client.get(f"{url}?probe=1")

    def break_connection(_sender, **_extra):
        # The answer is settled; only the rollback at the end of the request is left.
        db.session.connection()  # the request's transaction, as any read of it leaves
        if engine.dialect.name == "postgresql":
            _terminate_own_backend()
        else:
            event.listen(engine, "rollback", _refuse_rollback, once=True)

    request_finished.connect(break_connection, app)
    try:
        answer = client.get(f"{url}?probe=2")
    finally:
        request_finished.disconnect(break_connection, app)
        if event.contains(engine, "rollback", _refuse_rollback):
            event.remove(engine, "rollback", _refuse_rollback)
    assert (answer.status_code, answer.data) == (200, expected.data)
    # The broken connection was discarded: the next request gets a good one.
    assert client.get(f"{url}?probe=3").status_code == 200
    assert log() == [(url, 200, None)] * 3


def test_database_lost_while_a_publish_queues_its_notices_answers_503(app, client, demo, engine):
    """The notices' savepoint flushes the new release: losing the connection there loses the
    publish too, which then answers 503 (it answered 500, the error swallowed as a failed
    notice and the next statement refused for a transaction already rolled back)."""
    with app.app_context():
        _, token = create_api_token(make_user(role="admin"), "t")
        db.session.commit()
    lost = [False]

    def refuse(_conn, _cursor, statement, *_args):
        lost[0] = lost[0] or statement.startswith("UPDATE releases SET feed_times")
        if lost[0]:
            raise _dropped(statement)

    with listening(engine, "before_cursor_execute", refuse):
        response = client.post(
            f"/api/v1/events/{demo}/releases", headers={"Authorization": f"Bearer {token}"}, json={}
        )
    assert (lost[0], response.status_code, response.headers.get("Retry-After")) == (True, 503, "1")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Release)) == 1
