"""Personal feeds: stars through the API and the page button, secret URLs, rotation."""

import re

import pytest
from sqlalchemy import select, text

from eventsvc.auth.models import FeedToken, User
from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from tests.factories import make_event, make_forum, make_session, make_user
from tests.icalcheck import calendar, parse
from tests.web.feeds.conftest import uid


@pytest.fixture
def attendee(app):
    """(user id, bearer headers) of a fresh attendee."""
    with app.app_context():
        user = make_user()
        _token, plain = create_api_token(user)
        db.session.commit()
        return user.id, {"Authorization": f"Bearer {plain}"}


def _feed_path(client, headers) -> str:
    response = client.get("/api/v1/me/feed", headers=headers)
    assert response.status_code == 200
    return "/" + response.json["url"].split("/", 3)[3]


def _star(client, headers, session_uid, method="put"):
    return getattr(client, method)(f"/api/v1/me/stars/{session_uid}", headers=headers)


def test_feed_url_carries_a_long_random_token(client, attendee):
    _user, headers = attendee
    body = client.get("/api/v1/me/feed", headers=headers).json
    token = re.fullmatch(r"http://localhost/feeds/([A-Za-z0-9_-]+)\.ics", body["url"]).group(1)
    assert len(token) * 6 >= 256  # base64url: six bits a character
    assert body["webcal"] == f"webcal://localhost/feeds/{token}.ics"
    assert body["google"] == (
        f"https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Flocalhost%2Ffeeds%2F{token}.ics"
    )


def test_feed_url_stays_the_same_until_rotated(client, attendee):
    _user, headers = attendee
    assert _feed_path(client, headers) == _feed_path(client, headers)


def test_database_holds_only_a_hash_of_the_token(app, client, attendee):
    _user, headers = attendee
    token = _feed_path(client, headers).removeprefix("/feeds/").removesuffix(".ics")
    with app.app_context():
        dump = repr(db.session.execute(text("SELECT * FROM feed_tokens")).all())
    assert token not in dump
    assert token[:16] not in dump and token[-16:] not in dump


def test_rotation_makes_the_old_url_answer_404(client, attendee):
    _user, headers = attendee
    old = _feed_path(client, headers)
    assert client.get(old).status_code == 200
    rotated = client.post("/api/v1/me/feed", headers=headers)
    new = "/" + rotated.json["url"].split("/", 3)[3]
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert _feed_path(client, headers) == new


def test_unknown_token_answers_404(client, attendee):
    assert client.get("/feeds/" + "A" * 43 + ".ics").status_code == 404


def test_stars_appear_at_the_next_poll(client, conference, attendee):
    _user, headers = attendee
    path = _feed_path(client, headers)
    first = client.get(path)
    assert parse(first.data) == {}
    assert _star(client, headers, conference.talk).json == {
        "session": conference.talk,
        "starred": True,
    }
    second = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert list(parse(second.data)) == [uid(conference, "talk")]
    assert second.last_modified > first.last_modified
    assert _star(client, headers, conference.talk, "delete").status_code == 204
    assert parse(client.get(path).data) == {}


def test_personal_feed_follows_new_releases(client, conference, attendee, organizer):
    _user, headers = attendee
    _star(client, headers, conference.panel)
    path = _feed_path(client, headers)
    with organizer(conference.event) as (_event, talks):
        talks[conference.panel].title = {"en": "Panel, renamed"}
    event = parse(client.get(path).data)[uid(conference, "panel")]
    assert (event["summary"], event["sequence"]) == ("Panel, renamed", 1)


def test_other_users_stars_never_leak(app, client, conference, attendee):
    _user, headers = attendee
    with app.app_context():
        other = make_user()
        _t, plain = create_api_token(other)
        db.session.commit()
    other_headers = {"Authorization": f"Bearer {plain}"}
    _star(client, headers, conference.talk)
    _star(client, other_headers, conference.panel)
    assert list(parse(client.get(_feed_path(client, headers)).data)) == [uid(conference, "talk")]
    assert list(parse(client.get(_feed_path(client, other_headers)).data)) == [
        uid(conference, "panel")
    ]


def test_personal_feed_is_private_and_conditional(client, conference, attendee):
    _user, headers = attendee
    _star(client, headers, conference.opening)
    path = _feed_path(client, headers)
    first = client.get(path)
    assert first.headers["Cache-Control"] == "private, max-age=300"
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert (
        client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code
        == 304
    )
    assert str(calendar(first.data)["X-WR-CALNAME"]) == "Starred sessions"


