"""The workspace forms refuse what the API refuses (unstorable characters, overlong text, links
that are not http or https) with a readable message on the form, and write nothing."""

from __future__ import annotations

import lxml.html
import pytest

from eventsvc.extensions import db
from eventsvc.storable import MAX_LENGTH
from tests.factories import make_event, make_forum, make_user
from tests.web.manage.helpers import csrf_token, row_counts, sign_in


@pytest.fixture
def event(app, client):
    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {"slug": event.slug, "forum": forum.slug}


def _post(app, client, url: str, data: dict):
    with app.app_context():
        before = row_counts()
    answer = client.post(url, data={**data, "csrf_token": csrf_token(app, client)})
    with app.app_context():
        assert row_counts() == before
    errors = lxml.html.fromstring(answer.get_data(as_text=True)).xpath(
        '//*[contains(@class, "error")]//text()'
    )
    return answer.status_code, " ".join(errors)


def _session(**fields) -> dict:
    return {
        "title_en": "Opening",
        "kind": "speech",
        "status": "confirmed",
        "start": "2024-04-29T10:00",
        "end": "2024-04-29T11:00",
        "room": "",
        "save": "1",
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title_en": "Opening\x01"}, "title holds a character that cannot be stored (U+0001)"),
        ({"description_zh": "开幕\x1b[2J"}, "cannot be stored (U+001B)"),
        ({"title_en": "x" * (MAX_LENGTH["title"] + 1)}, "300"),
    ],
)
def test_session_form_refuses_unstorable_or_overlong_text(app, client, event, fields, message):
    url = f"/manage/events/{event['slug']}/forums/{event['forum']}/sessions/new"
    status, errors = _post(app, client, url, _session(**fields))
    assert status == 422
    assert message in errors


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AAAA", "/me.jpg"])
def test_speaker_form_refuses_a_photo_link_that_is_not_http(app, client, event, url):
    status, errors = _post(
        app,
        client,
        f"/manage/events/{event['slug']}/speakers/new",
        {
            "family_name": "Li",
            "given_name": "Lei",
            "name_order": "given_first",
            "name_order_zh": "family_first",
            "organization": "",
            "registration": "invited",
            "language": "",
            "photo_url": url,
        },
    )
    assert status == 422
    assert "photo_url must be an http:// or https:// address" in errors


def test_organization_form_refuses_a_javascript_website(app, client, event):
    status, errors = _post(
        app,
        client,
        f"/manage/events/{event['slug']}/organizations/new",
        {"slug": "evil", "name_en": "Evil", "website": "javascript:alert(1)"},
    )
    assert status == 422
    assert "website must be an http:// or https:// address" in errors


def test_the_form_tells_the_browser_each_limit(app, client, event):
    page = client.get(f"/manage/events/{event['slug']}/speakers/new").get_data(as_text=True)
    inputs = lxml.html.fromstring(page)
    (bio,) = inputs.xpath('//textarea[@name="bio_en"]/@maxlength')
    (family,) = inputs.xpath('//input[@name="family_name"]/@maxlength')
    assert (int(bio), int(family)) == (MAX_LENGTH["bio"], MAX_LENGTH["family"])
