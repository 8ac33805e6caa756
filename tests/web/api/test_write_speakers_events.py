"""Speakers, events, forums, rooms and organizations through the API: conflicts and bad input."""

import pytest

from tests.web.api.world import contents

E = "/api/v1/events/{}"


@pytest.fixture
def snapshot(app, world):
    with app.app_context():
        return contents()


def _unchanged(app, before) -> bool:
    with app.app_context():
        return contents() == before


def test_register_speaker_with_names_and_organization(client, world):
    answer = client.post(
        E.format(world.event) + "/speakers",
        headers=world.headers("staff"),
        json={
            "names": [
                {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
                {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
            ],
            "title": {"en": "Professor", "zh": "教授"},
            "organization": world.org,
            "precedence": 1,
        },
    )
    assert answer.status_code == 201
    body = answer.get_json()
    assert (body["slug"], body["organization"], body["precedence"]) == (
        "chen-jiachang",
        world.org,
        1,
    )
    assert [n["script"] for n in body["names"]] == ["Latn", "Hans"]


def test_rename_speaker_in_place_with_if_match(client, world):
    headers = world.headers("staff")
    url = f"{E.format(world.event)}/speakers/{world.speaker}"
    etag = client.get(
        f"{E.format(world.event)}/draft/speakers/{world.speaker}", headers=headers
    ).headers["ETag"]
    renamed = client.patch(
        url,
        headers={**headers, "If-Match": etag},
        json={"names": [{"family": "Doe", "given": "Jane"}], "organization": None},
    )
    assert renamed.status_code == 200
    assert (renamed.get_json()["names"][0]["given"], renamed.get_json()["organization"]) == (
        "Jane",
        None,
    )
    again = client.patch(url, headers={**headers, "If-Match": etag}, json={"bio": "late"})
    assert again.status_code == 412


def test_deleting_a_speaker_in_sessions_is_409(app, client, world, snapshot):
    answer = client.delete(
        f"{E.format(world.event)}/speakers/{world.speaker}", headers=world.headers("staff")
    )
    assert (answer.status_code, answer.get_json()["error"]["fields"]) == (
        409,
        {"speaker": "in sessions"},
    )
    assert _unchanged(app, snapshot)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"names": []}, "names"),
        ({"names": [{"family": ""}]}, "names"),
        ({"names": [{"script": "latin", "family": "X"}]}, "names"),
        ({"names": [{"family": "X"}], "email": "not-an-address"}, "email"),
        ({"names": [{"family": "X"}], "precedence": "3"}, "precedence"),
        ({"names": [{"family": "X"}], "precedence": -1}, "precedence"),
        ({"names": [{"family": "X"}], "organization": "nobody"}, "organization"),
        ({"names": [{"family": "X"}], "country": "China"}, "country"),
        ({"names": [{"family": "X"}], "slug": "Not A Slug"}, "slug"),
    ],
)
def test_register_speaker_with_bad_field_is_422(app, client, world, snapshot, body, field):
    answer = client.post(
        E.format(world.event) + "/speakers", headers=world.headers("staff"), json=body
    )
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]
    assert _unchanged(app, snapshot)


def test_duplicate_event_slug_is_409(app, client, world, snapshot):
    answer = client.post(
        "/api/v1/events",
        headers=world.headers("admin"),
        json={
            "slug": world.event,
            "name": "Again",
            "timezone": "Asia/Shanghai",
            "start_date": "2025-01-01",
        },
    )
    assert (answer.status_code, answer.get_json()["error"]["fields"]) == (409, {"slug": "taken"})
    assert _unchanged(app, snapshot)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"start_date": "2025-13-01"}, "start_date"),
        ({"end_date": "2024-01-01"}, "end_date"),
        ({"name": ""}, "name"),
        ({"languages": ["en", "???"]}, "languages"),
        ({"slug": "renamed"}, "slug"),
    ],
)
def test_edit_event_with_bad_field_is_422(app, client, world, snapshot, body, field):
    answer = client.patch(E.format(world.event), headers=world.headers("event_org"), json=body)
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]
    assert _unchanged(app, snapshot)


def test_duplicate_room_slug_is_409(app, client, world, snapshot):
    answer = client.post(
        E.format(world.event) + "/rooms",
        headers=world.headers("event_org"),
        json={"slug": world.room, "name": "Twin"},
    )
    assert answer.status_code == 409
    assert _unchanged(app, snapshot)


def test_deleting_a_forum_with_sessions_is_409(app, client, world, snapshot):
    answer = client.delete(
        f"{E.format(world.event)}/forums/{world.forum_a}", headers=world.headers("event_org")
    )
    assert answer.status_code == 409
    assert _unchanged(app, snapshot)


def test_deleting_a_room_in_use_is_409(app, client, world, snapshot):
    answer = client.delete(
        f"{E.format(world.event)}/rooms/{world.room}", headers=world.headers("event_org")
    )
    assert answer.status_code == 409
    assert _unchanged(app, snapshot)


def test_deleting_an_organization_with_speakers_is_409(app, client, world, snapshot):
    answer = client.delete(
        f"{E.format(world.event)}/organizations/{world.org}", headers=world.headers("event_org")
    )
    assert answer.status_code == 409
    assert _unchanged(app, snapshot)


def test_same_role_twice_is_409(app, client, world, snapshot):
    answer = client.post(
        E.format(world.event) + "/roles",
        headers=world.headers("event_org"),
        json={"organization": world.org, "role": "host"},
    )
    assert (answer.status_code, answer.get_json()["error"]["fields"]) == (409, {"role": "taken"})
    assert _unchanged(app, snapshot)


@pytest.mark.parametrize(
    "path", ["/roles/acme/sponsor", "/roles/nobody/host", "/forums/{forum_a}/roles/acme/host"]
)
def test_removing_a_role_that_is_not_there_is_404(client, world, path):
    url = E.format(world.event) + path.format(forum_a=world.forum_a)
    assert client.delete(url, headers=world.headers("event_org")).status_code == 404


def test_room_edit_with_stale_etag_is_412(app, client, world):
    headers = world.headers("event_org")
    etag = client.get(f"{E.format(world.event)}/draft/rooms/{world.room}", headers=headers).headers[
        "ETag"
    ]
    url = f"{E.format(world.event)}/rooms/{world.room}"
    assert (
        client.patch(url, headers={**headers, "If-Match": etag}, json={"capacity": 10}).status_code
        == 200
    )
    assert (
        client.patch(url, headers={**headers, "If-Match": etag}, json={"capacity": 20}).status_code
        == 412
    )
    draft = client.get(
        f"{E.format(world.event)}/draft/rooms/{world.room}", headers=headers
    ).get_json()
    assert draft["capacity"] == 10


def test_out_of_scope_staff_gets_403_even_for_unknown_objects(client, world):
    answer = client.patch(
        f"{E.format(world.event)}/sessions/no-such-uid",
        headers=world.headers("staff_other"),
        json={"title": "x"},
    )
    assert answer.status_code == 403
