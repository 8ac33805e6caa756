"""schedule.xml and schedule.json: valid c3voc files of the latest release, cached, conditional."""

from __future__ import annotations

import json

import pytest
from lxml import etree
from sqlalchemy import select

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import SessionStatus, Talk

from .helpers import json_events, published_event, xml_events

_SUFFIX = {"xml": ".xml", "json": ".json", "v2.json": "-v2.json"}
DEMO_UIDS = [f"6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e000{n}" for n in range(1, 5)]


def test_schedule_xml_of_demo_is_valid_against_the_xsd(client, demo, xml_schema):
    response = client.get(f"/events/{demo}/schedule.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert xml_schema.validate(etree.fromstring(response.data)), xml_schema.error_log


def test_schedule_json_of_demo_is_valid_against_the_schema(client, demo, json_validator):
    response = client.get(f"/events/{demo}/schedule.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert [e.message for e in json_validator.iter_errors(response.get_json())] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_schedule_files_of_generated_event_are_valid(app, client, xml_schema, json_validator, lang):
    slug = published_event(app, forums=3, rooms=2, per_forum=4)
    xml = client.get(f"/events/{slug}/schedule.xml?lang={lang}")
    assert xml_schema.validate(etree.fromstring(xml.data)), xml_schema.error_log
    document = client.get(f"/events/{slug}/schedule.json?lang={lang}").get_json()
    assert [e.message for e in json_validator.iter_errors(document)] == []
    assert len(json_events(document)) == len(xml_events(xml.data)) == 12


def test_schedule_json_first_demo_session_carries_every_field(client, demo):
    document = client.get(f"/events/{demo}/schedule.json").get_json()
    first = json_events(document)[0]
    persons = first.pop("persons")
    assert first == {
        "guid": DEMO_UIDS[0],
        "id": first["id"],
        "date": "2024-04-29T09:00:00+08:00",
        "start": "09:00",
        "duration": "00:20",
        "room": "Forum Hall",
        "slug": f"zgc_forum_2024-{first['id']}-opening-speech",
        "url": f"http://localhost/events/zgc-forum-2024/sessions/{DEMO_UIDS[0]}",
        "title": "Opening speech",
        "subtitle": "",
        "track": "International Forum on Science and Diplomacy",
        "type": "opening",
        "language": None,
        "abstract": first["abstract"],
        "description": "",
        "do_not_record": False,
        "links": [],
        "attachments": [],
    }
    assert first["abstract"].startswith("Four suggestions: expand opening-up and cooperation")
    assert [p["public_name"] for p in persons] == ["Chen Jiachang"]
    assert all(isinstance(p["id"], int) for p in persons)


def test_schedule_json_conference_describes_the_event(client, demo):
    conference = client.get(f"/events/{demo}/schedule.json").get_json()["schedule"]["conference"]
    days = conference.pop("days")
    assert conference == {
        "acronym": "zgc_forum_2024",
        "title": "Zhongguancun Forum 2024",
        "start": "2024-04-25",
        "end": "2024-04-29",
        "daysCount": 5,
        "timeslot_duration": "00:05",
        "time_zone_name": "Asia/Shanghai",
        "url": "http://localhost/events/zgc-forum-2024",
        "rooms": [{"name": "Forum Hall", "guid": conference["rooms"][0]["guid"], "capacity": None}],
        "tracks": [{"name": "International Forum on Science and Diplomacy"}],
    }
    assert [(d["index"], d["date"], d["day_start"], d["day_end"]) for d in days][-1] == (
        5,
        "2024-04-29",
        "2024-04-29T00:00:00+08:00",
        "2024-04-29T23:59:00+08:00",
    )


def test_schedule_guids_are_the_session_uids(client, demo):
    xml = client.get(f"/events/{demo}/schedule.xml").data
    document = client.get(f"/events/{demo}/schedule.json").get_json()
    assert [e["guid"] for e in xml_events(xml)] == DEMO_UIDS
    assert [e["guid"] for e in json_events(document)] == DEMO_UIDS


def test_schedule_xml_in_chinese_names_speakers_in_chinese(client, demo):
    events = xml_events(client.get(f"/events/{demo}/schedule.xml?lang=zh").data)
    assert events[0]["title"] == "开幕致辞"
    assert events[0]["persons"] == ["陈家昌"]
    assert events[0]["track"] == "科学与外交国际论坛"


def test_schedule_leaves_out_cancelled_sessions_and_sessions_without_room(app, client):
    slug = published_event(app, forums=1, rooms=1, per_forum=3)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        talks = db.session.scalars(
            select(Talk).where(Talk.event_id == event.id).order_by(Talk.start_at)
        ).all()
        talks[0].status = SessionStatus.CANCELLED
        talks[1].room = None
        publish(event, actor=None, comment="changes")
        db.session.commit()
        kept = talks[2].uid
    document = client.get(f"/events/{slug}/schedule.json").get_json()
    assert [e["guid"] for e in json_events(document)] == [kept]


def test_schedule_shows_the_release_not_the_working_agenda(app, client, demo):
    with app.app_context():
        talk = db.session.scalar(select(Talk).where(Talk.uid == DEMO_UIDS[0]))
        talk.title = {"en": "Draft title"}
        db.session.commit()
    events = xml_events(client.get(f"/events/{demo}/schedule.xml").data)
    assert events[0]["title"] == "Opening speech"


def test_schedule_answers_304_when_etag_matches(client, demo):
    for fmt in ("xml", "json"):
        first = client.get(f"/events/{demo}/schedule.{fmt}")
        again = client.get(
            f"/events/{demo}/schedule.{fmt}", headers={"If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304
        assert first.headers["Access-Control-Allow-Origin"] == "*"


def test_schedule_of_unpublished_or_unknown_event_is_404(app, client):
    from tests.factories import make_event

    with app.app_context():
        slug = make_event().slug
        db.session.commit()
    for path in (f"/events/{slug}/schedule.xml", "/events/nope/schedule.json"):
        assert client.get(path).status_code == 404


def test_schedule_json_body_is_the_same_bytes_for_the_same_release(client, demo):
    first = client.get(f"/events/{demo}/schedule.json").data
    assert client.get(f"/events/{demo}/schedule.json").data == first
    assert json.loads(first)["schedule"]["version"] == "release 1"


@pytest.mark.parametrize("fmt", ["xml", "json", "v2.json"])
def test_schedule_query_count_is_fixed_whatever_the_size(app, client, count_queries, fmt):
    counts = []
    for per_forum in (1, 8):
        slug = published_event(app, forums=2, rooms=2, per_forum=per_forum)
        with count_queries() as cold:
            assert client.get(f"/events/{slug}/schedule{_SUFFIX[fmt]}").status_code == 200
        with count_queries() as warm:
            assert client.get(f"/events/{slug}/schedule{_SUFFIX[fmt]}").status_code == 200
        counts.append((cold.count, warm.count))
    assert counts[0] == counts[1]
    assert counts[0][1] == 1


@pytest.mark.parametrize(
    "lang, label",
    [
        ("en", "Schedule files for conference apps:"),
        ("zh", "供会议应用使用的日程文件："),
    ],
)
def test_agenda_page_links_both_schedule_files(client, demo, lang, label):
    import html5lib

    page = html5lib.parse(
        client.get(f"/events/{demo}?lang={lang}").data, namespaceHTMLElements=False
    )
    [paragraph] = page.findall(".//p[@class='interchange']")
    assert paragraph.text.strip() == label
    links = [a.get("href") for a in paragraph.findall("a")]
    assert links == [
        f"/events/{demo}/schedule.xml?lang={lang}",
        f"/events/{demo}/schedule.json?lang={lang}",
    ]
    for link in links:
        assert client.get(link).status_code == 200


def test_schedule_json_keeps_sessions_of_rooms_sharing_a_name(app, client):
    # Each day has one session of each forum, one in each room.
    slug = published_event(app, forums=2, rooms=2, per_forum=2)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        for room in event.rooms:
            room.name = {"en": "Hall"}
        publish(event, actor=None, comment="rooms renamed")
        db.session.commit()
    days = client.get(f"/events/{slug}/schedule.json").get_json()["schedule"]["conference"]["days"]
    halls = [[e["date"] for e in day["rooms"]["Hall"]] for day in days if day["rooms"]]
    assert [len(h) for h in halls] == [2, 2]
    assert all(h == sorted(h) for h in halls)
