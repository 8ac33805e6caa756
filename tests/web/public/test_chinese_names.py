"""Names as a Chinese reader expects them, the same in pages, feeds and schedule files.

Affiliation then title with no comma, the honorific after the name (never an English one),
a foreign name in characters given name first with a middle dot; English as it always was.
"""

from __future__ import annotations

import json
from datetime import datetime
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

from .reading import read

NAMES = "//ol[@class='speaker-list']/li/p"
PEOPLE = "//ul[@class='people']/li"


@pytest.fixture
def named(app):
    """One session with 王贻芳 (教授, and Prof. in English) and 法比奥拉·贾诺蒂 (only "Dr.").

    Gives the event's slug and 贾诺蒂's."""
    with app.app_context():
        event = make_event(name={"en": "Conf", "zh": "大会"})
        forum, room = make_forum(event), make_room(event)
        wang = make_speaker(
            event,
            names=[
                {"script": "Latn", "family": "Wang", "given": "Yifang", "family_first": True},
                {"script": "Hans", "family": "王", "given": "贻芳", "family_first": True},
            ],
            honorific={"en": "Prof.", "zh": "教授"},
            title={"en": "Vice Minister", "zh": "副部长"},
            affiliation={"en": "Ministry of Science and Technology", "zh": "科学技术部"},
            precedence=1,
        )
        gianotti = make_speaker(
            event,
            names=[
                {"script": "Latn", "family": "Gianotti", "given": "Fabiola"},
                {"script": "Hans", "family": "贾诺蒂", "given": "法比奥拉", "family_first": False},
            ],
            honorific={"en": "Dr."},
            title={"en": "Director-General", "zh": "总干事"},
            affiliation={"en": "CERN", "zh": "欧洲核子研究中心"},
            precedence=2,
        )
        talk = make_session(forum, start=datetime(2024, 4, 29, 9, 0), room=room)
        add_appearance(talk, wang)
        add_appearance(talk, gianotti)
        publish(event, None)
        db.session.commit()
        return event.slug, gianotti.slug


def test_speakers_page_in_chinese_follows_chinese_conventions(client, named):
    slug, _ = named
    page = read(client, f"/events/{slug}/speakers?lang=zh")
    assert page.texts(NAMES) == [
        "王贻芳教授，科学技术部副部长",
        "法比奥拉·贾诺蒂，欧洲核子研究中心总干事",
    ]


def test_speakers_page_in_english_is_unchanged(client, named):
    slug, _ = named
    page = read(client, f"/events/{slug}/speakers?lang=en")
    assert page.texts(NAMES) == [
        "Prof. Wang Yifang, Vice Minister, Ministry of Science and Technology",
        "Dr. Fabiola Gianotti, Director-General, CERN",
    ]


def test_agenda_in_chinese_follows_chinese_conventions(client, named):
    slug, _ = named
    page = read(client, f"/events/{slug}?lang=zh")
    assert page.texts(PEOPLE) == [
        "演讲嘉宾 王贻芳教授，科学技术部副部长",
        "演讲嘉宾 法比奥拉·贾诺蒂，欧洲核子研究中心总干事",
    ]


def _description(client, url: str) -> list[str]:
    calendar = Calendar.from_ical(client.get(url).data)
    (event,) = calendar.walk("VEVENT")
    return [line for line in str(event["description"]).split("\n") if line.startswith("- ")]


def test_feed_in_chinese_follows_chinese_conventions(client, named):
    slug, _ = named
    assert _description(client, f"/events/{slug}/calendar.ics?lang=zh") == [
        "- 王贻芳教授（演讲嘉宾），科学技术部副部长",
        "- 法比奥拉·贾诺蒂（演讲嘉宾），欧洲核子研究中心总干事",
    ]


def test_feed_in_english_is_unchanged_but_for_the_honorific(client, named):
    slug, _ = named
    assert _description(client, f"/events/{slug}/calendar.ics?lang=en") == [
        "- Prof. Wang Yifang (speaker), Vice Minister, Ministry of Science and Technology",
        "- Dr. Fabiola Gianotti (speaker), Director-General, CERN",
    ]


def test_speaker_feed_name_in_chinese_puts_given_name_first_with_middle_dot(client, named):
    slug, gianotti = named
    url = f"/events/{slug}/speakers/{gianotti}/calendar.ics?lang=zh"
    calendar = Calendar.from_ical(client.get(url).data)
    assert str(calendar["x-wr-calname"]) == "法比奥拉·贾诺蒂 · 大会"


def test_schedule_xml_in_chinese_writes_foreign_name_with_middle_dot(client, named):
    slug, _ = named
    root = ElementTree.fromstring(client.get(f"/events/{slug}/schedule.xml?lang=zh").data)
    assert [p.text for p in root.iter("person")] == ["王贻芳", "法比奥拉·贾诺蒂"]


def test_schedule_json_in_chinese_writes_foreign_name_with_middle_dot(client, named):
    slug, _ = named
    schedule = json.loads(client.get(f"/events/{slug}/schedule.json?lang=zh").data)
    persons = [
        p["public_name"]
        for day in schedule["schedule"]["conference"]["days"]
        for talks in day["rooms"].values()
        for talk in talks
        for p in talk["persons"]
    ]
    assert persons == ["王贻芳", "法比奥拉·贾诺蒂"]