def test_starring_twice_changes_nothing(app, client, conference, attendee):
    user_id, headers = attendee
    _star(client, headers, conference.talk)
    _star(client, headers, conference.talk)
    with app.app_context():
        assert db.session.get(User, user_id).stars_version == 1


def test_unpublished_session_cannot_be_starred(app, client, conference, attendee):
    _user, headers = attendee
    with app.app_context():
        from eventsvc.events.models import Event

        event = db.session.scalar(select(Event).where(Event.slug == conference.event))
        draft = make_session(event.forums[0]).uid
        db.session.commit()
    response = _star(client, headers, draft)
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    "method,path",
    [
        ("put", "/api/v1/me/stars/x"),
        ("delete", "/api/v1/me/stars/x"),
        ("get", "/api/v1/me/feed"),
        ("post", "/api/v1/me/feed"),
    ],
)
def test_me_needs_an_account(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_unknown_session_star_is_a_json_404(client, attendee):
    _user, headers = attendee
    response = _star(client, headers, "no-such-session")
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


def test_personal_feed_costs_the_same_queries_whatever_its_size(app, client, count_queries):
    from eventsvc.releases.publish import publish

    counts = []
    for size in (1, 25):
        with app.app_context():
            event = make_event()
            forum = make_forum(event)
            talks = [make_session(forum) for _ in range(size)]
            publish(event, None)
            user = make_user()
            _t, plain = create_api_token(user)
            db.session.commit()
            uids = [t.uid for t in talks]
        headers = {"Authorization": f"Bearer {plain}"}
        for talk_uid in uids:
            _star(client, headers, talk_uid)
        path = _feed_path(client, headers)
        with count_queries() as cold:
            etag = client.get(path).headers["ETag"]
        with count_queries() as not_modified:
            assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
        counts.append((cold.count, not_modified.count))
    assert counts[0] == counts[1]
    assert counts[0][1] == 1


def test_star_button_stars_and_returns_to_the_page(app, client, conference, attendee):
    user_id, _headers = attendee
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        with client.session_transaction() as browser:
            browser["_user_id"] = str(user_id)
        page = f"/events/{conference.event}/forums/{conference.forums[0]}"
        url = f"/events/{conference.event}/sessions/{conference.opening}/star"
        response = client.post(url, data={"next": page})
        assert (response.status_code, response.headers["Location"]) == (303, page)
        with app.app_context():
            assert db.session.get(User, user_id).stars_version == 1
        client.post(url, data={"action": "unstar", "next": page})
        with app.app_context():
            assert db.session.get(User, user_id).stars_version == 2
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_star_button_refuses_a_post_without_csrf_token(app, client, conference, attendee):
    user_id, _headers = attendee
    with client.session_transaction() as browser:
        browser["_user_id"] = str(user_id)
    response = client.post(f"/events/{conference.event}/sessions/{conference.opening}/star")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, user_id).stars_version == 0


def test_star_button_sends_visitors_to_log_in_and_back(app, client, conference):
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        page = f"/events/{conference.event}"
        response = client.post(
            f"/events/{conference.event}/sessions/{conference.opening}/star", data={"next": page}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"/login?next=/events/{conference.event}",
    )


def test_star_button_ignores_offsite_next(app, client, conference, attendee):
    user_id, _headers = attendee
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        with client.session_transaction() as browser:
            browser["_user_id"] = str(user_id)
        response = client.post(
            f"/events/{conference.event}/sessions/{conference.opening}/star",
            data={"next": "https://evil.example/"},
        )
        assert response.headers["Location"] == f"/events/{conference.event}"
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_feed_token_rows_are_one_per_user(app, client, attendee):
    _user, headers = attendee
    client.get("/api/v1/me/feed", headers=headers)
    client.post("/api/v1/me/feed", headers=headers)
    with app.app_context():
        assert len(db.session.scalars(select(FeedToken)).all()) == 1


def test_openapi_describes_the_me_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert sorted(k for k in paths["/api/v1/me/stars/{session_uid}"] if k != "parameters") == [
        "delete",
        "put",
    ]
    assert sorted(k for k in paths["/api/v1/me/feed"] if k != "parameters") == ["get", "post"]
