"""Replayed public reads (eventsvc/web/replay.py): the same answers as Flask's, never stale,
never personal."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from eventsvc import create_app
from eventsvc.agenda.current import ReleaseRef, current_release
from eventsvc.agenda.watch import ReleaseWatch
from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from eventsvc.web import replay as replay_module
from eventsvc.web.observability import logger
from eventsvc.web.replay import RELEASE, ReplayCache, mark
from tests.factories import make_user
from tests.web.manage.helpers import sign_in

FORUM = "science-diplomacy"
OPENING = "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001"
URLS = [
    "/events/{e}",
    "/events/{e}?lang=zh",
    f"/events/{{e}}/forums/{FORUM}",
    "/events/{e}/speakers?order=name",
    "/events/{e}/timetable",
    "/events/{e}/changes",
    "/api/v1/events/{e}/agenda",
    "/api/v1/events/{e}/sessions?page=1&per_page=2",
    "/events/{e}/calendar.ics",
    f"/events/{{e}}/sessions/{OPENING}.ics",
]
# Set anew on each answer.
OWN = {"Date", "X-Request-ID"}


@pytest.fixture
def reference(app):
    """The same app without replay: every answer comes from Flask."""
    plain = create_app("testing", DATABASE_URL=app.config["DATABASE_URL"], REPLAY_CACHE_MB=0)
    yield plain.test_client()
    with plain.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def replay(app):
    return app.extensions["eventsvc.replay"]


def _answer(response) -> tuple:
    return (
        response.status,
        response.data,
        sorted((k, v) for k, v in response.headers.items() if k not in OWN),
    )


@pytest.mark.parametrize("path", URLS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_replayed_answer_is_flasks_byte_for_byte(
    app, client, reference, demo, flask_calls, path, language
):
    url = path.format(e=demo)
    headers = {"Accept-Language": language}
    first = client.get(url, headers=headers)
    replayed = client.get(url, headers=headers)
    assert flask_calls == [url.split("?")[0]]  # the second never reached Flask
    assert _answer(replayed) == _answer(first) == _answer(reference.get(url, headers=headers))
    for validator in (
        {"If-None-Match": first.headers["ETag"]},
        {"If-Modified-Since": first.headers["Last-Modified"]},
    ):
        not_modified = client.get(url, headers={**headers, **validator})
        assert not_modified.status_code == 304
        assert _answer(not_modified) == _answer(
            reference.get(url, headers={**headers, **validator})
        )
    assert len(flask_calls) == 1


def _rename_and_publish(slug: str, title: str) -> None:
    with db.session.begin():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        db.session.scalar(select(Talk).where(Talk.uid == OPENING)).title = {"en": title}
        publish(event, None)
    db.session.remove()


def test_a_publish_in_this_process_shows_at_the_next_request(app, client, demo):
    url = f"/events/{demo}/forums/{FORUM}"
    before = client.get(url)
    client.get(url)
    with app.app_context():
        _rename_and_publish(demo, "Renamed opening")
    after = client.get(url)
    assert b"Renamed opening" in after.data and b"Renamed opening" not in before.data
    assert after.headers["ETag"] != before.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": before.headers["ETag"]}).status_code == 200


# Another process publishes: nothing in this one is told but by its database (a NOTIFY on
# PostgreSQL; on SQLite the watch asks every time).
ANOTHER_PROCESS = """
import sys
from eventsvc import create_app
from tests.web.test_replay import _rename_and_publish
with create_app("testing", DATABASE_URL=sys.argv[1]).app_context():
    _rename_and_publish(sys.argv[2], "Renamed elsewhere")
