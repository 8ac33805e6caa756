"""A speaker's own page: every script of their name, position, country, bio, photo, sessions."""

from datetime import UTC, datetime

from eventsvc.releases.publish import publish
from eventsvc.sessions.models import SessionStatus
from tests.factories import make_event, make_forum, make_session, make_speaker

from .reading import DEMO, read

XUE = f"/events/{DEMO}/speakers/xue-lan"


def test_speaker_page_shows_the_name_in_every_script(client, demo):
    page = read(client, f"{XUE}?lang=en")
    assert (page.title, page.text("//h1")) == ("Xue Lan · Zhongguancun Forum 2024", "Xue Lan")
    assert page.texts("//ul[contains(@class,'names')]/li") == ["Xue Lan", "薛澜"]


def test_speaker_page_in_chinese_shows_position_and_country_in_chinese(client, demo):
    page = read(client, f"{XUE}?lang=zh")
    assert page.text("//h1") == "薛澜"
    assert page.text("//p[@class='position']") == "清华大学苏世民书院院长"
    assert page.text("//p[@class='country']") == "国家或地区：中国"


def test_speaker_page_lists_their_sessions_linked_to_session_pages(client, demo):
    page = read(client, f"{XUE}?lang=en")
    assert page.attrs("//ul[@class='their-sessions']/li/a/@href") == [
        f"/events/{DEMO}/sessions/6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0003?lang=en"
    ]


def test_speaker_page_offers_their_feed_at_the_top(client, demo):
    page = read(client, f"{XUE}?lang=en")
    assert page.attrs("//main//aside[@class='subscribe']//a/@href")[:1] == [
        f"webcal://localhost/events/{DEMO}/speakers/xue-lan/calendar.ics?lang=en"
    ]


def test_speaker_page_of_unknown_speaker_is_404(client, demo):
    assert client.get(f"/events/{DEMO}/speakers/nobody").status_code == 404


def test_speaker_page_shows_bio_and_photo_with_alt_text(client, in_app):
    with in_app() as db_session:
        event = make_event()
        person = make_speaker(
            event,
            family="Okafor",
            given="Ada",
            bio={"en": "Works on open science."},
            photo_url="https://photos.example.org/ada.jpg",
        )
        make_session(make_forum(event), speakers=[{"speaker": person}])
        publish(event, None)
        db_session.commit()
        url = f"/events/{event.slug}/speakers/{person.slug}?lang=en"
    page = read(client, url)
    assert page.text("//p[@class='bio']") == "Works on open science."
    assert page.attrs("//img[@class='photo']/@alt") == ["Photo of Ada Okafor"]


def test_speaker_whose_sessions_are_all_cancelled_says_so(client, in_app):
    with in_app() as db_session:
        event = make_event()
        person = make_speaker(event, family="Okafor")
        make_session(
            make_forum(event),
            start=datetime(2024, 4, 29, 1, 0, tzinfo=UTC),
            speakers=[{"speaker": person}],
            status=SessionStatus.CANCELLED,
        )
        publish(event, None)
        db_session.commit()
        slug, speaker = event.slug, person.slug
    page = read(client, f"/events/{slug}/speakers/{speaker}?lang=en")
    assert page.texts("//article//p[@class='status']") == [
        "Every session of this speaker has been cancelled."
    ]
    assert page.texts("//ul[@class='their-sessions']/li/span[@class='status']") == ["Cancelled"]
    listing = read(client, f"/events/{slug}/speakers?lang=en")
    assert listing.texts("//ul[@class='their-sessions']/li/span[@class='status']") == ["Cancelled"]
