"""schedule-v2.json: the c3voc version 2 file of the latest release."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.synthetic.generate import Size, generate

DEMO_FIRST = "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001"


def _errors(validator, document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_schedule_v2_of_demo_is_valid_against_schema2(client, demo, json2_validator, lang):
    response = client.get(f"/events/{demo}/schedule-v2.json?lang={lang}")
    assert (response.status_code, response.mimetype) == (200, "application/json")
    assert _errors(json2_validator, response.get_json()) == []


def test_schedule_v2_of_a_generated_2000_session_event_is_valid(app, client, json2_validator):
    with app.app_context():
        event = generate("big", Size(forums=40, sessions=2000, speakers=600, days=None), seed=1)
        publish(db.session.get(Event, event.id), actor=None, comment="generated")
        db.session.commit()
    document = client.get("/events/big/schedule-v2.json").get_json()
    assert _errors(json2_validator, document) == []
    with app.app_context():
        kept = db.session.scalar(select(Event).where(Event.slug == "big"))
        assert kept is not None
    assert len(document["schedule"]["events"]) > 1500


def test_schedule_v2_lists_rooms_tracks_events_and_persons(client, demo):
    schedule = client.get(f"/events/{demo}/schedule-v2.json").get_json()["schedule"]
    conference = schedule["conference"]
    assert [r["name"] for r in conference["rooms"]] == ["Forum Hall"]
    assert [t["slug"] for t in conference["tracks"]] == ["science-diplomacy"]
    assert len(schedule["events"]) == 4
    participants = {p["guid"]: p["name"] for e in schedule["events"] for p in e["participants"]}
    assert {p["guid"]: p["name"] for p in schedule["persons"]} == participants
    assert "Xue Lan" in participants.values()


def test_schedule_v2_first_demo_session_carries_every_field(client, demo):
    schedule = client.get(f"/events/{demo}/schedule-v2.json").get_json()["schedule"]
    first = schedule["events"][0]
    room = schedule["conference"]["rooms"][0]
    assert {k: v for k, v in first.items() if k not in ("abstract", "participants", "url")} == {
        "guid": DEMO_FIRST,
        "start": "2024-04-29T09:00:00+08:00",
        "end": "2024-04-29T09:20:00+08:00",
        "room": {"name": "Forum Hall", "slug": room["slug"], "guid": room["guid"]},
        "slug": f"zgc_forum_2024-{first['slug'].split('-')[1]}-opening-speech",
        "title": "Opening speech",
        "subtitle": None,
        "track": {"slug": "science-diplomacy"},
        "type": "TALK",
        "language": "en",
        "description": None,
        "links": [],
        "attachments": [],
    }
    assert [(p["name"], p["role"]) for p in first["participants"]] == [("Chen Jiachang", "SPEAKER")]


def test_schedule_v1_files_have_no_version_2_shape(client, demo):
    document = client.get(f"/events/{demo}/schedule.json").get_json()
    assert "events" not in document["schedule"]
    assert isinstance(document["schedule"]["conference"]["days"][0]["rooms"], dict)