"""


def test_a_publish_in_another_process_shows_within_moments(app, client, demo):
    url = f"/events/{demo}/forums/{FORUM}"
    for _ in range(3):
        before = client.get(url)
    subprocess.run(
        [sys.executable, "-c", ANOTHER_PROCESS, app.config["DATABASE_URL"], demo],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    # Committed, so the database has spoken; PostgreSQL's notice takes a moment to arrive.
    deadline = time.monotonic() + 5
    while (
        b"Renamed elsewhere" not in (after := client.get(url)).data and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    assert b"Renamed elsewhere" in after.data and b"Renamed elsewhere" not in before.data
    assert after.headers["ETag"] != before.headers["ETag"]


def test_each_language_has_its_own_answer(client, demo, flask_calls):
    url = f"/events/{demo}/forums/{FORUM}"
    english = [client.get(url, headers={"Accept-Language": "en"}) for _ in range(2)]
    chinese = [client.get(url, headers={"Accept-Language": "zh"}) for _ in range(2)]
    assert [r.data for r in english] == [english[0].data] * 2
    assert [r.data for r in chinese] == [chinese[0].data] * 2
    assert "陈家昌" in chinese[0].get_data(as_text=True)
    assert "陈家昌" not in english[0].get_data(as_text=True)
    assert len(flask_calls) == 2


def test_every_host_gets_the_one_answer_linking_to_public_url(client, demo):
    """Feed links are absolute under PUBLIC_URL: the Host asked for changes nothing."""
    url = f"/events/{demo}"
    one = client.get(url, headers={"Host": "one.example"}).data
    assert b"webcal://localhost/" in one and b"one.example" not in one
    assert client.get(url, headers={"Host": "two.example"}).data == one


def test_signed_in_pages_are_neither_replayed_nor_kept(app, client, demo, flask_calls):
    url = f"/events/{demo}/forums/{FORUM}"
    anonymous = app.test_client()
    anonymous.get(url)
    with app.app_context():
        user = make_user()
        db.session.commit()
        sign_in(client, user.id)
    mine = [client.get(url) for _ in range(2)]
    assert all(
        b'class="star"' in r.data and r.headers["Cache-Control"].startswith("private") for r in mine
    )
    after = anonymous.get(url)
    assert b'class="star"' not in after.data
    assert flask_calls == [f"/events/{demo}/forums/{FORUM}"] * 3


@pytest.mark.parametrize(
    "path",
    [
        "/",  # every event, not one release
        "/events/{e}/forums/no-such-forum",  # 404
        "/api/v1/events/{e}/sessions?per_page=100000",  # 422
        "/healthz",
    ],
)
def test_what_is_not_one_releases_public_answer_always_reaches_flask(
    client, demo, flask_calls, path
):
    url = path.format(e=demo)
    for _ in range(2):
        client.get(url)
    assert len(flask_calls) == 2


def test_head_and_conditions_beyond_if_none_match_reach_flask(client, demo, flask_calls):
    url = f"/events/{demo}/calendar.ics"
    etag = client.get(url).headers["ETag"]
    assert client.head(url).status_code == 200
    client.get(url, headers={"If-Match": etag})
    client.get(url, headers={"Range": "bytes=0-9"})
    assert len(flask_calls) == 4


def test_a_database_error_in_the_check_leaves_the_answer_to_flask(
    client, demo, flask_calls, monkeypatch
):
    url = f"/events/{demo}"
    first = client.get(url)

    def broken(_self, _ref):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(ReleaseWatch, "is_newest", broken)
    again = client.get(url)
    assert (again.status_code, again.data) == (200, first.data)
    assert len(flask_calls) == 2


def test_a_replayed_request_is_logged_with_its_own_request_id(client, demo):
    url = f"/events/{demo}/speakers"
    client.get(url)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.handlers[0].formatter)
    logger.addHandler(handler)
    try:
        answer = client.get(url, headers={"X-Request-ID": "lb-1"})
        other = client.get(url)
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [
        (line["method"], line["path"], line["status"], line["user_id"], line["request_id"])
        for line in lines
    ] == [("GET", url, 200, None, "lb-1"), ("GET", url, 200, None, other.headers["X-Request-ID"])]
    assert answer.headers["X-Request-ID"] == "lb-1" and other.headers["X-Request-ID"] != "lb-1"


def _eventually(check, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.01)
    return check()


def test_a_lost_listening_connection_is_opened_again(app, client, demo, replay):
    if not app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's (on SQLite the watch asks every time)")
    url = f"/events/{demo}/forums/{FORUM}"
    client.get(url)
    client.get(url)  # the first replay opens the listening connection
    notices = replay._watch._notices
    backend = notices._conn.info.backend_pid
    with app.app_context():
        db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        db.session.commit()
        db.session.remove()
    # The next replays find it broken, ask the database meanwhile, and listen again.
    assert _eventually(
        lambda: (
            client.get(url).status_code == 200
            and (conn := notices._conn) is not None
            and conn.info.backend_pid != backend
        )
    )
    subprocess.run(
        [sys.executable, "-c", ANOTHER_PROCESS, app.config["DATABASE_URL"], demo],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert _eventually(lambda: b"Renamed elsewhere" in client.get(url).data)


def test_an_answer_built_from_two_releases_is_never_kept():
    first, second = (
        ReleaseRef(n, n, f"digest{n}", datetime(2024, 4, 29), n, f"event-{n}") for n in (1, 2)
    )
    environ = {}
    mark(environ, first)
    mark(environ, first)
    assert environ[RELEASE] == first
    mark(environ, second)
    mark(environ, first)
    assert not isinstance(environ[RELEASE], ReleaseRef)


def test_long_new_urls_with_tiny_answers_cannot_grow_the_cache_past_its_bound(app, demo):
    """Views ignore unknown query arguments, so every new ?junk= is a new URL to keep."""
    url = f"/api/v1/events/{demo}"
    client = app.test_client()
    answer = client.get(url)
    assert len(answer.data) < 10_000  # tiny next to a kilobyte-long URL per entry
    cache = ReplayCache(max_bytes=100_000)
    variant = replay_module._variant(
        _current_ref(app, demo),
        {"PATH_INFO": url, "REQUEST_METHOD": "GET"},
        "200 OK",
        list(answer.headers.items()),
        answer.data,
    )
    urls = [("http", "localhost", "", url, f"junk={n:0>1000}") for n in range(1000)]
    for key in urls:
        cache.keep(key, {}, variant, ())
    kept = [key for key in urls if cache.find(key, {}) is not None]
    assert 0 < len(kept) <= 100_000 // (1000 + len(answer.data))
    assert kept == urls[-len(kept) :]  # the newest stay


def _current_ref(app, slug: str) -> ReleaseRef:
    with app.app_context():
        ref = current_release(slug)
        db.session.remove()
    return ref
