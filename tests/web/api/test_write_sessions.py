"""Sessions through the API: creating, editing with If-Match, racing, bad input of every kind."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from eventsvc.extensions import db
from eventsvc.sessions import services
from eventsvc.sessions.models import Talk
from tests.web.api.world import PASSWORD, contents
from tests.web.forms import post_form

E = "/api/v1/events/{}"


@pytest.fixture
def org(world):
    return world.headers("event_org")


def _url(world, uid=None):
    base = E.format(world.event) + "/sessions"
    return f"{base}/{uid}" if uid else base


def _draft_url(world, uid):
    return f"{E.format(world.event)}/draft/sessions/{uid}"


def _draft(client, world, headers, uid):
    return client.get(_draft_url(world, uid), headers=headers)


def _unchanged(app, before):
    with app.app_context():
        return contents() == before


@pytest.fixture
def snapshot(app, world):
    with app.app_context():
        return contents()


def test_create_session_with_speakers_in_order(client, world, org):
    answer = client.post(
        _url(world),
        headers=org,
        json={
            "forum": world.forum_a,
            "title": {"en": "Opening", "zh": "开幕"},
            "kind": "opening",
            "start": "2024-04-29T09:00",
            "end": "2024-04-29T09:30",
            "room": world.room,
            "speakers": [
                {"speaker": world.speaker_unused, "role": "host"},
                {"speaker": world.speaker, "role": "keynote", "title": "Professor"},
            ],
        },
    )
    assert answer.status_code == 201
    body = answer.get_json()
    assert (
        answer.headers["Location"] == f"/api/v1/events/{world.event}/draft/sessions/{body['uid']}"
    )
    assert (body["start"], body["end"], body["room"], body["kind"]) == (
        "2024-04-29T01:00:00Z",
        "2024-04-29T01:30:00Z",
        world.room,
        "opening",
    )
    assert body["title"] == {"en": "Opening", "zh": "开幕"}
    assert body["speakers"] == [
        {"speaker": world.speaker_unused, "role": "host", "title": None, "affiliation": None},
        {
            "speaker": world.speaker,
            "role": "keynote",
            "title": {"en": "Professor"},
            "affiliation": None,
        },
    ]
    # The world's session A has the same room, speaker and time.
    assert [c["kind"] for c in body["conflicts"]] == ["room_double_booked", "speaker_double_booked"]
    assert _draft(client, world, org, body["uid"]).get_json() == {
        k: v for k, v in body.items() if k != "conflicts"
    }


def test_patch_answers_the_conflicts_it_leaves_as_get_conflicts_lists_them(client, world, org):
    answer = client.patch(
        _url(world, world.session_b),
        headers=org,
        json={"start": "2024-04-29T09:00", "end": "2024-04-29T09:30"},
    )
    listed = client.get(E.format(world.event) + "/conflicts", headers=org).get_json()
    conflicts = answer.get_json()["conflicts"]
    assert conflicts == [c for c in listed["conflicts"] if world.session_b in c["sessions"]]
    assert [(c["kind"], c["blocking"], c["accepted"]) for c in conflicts] == [
        ("room_double_booked", True, False),
        ("speaker_double_booked", True, False),
    ]


def test_create_answers_the_conflicts_of_the_new_session(client, world, org):
    answer = client.post(
        _url(world),
        headers=org,
        json={
            "forum": world.forum_a,
            "title": "Clash",
            "start": "2024-04-29T09:10",
            "end": "2024-04-29T09:20",
            "speakers": [{"speaker": world.speaker}],
        },
    )
    conflicts = answer.get_json()["conflicts"]
    assert (answer.status_code, [(c["kind"], c["speaker"]) for c in conflicts]) == (
        201,
        [("speaker_double_booked", world.speaker), ("no_room", None)],
    )
    assert conflicts[0]["sessions"] == [world.session_a, answer.get_json()["uid"]]


def test_draft_etag_is_the_one_writes_answer(client, world, org):
    patched = client.patch(_url(world, world.session_b), headers=org, json={"title": "Renamed"})
    draft = _draft(client, world, org, world.session_b)
    assert patched.headers["ETag"] == draft.headers["ETag"]
    assert draft.get_json()["title"] == {"en": "Renamed"}


def test_patch_with_current_etag_applies(client, world, org):
    etag = _draft(client, world, org, world.session_b).headers["ETag"]
    answer = client.patch(
        _url(world, world.session_b),
        headers={**org, "If-Match": etag},
        json={"status": "cancelled"},
    )
    assert answer.status_code == 200
    assert answer.get_json()["status"] == "cancelled"
    assert answer.headers["ETag"] != etag


def test_patch_with_stale_etag_is_412_and_writes_nothing(app, client, world, org):
    stale = _draft(client, world, org, world.session_b).headers["ETag"]
    client.patch(_url(world, world.session_b), headers=org, json={"title": "First"})
    with app.app_context():
        before = contents()
    answer = client.patch(
        _url(world, world.session_b), headers={**org, "If-Match": stale}, json={"title": "Second"}
    )
    assert answer.status_code == 412
    assert answer.get_json()["error"]["code"] == "precondition_failed"
    assert _unchanged(app, before)


def test_two_patches_with_the_same_etag_one_wins(client, world, org):
    etag = _draft(client, world, org, world.session_b).headers["ETag"]
    first = client.patch(
        _url(world, world.session_b), headers={**org, "If-Match": etag}, json={"title": "A"}
    )
    second = client.patch(
        _url(world, world.session_b), headers={**org, "If-Match": etag}, json={"title": "B"}
    )
    assert (first.status_code, second.status_code) == (200, 412)
    assert _draft(client, world, org, world.session_b).get_json()["title"] == {"en": "A"}


def test_two_racing_patches_with_the_same_etag_one_wins(app, world, monkeypatch):
    """Both requests pass the If-Match check before either writes: the version column decides.

    The two browsers log in with the form (a bearer token would write its last use first, and
    SQLite lets one writer at a time, so the barrier below would wait forever)."""
    browsers = {role: app.test_client() for role in ("event_org", "admin")}
    for role, browser in browsers.items():
        post_form(browser, "/login", {"email": world.emails[role], "password": PASSWORD})
    etag = (
        browsers["admin"]
        .get(f"{E.format(world.event)}/draft/sessions/{world.session_b}")
        .headers["ETag"]
    )
    both_checked = threading.Barrier(2, timeout=10)
    original = services.update_session

    def update_after_both_checked(*args, **kwargs):
        both_checked.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "update_session", update_after_both_checked)
    statuses = {}

    def patch(role):
        answer = browsers[role].patch(
            _url(world, world.session_b), json={"title": f"By {role}"}, headers={"If-Match": etag}
        )
        statuses[role] = (answer.status_code, answer.get_json())

    threads = [threading.Thread(target=patch, args=(role,)) for role in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(code for code, _ in statuses.values())
    assert codes == [200, 412], statuses
    winner = next(body for code, body in statuses.values() if code == 200)
    with app.app_context():
        talk = db.session.scalar(select(Talk).where(Talk.uid == world.session_b))
        assert (talk.title, talk.version) == (winner["title"], 2)


def test_patch_of_speakers_only_moves_the_etag(client, world, org):
    etag = _draft(client, world, org, world.session_b).headers["ETag"]
    answer = client.patch(
        _url(world, world.session_b),
        headers={**org, "If-Match": etag},
        json={
            "speakers": [
                {"speaker": world.speaker_unused, "role": "moderator"},
                {"speaker": world.speaker, "role": "panelist"},
            ]
        },
    )
    assert answer.status_code == 200
    assert answer.headers["ETag"] != etag
    assert [(s["speaker"], s["role"]) for s in answer.get_json()["speakers"]] == [
        (world.speaker_unused, "moderator"),
        (world.speaker, "panelist"),
    ]


def test_patch_reorders_and_drops_speakers(client, world, org):
    client.patch(
        _url(world, world.session_b),
        headers=org,
        json={"speakers": [{"speaker": world.speaker}, {"speaker": world.speaker_unused}]},
    )
    answer = client.patch(
        _url(world, world.session_b),
        headers=org,
        json={"speakers": [{"speaker": world.speaker_unused}]},
    )
    assert [s["speaker"] for s in answer.get_json()["speakers"]] == [world.speaker_unused]


def test_delete_with_stale_etag_is_412_and_keeps_the_session(app, client, world, org, snapshot):
    answer = client.delete(_url(world, world.session_b), headers={**org, "If-Match": '"talk-1-99"'})
    assert answer.status_code == 412
    assert _unchanged(app, snapshot)


def test_delete_removes_the_session(client, world, org):
    assert client.delete(_url(world, world.session_b), headers=org).status_code == 204
    assert _draft(client, world, org, world.session_b).status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": 5}, "title"),
        ({"title": {"en": 5}}, "title"),
        ({"title": ""}, "title"),
        ({"start": "yesterday"}, "start"),
        ({"start": 20240429}, "start"),
        ({"end": "2024-04-29T08:00"}, "end"),
        ({"kind": "lecture"}, "kind"),
        ({"status": "maybe"}, "status"),
        ({"room": "no-such-room"}, "room"),
        ({"forum": "no-such-forum"}, "forum"),
        ({"speakers": [{"speaker": "nobody"}]}, "speakers"),
        ({"speakers": [{"speaker": "x", "role": "singer"}]}, "speakers"),
        ({"speakers": "everyone"}, "speakers"),
        ({"language": "English!"}, "language"),
        ({"colour": "red"}, "colour"),
        ({"uid": "mine"}, "uid"),
    ],
)
def test_patch_with_bad_field_is_422_naming_it(app, client, world, org, snapshot, body, field):
    answer = client.patch(_url(world, world.session_b), headers=org, json=body)
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]
    assert _unchanged(app, snapshot)


def test_patch_listing_a_speaker_twice_is_422(app, client, world, org, snapshot):
    answer = client.patch(
        _url(world, world.session_b),
        headers=org,
        json={"speakers": [{"speaker": world.speaker}, {"speaker": world.speaker}]},
    )
    assert (answer.status_code, answer.get_json()["error"]["fields"]) == (
        422,
        {"speakers": "duplicate"},
    )
    assert _unchanged(app, snapshot)


def test_create_without_required_fields_is_422(app, client, world, org, snapshot):
    answer = client.post(_url(world), headers=org, json={})
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"forum", "title", "start", "end"}
    assert _unchanged(app, snapshot)


def test_malformed_json_is_400(app, client, world, org, snapshot):
    answer = client.patch(
        _url(world, world.session_b),
        headers={**org, "Content-Type": "application/json"},
        data='{"title": ',
    )
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (400, "bad_request")
    assert _unchanged(app, snapshot)


def test_json_that_is_not_an_object_is_422(app, client, world, org, snapshot):
    answer = client.patch(_url(world, world.session_b), headers=org, json=["title"])
    assert answer.status_code == 422
    assert _unchanged(app, snapshot)


def test_form_body_is_415(app, client, world, org, snapshot):
    answer = client.patch(_url(world, world.session_b), headers=org, data={"title": "x"})
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (
        415,
        "unsupported_media_type",
    )
    assert _unchanged(app, snapshot)


def test_oversized_body_is_413(app, client, world, org, snapshot):
    big = '{"title": "' + "x" * (app.config["MAX_CONTENT_LENGTH"] + 1) + '"}'
    answer = client.patch(
        _url(world, world.session_b), headers={**org, "Content-Type": "application/json"}, data=big
    )
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (413, "too_large")
    assert _unchanged(app, snapshot)


def test_unknown_session_is_404(client, world, org):
    answer = client.patch(_url(world, "no-such-uid"), headers=org, json={"title": "x"})
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (404, "not_found")


def test_unknown_event_is_404(client, world, org):
    answer = client.post("/api/v1/events/no-such-event/sessions", headers=org, json={})
    assert answer.status_code == 404


def test_session_in_another_events_forum_is_422(app, client, world, org, snapshot):
    with app.app_context():
        from tests.factories import make_event, make_forum

        foreign = make_forum(make_event()).slug
        db.session.commit()
        snapshot = contents()
    answer = client.patch(_url(world, world.session_b), headers=org, json={"forum": foreign})
    assert (answer.status_code, answer.get_json()["error"]["fields"]) == (422, {"forum": "unknown"})
    assert _unchanged(app, snapshot)


def test_created_uid_is_not_taken_from_the_body(client, world, org):
    answer = client.post(
        _url(world),
        headers=org,
        json={
            "forum": world.forum_a,
            "title": "T",
            "start": "2024-04-29T09:00",
            "end": "2024-04-29T10:00",
            "uid": world.session_b,
        },
    )
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"uid": "Unknown field."}


def test_busy_database_is_503_not_500(app, client, world, org, snapshot, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE sessions ...", {}, Exception("database is locked"))

    monkeypatch.setattr(services, "update_session", locked)
    answer = client.patch(_url(world, world.session_b), headers=org, json={"title": "x"})
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (503, "unavailable")
    assert answer.headers["Retry-After"] == "1"
    assert _unchanged(app, snapshot)


def test_a_refusal_is_explained_in_the_language_asked_with_the_same_field_codes(
    client, world, org, snapshot, app
):
    session = {
        "forum": world.forum_a,
        "title": {"en": "Opening"},
        "start": "2024-04-29T10:00",
        "end": "2024-04-29T09:00",
    }
    english = client.post(_url(world), headers=org, json=session).get_json()["error"]
    chinese = client.post(
        _url(world), headers={**org, "Accept-Language": "zh"}, json=session
    ).get_json()["error"]
    assert english["message"] == "the session ends before it starts"
    assert chinese["message"] == "议程的结束时间早于开始时间"
    assert chinese["fields"] == english["fields"] == {"end": "not after start"}
    assert chinese["code"] == english["code"] == "invalid"
    assert _unchanged(app, snapshot)


def test_an_unknown_session_is_answered_in_the_language_asked(client, world, org):
    answer = client.get(_draft_url(world, "no-such-uid"), headers={**org, "Accept-Language": "zh"})
    assert answer.status_code == 404
    assert answer.get_json()["error"]["message"] == "本会议没有议程 no-such-uid"
