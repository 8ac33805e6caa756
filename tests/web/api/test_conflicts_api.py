"""GET /api/v1/events/{event}/conflicts."""

from datetime import datetime

import pytest

from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from eventsvc.releases.models import Release
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user


@pytest.fixture
def booked(app):
    """An event whose one speaker is in two overlapping sessions; a token per role."""
    with app.app_context():
        event = make_event()
        speaker, room = make_speaker(event), make_room(event)
        talks = [
            make_session(make_forum(event), start=datetime(2024, 4, 26, 9), room=room)
            for _ in range(2)
        ]
        for talk in talks:
            add_appearance(talk, speaker)
        tokens = {
            role: create_api_token(make_user(role=role, event=event))[1]
            for role in ("staff", "attendee")
        }
        tokens["other staff"] = create_api_token(make_user(role="staff", event=make_event()))[1]
        db.session.commit()
        return {
            "slug": event.slug,
            "uids": [t.uid for t in talks],
            "speaker": speaker.slug,
            "room": room.slug,
            "tokens": tokens,
        }


def _get(client, booked, who):
    headers = {"Authorization": f"Bearer {booked['tokens'][who]}"} if who else {}
    return client.get(f"/api/v1/events/{booked['slug']}/conflicts", headers=headers)


def test_conflicts_lists_double_bookings_for_staff(client, booked):
    response = _get(client, booked, "staff")
    assert response.status_code == 200
    answer = response.json
    keys = [c.pop("key") for c in answer["conflicts"]]
    assert [k.split(":")[0] for k in keys] == ["room_double_booked", "speaker_double_booked"]
    assert answer == {
        "blocking": 2,
        "accepted": 0,
        "warnings": 0,
        "conflicts": [
            {
                "kind": "room_double_booked",
                "blocking": True,
                "sessions": booked["uids"],
                "speaker": None,
                "room": booked["room"],
                "accepted": False,
            },
            {
                "kind": "speaker_double_booked",
                "blocking": True,
                "sessions": booked["uids"],
                "speaker": booked["speaker"],
                "room": None,
                "accepted": False,
            },
        ],
    }


@pytest.mark.parametrize("who, status", [(None, 401), ("attendee", 403), ("other staff", 403)])
def test_conflicts_are_refused_outside_the_drafts_scope(client, booked, who, status):
    response = _get(client, booked, who)
    assert (response.status_code, response.json["error"]["code"]) == (
        status,
        {401: "unauthorized", 403: "forbidden"}[status],
    )


def test_conflicts_of_an_unknown_event_is_404(client, booked):
    response = client.get(
        "/api/v1/events/nope/conflicts",
        headers={"Authorization": f"Bearer {booked['tokens']['staff']}"},
    )
    assert response.status_code == 404


def _organizer_token(app, booked):
    from eventsvc.events.models import Event

    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == booked["slug"]))
        token = create_api_token(make_user(role="organizer", event=event))[1]
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_release_past_accepted_conflicts_is_published_and_listed(app, client, booked):
    headers = _organizer_token(app, booked)
    listed = client.get(f"/api/v1/events/{booked['slug']}/conflicts", headers=headers).json
    keys = [c["key"] for c in listed["conflicts"]]
    response = client.post(
        f"/api/v1/events/{booked['slug']}/releases",
        headers=headers,
        json={"accept_conflicts": keys, "accept_reason": "Same panel, two rooms"},
    )
    assert (response.status_code, response.json["accepted_conflicts"]) == (201, keys)
    after = client.get(f"/api/v1/events/{booked['slug']}/conflicts", headers=headers).json
    assert (after["blocking"], after["accepted"]) == (0, 2)
    assert {
        (c["accepted"], c["reason"], c["release"], c["accepted_by"] is not None)
        for c in after["conflicts"]
    } == {(True, "Same panel, two rooms", 1, True)}


def test_release_refused_names_the_open_conflicts_and_writes_nothing(app, client, booked):
    headers = _organizer_token(app, booked)
    listed = client.get(f"/api/v1/events/{booked['slug']}/conflicts", headers=headers).json
    response = client.post(
        f"/api/v1/events/{booked['slug']}/releases",
        headers=headers,
        json={"accept_conflicts": [listed["conflicts"][0]["key"]], "accept_reason": "one only"},
    )
    assert (response.status_code, response.json["error"]["fields"]["keys"]) == (
        409,
        listed["conflicts"][1]["key"],
    )
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Release)) == 0


def test_release_accepting_without_a_reason_is_422(app, client, booked):
    headers = _organizer_token(app, booked)
    listed = client.get(f"/api/v1/events/{booked['slug']}/conflicts", headers=headers).json
    response = client.post(
        f"/api/v1/events/{booked['slug']}/releases",
        headers=headers,
        json={"accept_conflicts": [c["key"] for c in listed["conflicts"]]},
    )
    assert (response.status_code, response.json["error"]["fields"]) == (
        422,
        {"accept_reason": "required to accept conflicts"},
    )
