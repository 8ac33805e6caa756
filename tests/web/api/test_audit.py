"""The audit trail: written with each change to sessions, speakers and releases; read by staff."""

import pytest


def _trail(client, world, role="staff", query=""):
    return client.get(f"/api/v1/events/{world.event}/audit{query}", headers=world.headers(role))


def test_session_edit_is_recorded_with_actor_and_changes(client, world):
    client.patch(
        f"/api/v1/events/{world.event}/sessions/{world.session_b}",
        headers=world.headers("event_org"),
        json={"title": "Renamed", "room": None},
    )
    newest = _trail(client, world).get_json()["items"][0]
    assert {k: newest[k] for k in ("actor", "action", "object_type", "object_key", "label")} == {
        "actor": world.emails["event_org"],
        "action": "updated",
        "object_type": "session",
        "object_key": world.session_b,
        "label": "Renamed",
    }
    assert newest["changes"] == [
        {"field": "title", "before": {"en": "A session"}, "after": {"en": "Renamed"}},
        {"field": "room", "before": world.room, "after": None},
    ]


def test_speaker_create_and_delete_are_recorded(client, world):
    headers = world.headers("staff")
    created = client.post(
        f"/api/v1/events/{world.event}/speakers",
        headers=headers,
        json={"names": [{"family": "Lin", "given": "Mei"}]},
    ).get_json()
    client.delete(f"/api/v1/events/{world.event}/speakers/{created['slug']}", headers=headers)
    items = _trail(client, world).get_json()["items"][:2]
    assert [(e["action"], e["object_type"], e["object_key"], e["label"]) for e in items] == [
        ("deleted", "speaker", created["slug"], "Mei Lin"),
        ("created", "speaker", created["slug"], "Mei Lin"),
    ]


def test_publish_is_recorded(client, world):
    client.post(
        f"/api/v1/events/{world.event}/releases",
        headers=world.headers("event_org"),
        json={"comment": "Day two"},
    )
    newest = _trail(client, world).get_json()["items"][0]
    assert (newest["action"], newest["object_key"], newest["label"]) == (
        "published",
        "2",
        "Day two",
    )


def test_refused_edit_leaves_no_audit_entry(client, world):
    before = _trail(client, world).get_json()["total"]
    client.patch(
        f"/api/v1/events/{world.event}/sessions/{world.session_b}",
        headers=world.headers("forum_a_org"),
        json={"title": "Not mine"},
    )
    assert _trail(client, world).get_json()["total"] == before


def test_edit_that_changes_nothing_leaves_no_audit_entry(client, world):
    before = _trail(client, world).get_json()["total"]
    client.patch(
        f"/api/v1/events/{world.event}/sessions/{world.session_b}",
        headers=world.headers("event_org"),
        json={"title": "A session"},
    )
    assert _trail(client, world).get_json()["total"] == before


def test_audit_trail_pages(client, world):
    total = _trail(client, world).get_json()["total"]
    page = _trail(client, world, query="?page=2&per_page=2").get_json()
    assert (page["page"], page["per_page"], page["total"], len(page["items"])) == (2, 2, total, 2)


@pytest.mark.parametrize("query", ["?page=0", "?per_page=x"])
def test_audit_trail_bad_paging_is_422(client, world, query):
    assert _trail(client, world, query=query).status_code == 422


def test_publish_with_a_double_booked_speaker_is_409_and_writes_nothing(app, client, world):
    from tests.web.api.world import contents

    session_a = f"/api/v1/events/{world.event}/sessions/{world.session_a}"
    client.patch(
        session_a,
        headers=world.headers("event_org"),
        json={"start": "2024-04-29T11:00", "end": "2024-04-29T11:30"},
    )
    with app.app_context():
        before = contents()
    answer = client.post(
        f"/api/v1/events/{world.event}/releases", headers=world.headers("event_org"), json={}
    )
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (409, "blocking_conflicts")
    with app.app_context():
        assert contents() == before


def test_forum_publish_is_blocked_only_by_its_own_double_bookings(client, world, app):
    from eventsvc.events.models import Event
    from eventsvc.extensions import db
    from tests.factories import make_forum, make_session, make_speaker

    with app.app_context():
        event = db.session.query(Event).filter_by(slug=world.event).one()
        other = make_forum(event)
        busy = make_speaker(event)
        for _ in range(2):
            make_session(other, speakers=[{"speaker": busy}])
        db.session.commit()
        other_slug = other.slug
    releases = f"/api/v1/events/{world.event}/releases"
    assert (
        client.post(
            releases, headers=world.headers("forum_a_org"), json={"forum": world.forum_a}
        ).status_code
        == 201
    )
    assert (
        client.post(
            releases, headers=world.headers("event_org"), json={"forum": other_slug}
        ).status_code
        == 409
    )


def test_publish_takes_a_comment_as_a_language_map(client, world):
    response = client.post(
        f"/api/v1/events/{world.event}/releases",
        headers=world.headers("event_org"),
        json={"comment": {"en": "Day two", "zh": "第二天"}},
    )
    assert (response.status_code, response.get_json()["comment"]) == (
        201,
        {"en": "Day two", "zh": "第二天"},
    )


def test_publish_refuses_a_comment_that_is_no_text_and_writes_nothing(client, world):
    before = _trail(client, world).get_json()["total"]
    response = client.post(
        f"/api/v1/events/{world.event}/releases",
        headers=world.headers("event_org"),
        json={"comment": {"zh": 5}},
    )
    assert (response.status_code, _trail(client, world).get_json()["total"]) == (422, before)
