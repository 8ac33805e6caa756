"""Input that cannot break the API: unencodable text, overlong fields, links that are not
http(s) and malformed If-Match are refused with a JSON error, and nothing is written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from eventsvc.events.models import Event, Organization
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.speakers.models import Speaker
from eventsvc.storable import MAX_LENGTH
from tests.web.api.world import contents

E = "/api/v1/events/{}"
LONE_SURROGATE = '"\\ud800"'  # JSON text: a string holding U+D800 alone, not UTF-8 encodable


@pytest.fixture
def org(world):
    return world.headers("event_org")


@pytest.fixture
def before(app, world):
    with app.app_context():
        return contents()


def _unchanged(app, before) -> bool:
    with app.app_context():
        return contents() == before


def _raw(client, method: str, url: str, headers: dict, body: str):
    """JSON sent as written: json= would refuse to encode a lone surrogate itself."""
    return client.open(
        url, method=method, headers=headers, data=body.encode(), content_type="application/json"
    )


def _session(world):
    return f"{E.format(world.event)}/sessions/{world.session_a}"


def test_lone_surrogate_in_a_session_patch_is_refused(app, client, world, org, before):
    answer = _raw(client, "PATCH", _session(world), org, f'{{"title": {LONE_SURROGATE}}}')
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"title": "invalid"}
    assert "U+D800" in answer.get_json()["error"]["message"]
    assert _unchanged(app, before)


def test_lone_surrogate_deep_in_a_body_is_refused_on_its_field(app, client, world, org, before):
    body = (
        f'{{"speakers": [{{"speaker": "{world.speaker}", "title": {{"en": {LONE_SURROGATE}}}}}]}}'
    )
    answer = _raw(client, "PATCH", _session(world), org, body)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"speakers": "invalid"}
    assert _unchanged(app, before)


def test_lone_surrogate_in_a_new_speaker_is_refused(app, client, world, org, before):
    body = '{"names": [{"family": "Chen", "given": ' + LONE_SURROGATE + "}]}"
    answer = _raw(client, "POST", f"{E.format(world.event)}/speakers", org, body)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"names": "invalid"}
    assert _unchanged(app, before)


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_are_refused(app, client, world, org, before, char):
    answer = client.patch(_session(world), headers=org, json={"description": f"a{char}b"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"description": "invalid"}
    assert _unchanged(app, before)


def test_tabs_and_line_breaks_are_text(client, world, org):
    answer = client.patch(_session(world), headers=org, json={"description": "one\n\ttwo\r\n"})
    assert answer.status_code == 200


def test_a_title_of_100000_characters_is_refused(app, client, world, org, before):
    answer = client.post(
        f"{E.format(world.event)}/sessions",
        headers=org,
        json={
            "forum": world.forum_a,
            "title": "x" * 100_000,
            "start": "2024-04-29T14:00",
            "end": "2024-04-29T15:00",
        },
    )
    assert answer.status_code == 422
    assert "title" in answer.get_json()["error"]["fields"]
    assert _unchanged(app, before)


def test_each_language_of_a_title_is_bounded(app, client, world, org, before):
    limit = MAX_LENGTH["title"]
    too_long = client.patch(
        _session(world), headers=org, json={"title": {"zh": "题" * (limit + 1)}}
    )
    assert too_long.status_code == 422
    assert "title" in too_long.get_json()["error"]["fields"]
    assert _unchanged(app, before)
    longest = client.patch(_session(world), headers=org, json={"title": {"zh": "题" * limit}})
    assert longest.status_code == 200


def test_long_text_is_bounded_too(app, client, world, org, before):
    answer = client.patch(
        f"{E.format(world.event)}/speakers/{world.speaker}",
        headers=org,
        json={"bio": "y" * (MAX_LENGTH["bio"] + 1)},
    )
    assert answer.status_code == 422
    assert "bio" in answer.get_json()["error"]["fields"]
    assert _unchanged(app, before)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/photos/chen.jpg",
        "www.example.org/chen.jpg",
        "ftp://example.org/chen.jpg",
        "https://",
        "https://exa mple.org/chen.jpg",
    ],
)
def test_a_photo_url_must_be_http_or_https(app, client, world, org, before, url):
    answer = client.patch(
        f"{E.format(world.event)}/speakers/{world.speaker}", headers=org, json={"photo_url": url}
    )
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {"photo_url": "invalid"}
    assert _unchanged(app, before)


def test_an_http_photo_url_is_kept(client, world, org):
    url = "https://example.org/photos/chen.jpg?size=2"
    answer = client.patch(
        f"{E.format(world.event)}/speakers/{world.speaker}", headers=org, json={"photo_url": url}
    )
    assert answer.status_code == 200
    assert answer.get_json()["photo_url"] == url


def test_an_organization_website_must_be_http_or_https(app, client, world, org, before):
    created = client.post(
        f"{E.format(world.event)}/organizations",
        headers=org,
        json={"slug": "evil", "name": "Evil", "website": "javascript:alert(document.cookie)"},
    )
    assert created.status_code == 422
    assert created.get_json()["error"]["fields"] == {"website": "invalid"}
    edited = client.patch(
        f"{E.format(world.event)}/organizations/{world.org}",
        headers=org,
        json={"website": "javascript:alert(1)"},
    )
    assert edited.status_code == 422
    assert _unchanged(app, before)


@pytest.mark.parametrize("value", ['"', "", ",", "talk-1-1", '"talk-1-1", "', 'W/"x" y'])
def test_a_malformed_if_match_is_a_400_and_writes_nothing(app, client, world, org, before, value):
    answer = client.patch(
        _session(world), headers={**org, "If-Match": value}, json={"title": "Overwritten"}
    )
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "bad_request"
    assert "If-Match" in answer.get_json()["error"]["message"]
    assert _unchanged(app, before)


def test_a_malformed_if_match_keeps_a_delete_from_happening(app, client, world, org, before):
    answer = client.delete(
        f"{E.format(world.event)}/speakers/{world.speaker_unused}", headers={**org, "If-Match": ","}
    )
    assert answer.status_code == 400
    assert _unchanged(app, before)


def test_if_match_star_still_matches_any_version(client, world, org):
    answer = client.patch(_session(world), headers={**org, "If-Match": "*"}, json={"title": "X"})
    assert answer.status_code == 200


def test_a_list_of_entity_tags_holding_the_current_one_matches(client, world, org):
    tag = client.get(
        f"{E.format(world.event)}/draft/sessions/{world.session_a}", headers=org
    ).headers["ETag"]
    answer = client.patch(
        _session(world), headers={**org, "If-Match": f'W/"old", {tag}'}, json={"title": "Renamed"}
    )
    assert answer.status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("DELETE", "/api/v1/events", {"GET", "POST"}),
        ("PUT", "/api/v1/events/{event}/sessions", {"GET", "POST"}),
        ("POST", "/api/v1/events/{event}/agenda", {"GET"}),
        ("DELETE", "/", {"GET"}),
        ("POST", "/events/{event}", {"GET"}),
    ],
)
def test_a_405_says_which_methods_are_allowed(client, world, method, url, allowed):
    answer = client.open(url.format(event=world.event), method=method)
    assert answer.status_code == 405
    assert allowed <= {m.strip() for m in answer.headers["Allow"].split(",")}
    if url.startswith("/api/"):
        assert answer.get_json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("q", ["%ED%A0%80", "%00", "a%01b", "%C0%AF", "%FF%FE"])
def test_search_never_fails_on_odd_queries(client, world, q):
    for url in (f"{E.format(world.event)}/search?q={q}", f"/events/{world.event}/search?q={q}"):
        answer = client.get(url)
        assert answer.status_code < 500, url


def test_the_error_body_of_a_refused_surrogate_is_json(client, world, org):
    answer = _raw(client, "PATCH", _session(world), org, f'{{"title": {LONE_SURROGATE}}}')
    json.loads(answer.get_data())  # encodable: the refused text is never echoed raw


def test_the_public_api_never_hands_on_a_stored_link_that_is_not_http(app, client, world):
    """Rows written before links had to be http(s) (straight into the database here)."""
    with app.app_context():
        db.session.execute(update(Speaker).values(photo_url="javascript:alert(1)"))
        db.session.execute(update(Organization).values(website="data:text/html,<script>"))
        publish(db.session.scalar(select(Event).where(Event.slug == world.event)), None)
        db.session.commit()
    speaker = client.get(f"{E.format(world.event)}/speakers/{world.speaker}").get_json()
    assert speaker["photo_url"] is None
    orgs = client.get(f"{E.format(world.event)}/organizations").get_json()["items"]
    assert orgs and {o["website"] for o in orgs} == {None}
