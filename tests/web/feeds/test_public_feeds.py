"""The public feeds: what each holds, its headers, its language, its errors."""

from datetime import datetime

import pytest

from eventsvc.agenda import ical
from tests.icalcheck import calendar, parse
from tests.web.feeds.conftest import uid


def _uids(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return sorted(parse(response.data))


def test_event_feed_holds_every_session(client, conference):
    assert _uids(client, f"/events/{conference.event}/calendar.ics") == sorted(
        uid(conference, n) for n in ("opening", "talk", "panel")
    )


def test_forum_feed_holds_the_forums_sessions(client, conference):
    url = f"/events/{conference.event}/forums/{conference.forums[1]}/calendar.ics"
    assert _uids(client, url) == [uid(conference, "panel")]


def test_room_feed_holds_the_rooms_sessions(client, conference):
    url = f"/events/{conference.event}/rooms/{conference.rooms[0]}/calendar.ics"
    assert _uids(client, url) == sorted([uid(conference, "opening"), uid(conference, "panel")])


def test_speaker_feed_holds_the_speakers_sessions(client, conference):
    url = f"/events/{conference.event}/speakers/{conference.speaker}/calendar.ics"
    assert _uids(client, url) == [uid(conference, "opening")]


def test_session_feed_holds_that_session(client, conference):
    url = f"/events/{conference.event}/sessions/{conference.talk}.ics"
    assert _uids(client, url) == [uid(conference, "talk")]


def test_feed_names_the_calendar_after_its_selection(client, conference):
    body = client.get(f"/events/{conference.event}/speakers/{conference.speaker}/calendar.ics").data
    assert str(calendar(body)["X-WR-CALNAME"]) == "Lan Xue · Conf"


@pytest.mark.parametrize(
    "path",
    [
        "/events/nope/calendar.ics",
        "/events/{event}/forums/nope/calendar.ics",
        "/events/{event}/rooms/nope/calendar.ics",
        "/events/{event}/speakers/nope/calendar.ics",
        "/events/{event}/sessions/nope.ics",
    ],
)
def test_unknown_feed_is_a_readable_404(client, conference, path):
    response = client.get(path.format(event=conference.event))
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_unpublished_event_has_no_feed(app, client):
    from eventsvc.extensions import db
    from tests.factories import make_event, make_forum, make_session

    with app.app_context():
        event = make_event()
        make_session(make_forum(event))
        db.session.commit()
        slug = event.slug
    assert client.get(f"/events/{slug}/calendar.ics").status_code == 404


def test_feed_headers_suit_public_calendars(client, conference):
    response = client.get(f"/events/{conference.event}/calendar.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    etag, weak = response.get_etag()
    assert etag and not weak
    assert (
        response.headers["Cache-Control"]
        == "public, max-age=300, s-maxage=10, stale-while-revalidate=30"
    )
    assert "Accept-Language" in response.vary
    assert response.last_modified is not None


def test_language_comes_from_the_query_then_accept_language(client, conference):
    url = f"/events/{conference.event}/sessions/{conference.opening}.ics"
    summary = lambda r: parse(r.data)[uid(conference, "opening")]["summary"]  # noqa: E731
    assert summary(client.get(url, headers={"Accept-Language": "zh-CN,zh;q=0.9"})) == "开幕"
    assert summary(client.get(url + "?lang=en", headers={"Accept-Language": "zh-CN"})) == "Opening"
    assert summary(client.get(url + "?lang=zh")) == "开幕"
    assert summary(client.get(url)) == "Opening"


def test_languages_get_their_own_etags(client, conference):
    url = f"/events/{conference.event}/calendar.ics"
    assert (
        client.get(url + "?lang=en").headers["ETag"] != client.get(url + "?lang=zh").headers["ETag"]
    )


def test_uid_host_and_url_are_the_configured_ones_not_the_request_host(client, conference):
    url = f"/events/{conference.event}/sessions/{conference.talk}.ics"
    body = client.get(url, base_url="https://other.example.com").data
    assert list(parse(body)) == [uid(conference, "talk")]
    assert parse(body)[uid(conference, "talk")]["url"].startswith("http://localhost/events/")


def test_demo_feed_has_the_opening_at_nine_in_shanghai(client, demo):
    events = parse(client.get(f"/events/{demo}/calendar.ics").data)
    opening = events["6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001@eventsvc.local"]
    assert (opening["summary"], opening["tzid"], opening["start"].replace(tzinfo=None)) == (
        "Opening speech",
        "Asia/Shanghai",
        datetime(2024, 4, 29, 9, 0),
    )
    assert ical.PRODID == str(calendar(client.get(f"/events/{demo}/calendar.ics").data)["PRODID"])
