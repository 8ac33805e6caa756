"""A session's own page: what, when, where, who, what changed, and how to take it home."""

from datetime import UTC, datetime

import lxml.etree

from eventsvc.releases.publish import publish
from eventsvc.sessions.models import SessionStatus, Talk
from tests.factories import make_event, make_forum, make_room, make_session
from tests.icalcheck import parse

from .reading import DEMO, FORUM, read

OPENING = "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001"
PAGE = f"/events/{DEMO}/sessions/{OPENING}"


def test_session_page_shows_time_room_forum_and_theme(client, demo):
    page = read(client, f"{PAGE}?lang=en")
    assert page.title == "Opening speech · Zhongguancun Forum 2024"
    assert page.text("//h1") == "Opening speech"
    assert page.texts("//dl[@class='facts']/dd") == [
        "Monday, April 29, 2024 09:00–09:20",
        "Forum Hall",
        "International Forum on Science and Diplomacy"
        "Theme: Promoting Open Innovation, Cooperation for Mutual Benefits",
    ]


def test_session_page_links_each_speaker_to_their_page(client, demo):
    page = read(client, f"{PAGE}?lang=zh")
    assert page.texts("//article//ul[@class='people']/li") == ["演讲嘉宾 陈家昌，科学技术部副部长"]
    assert page.attrs("//article//ul[@class='people']/li/a/@href") == [
        f"/events/{DEMO}/speakers/chen-jiachang?lang=zh"
    ]


def test_session_page_offers_ics_webcal_and_google(client, demo):
    page = read(client, f"{PAGE}?lang=en")
    links = page.attrs("//ul[contains(@class,'add-to-calendar')]//a[not(@class='star-link')]/@href")
    assert links == [
        f"http://localhost/events/{DEMO}/sessions/{OPENING}.ics?lang=en",
        f"webcal://localhost/events/{DEMO}/sessions/{OPENING}.ics?lang=en",
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Opening+speech"
        "&dates=20240429T010000Z%2F20240429T012000Z&location=Forum+Hall%2C+Beijing%2C+China"
        f"&details=http%3A%2F%2Flocalhost%2Fevents%2F{DEMO}%2Fsessions%2F{OPENING}",
    ]


def test_session_page_of_unknown_uid_is_404(client, demo):
    assert client.get(f"/events/{DEMO}/sessions/no-such-session").status_code == 404


def test_every_listing_links_sessions_to_their_page(client, demo):
    for url in (f"/events/{DEMO}", f"/events/{DEMO}/forums/{FORUM}", f"/events/{DEMO}/timetable"):
        page = read(client, f"{url}?lang=en")
        assert f"/events/{DEMO}/sessions/{OPENING}?lang=en" in page.attrs("//a/@href"), url
    speakers = read(client, f"/events/{DEMO}/speakers?lang=en")
    assert f"/events/{DEMO}/sessions/{OPENING}?lang=en" in speakers.attrs("//a/@href")


def test_every_link_to_a_session_anywhere_leads_to_its_page(client, demo):
    """Pages, feeds and schedule files: whatever names the opening links to its own page
    (beside its .ics file and the star's way to sign in), never to a place in the agenda."""
    pages = (
        f"/events/{DEMO}",
        f"/events/{DEMO}?day=all",
        f"/events/{DEMO}/forums/{FORUM}",
        f"/events/{DEMO}/timetable",
        f"/events/{DEMO}/speakers",
        f"/events/{DEMO}/speakers/chen-jiachang",
        f"/events/{DEMO}/changes",
        f"/events/{DEMO}/search?q=opening",
        f"/events/{DEMO}/now?at=2024-04-29T09:05",
        f"/events/{DEMO}/rooms/forum-hall/display?at=2024-04-29T09:05",
    )
    found = {}
    for url in pages:
        hrefs = read(client, f"{url}{'&' if '?' in url else '?'}lang=en").attrs("//a/@href")
        found[url] = {
            h for h in hrefs if OPENING in h and ".ics" not in h and not h.startswith("/login")
        }
    assert found == {url: {f"{PAGE}?lang=en"} for url in pages}
    session_url = f"http://localhost{PAGE}"
    feed = parse(client.get(f"/events/{DEMO}/calendar.ics").data)
    assert feed[f"{OPENING}@eventsvc.local"]["url"] == session_url
    xml = lxml.etree.fromstring(client.get(f"/events/{DEMO}/schedule.xml").data)
    assert xml.xpath(f"//event[@guid='{OPENING}']/url/text()") == [session_url]
    for version in ("schedule.json", "schedule-v2.json"):
        assert session_url in client.get(f"/events/{DEMO}/{version}").get_data(as_text=True)


def test_session_api_answers_the_session(client, demo):
    body = client.get(f"/api/v1/events/{DEMO}/sessions/{OPENING}").get_json()
    assert (body["uid"], body["title"]["en"], body["forum"]) == (OPENING, "Opening speech", FORUM)


def _twice_published(in_app, change) -> tuple[str, str]:
    with in_app() as db_session:
        event = make_event()
        forum = make_forum(event)
        room, other = make_room(event), make_room(event, name={"en": "Hall B"})
        talk = make_session(forum, start=datetime(2024, 4, 29, 1, 0, tzinfo=UTC), room=room)
        publish(event, None)
        db_session.commit()
        change(db_session.get(Talk, talk.id), other)
        publish(event, None)
        db_session.commit()
        return event.slug, talk.uid


def test_session_page_says_which_release_changed_it(client, in_app):
    def move(talk, other):
        talk.room = other

    slug, uid = _twice_published(in_app, move)
    page = read(client, f"/events/{slug}/sessions/{uid}?lang=en")
    assert page.text("//p[@class='changed']") == "Changed in release 2: Moved to another room"
    assert page.attrs("//p[@class='changed']/a/@href") == [f"/events/{slug}/changes?lang=en"]


def test_session_page_of_an_unchanged_session_says_nothing_changed(client, demo):
    assert read(client, f"{PAGE}?lang=en").texts("//p[@class='changed']") == []


def test_cancelled_session_page_says_cancelled(client, in_app):
    def cancel(talk, other):
        talk.status = SessionStatus.CANCELLED

    slug, uid = _twice_published(in_app, cancel)
    page = read(client, f"/events/{slug}/sessions/{uid}?lang=en")
    assert (page.text("//h1/del"), page.text("//p[@class='meta']/span[1]")) == (
        "A session",
        "Cancelled",
    )
