"""The session form: its speakers, their roles and order chosen in the form that creates the
session, found by a search that works without JavaScript, all saved in one transaction."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from eventsvc.audit.models import AuditEntry
from eventsvc.events.models import Event, Forum
from eventsvc.extensions import db
from eventsvc.sessions.models import Appearance, Talk
from eventsvc.sessions.services import update_session
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import csrf_token, fingerprint, sign_in


@pytest.fixture
def world(app, client):
    """A forum starting on 2024-04-27, a room, three speakers; signed in as the organizer."""
    with app.app_context():
        event = make_event()
        forum = make_forum(event, start_date=date(2024, 4, 27), end_date=date(2024, 4, 28))
        room = make_room(event, name={"en": "Hall", "zh": "大厅"})
        wang = make_speaker(
            event,
            names=[
                {"script": "Latn", "family": "Wang", "given": "Yifang", "family_first": True},
                {"script": "Hans", "family": "王", "given": "贻芳", "family_first": True},
            ],
        )
        xue = make_speaker(event, names=[{"script": "Hans", "family": "薛", "given": "澜"}])
        other = make_speaker(event, family="Other", given="Olga")
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {
            "new": f"/manage/events/{event.slug}/forums/{forum.slug}/sessions/new",
            "find": f"/manage/events/{event.slug}/speakers/find",
            "event": event.slug,
            "room": room.slug,
            "wang": wang.slug,
            "xue": xue.slug,
            "other": other.slug,
        }


def _fields(**extra) -> dict:
    return {
        "title_en": "Science diplomacy",
        "kind": "panel",
        "status": "confirmed",
        "start": "2024-04-27T10:00",
        "end": "2024-04-27T11:00",
        "room": "",
        **extra,
    }


def _lineup(page: str) -> list[str]:
    return re.findall(r'name="speakers-\d+-speaker" type="hidden" value="([^"]+)"', page)


def _offered(page: str) -> list[str]:
    return re.findall(r'<button type="submit" name="add" value="([^"]+)"', page)


def test_session_is_created_with_its_speakers_roles_and_order_in_one_post(app, client, world):
    response = client.post(
        world["new"],
        data=_fields(
            save="1",
            csrf_token=csrf_token(app, client),
            **{
                "speakers-0-speaker": world["xue"],
                "speakers-0-role": "panelist",
                "speakers-0-order": "2",
                "speakers-1-speaker": world["wang"],
                "speakers-1-role": "moderator",
                "speakers-1-order": "1",
            },
        ),
    )
    with app.app_context():
        talk = db.session.scalar(select(Talk))
        lineup = [(a.speaker.slug, a.role.value, a.position) for a in talk.appearances]
        entries = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_type == "session")
        ).all()
    assert (response.status_code, lineup, entries) == (
        302,
        [(world["wang"], "moderator", 0), (world["xue"], "panelist", 1)],
        ["created"],
    )


def test_find_narrows_the_speakers_offered_and_writes_nothing(app, client, world):
    with app.app_context():
        before = fingerprint()
    response = client.post(
        world["new"], data=_fields(find="xue lan", csrf_token=csrf_token(app, client))
    )
    with app.app_context():
        after = fingerprint()
    assert (response.status_code, _offered(response.get_data(as_text=True)), after) == (
        200,
        [world["xue"]],
        before,
    )


def test_add_puts_the_speaker_on_the_form_and_no_longer_offers_them(app, client, world):
    response = client.post(
        world["new"],
        data=_fields(add=world["wang"], find="", csrf_token=csrf_token(app, client)),
    )
    page = response.get_data(as_text=True)
    assert (_lineup(page), _offered(page)) == ([world["wang"]], [world["other"], world["xue"]])


def test_remove_takes_the_speaker_off_the_form_and_keeps_the_rest(app, client, world):
    response = client.post(
        world["new"],
        data=_fields(
            remove="0",
            csrf_token=csrf_token(app, client),
            **{"speakers-0-speaker": world["wang"], "speakers-1-speaker": world["xue"]},
        ),
    )
    assert _lineup(response.get_data(as_text=True)) == [world["xue"]]


def test_form_keeps_what_was_typed_across_a_search(app, client, world):
    response = client.post(
        world["new"], data=_fields(find="wang", csrf_token=csrf_token(app, client))
    )
    assert 'value="Science diplomacy"' in response.get_data(as_text=True)


def test_unknown_speaker_is_refused_and_nothing_is_written(app, client, world):
    with app.app_context():
        before = fingerprint()
    response = client.post(
        world["new"],
        data=_fields(
            save="1",
            csrf_token=csrf_token(app, client),
            **{"speakers-0-speaker": world["wang"], "speakers-1-speaker": "nobody"},
        ),
    )
    with app.app_context():
        after = fingerprint()
    assert (response.status_code, after) == (422, before)
    assert "No such speaker in this event: nobody." in response.get_data(as_text=True)


def test_a_speaker_listed_twice_is_refused_and_nothing_is_written(app, client, world):
    with app.app_context():
        before = fingerprint()
    response = client.post(
        world["new"],
        data=_fields(
            save="1",
            csrf_token=csrf_token(app, client),
            **{"speakers-0-speaker": world["wang"], "speakers-1-speaker": world["wang"]},
        ),
    )
    with app.app_context():
        after = fingerprint()
    assert (response.status_code, after) == (422, before)


def test_new_session_form_starts_on_the_forums_first_day(client, world):
    page = client.get(world["new"]).get_data(as_text=True)
    assert re.findall(
        r'name="(start|end)" required type="datetime-local" value="([^"]+)"', page
    ) == [
        ("start", "2024-04-27T09:00"),
        ("end", "2024-04-27T10:00"),
    ]


def test_session_form_labels_the_place_of_a_speaker_order(client, world):
    page = client.get(world["new"] + "?lang=zh").get_data(as_text=True)
    assert ("<th>排序</th>" in page, "Position" in page, "位置" in page) == (True, False, False)


@pytest.mark.parametrize(("lang", "label"), [("en", "Forum: "), ("zh", "论坛：")])
def test_session_form_labels_take_their_languages_colon(client, world, lang, label):
    page = client.get(world["new"], query_string={"lang": lang}).get_data(as_text=True)
    assert re.findall(r"<p>([^<]*)<a href=\"/manage/events/[^\"]+/forums/", page) == [label]


@pytest.mark.parametrize(("lang", "first"), [("en", "title_en"), ("zh", "title_zh")])
def test_session_form_asks_for_the_readers_language_first(client, world, lang, first):
    page = client.get(world["new"], query_string={"lang": lang}).get_data(as_text=True)
    assert re.findall(r'name="(title_\w+|description_\w+)"', page)[::2] == [
        first,
        first.replace("title", "description"),
    ]


def test_session_form_offers_rooms_by_name(client, world):
    page = client.get(world["new"]).get_data(as_text=True)
    assert f'<option value="{world["room"]}">Hall</option>' in page


def test_saving_the_edit_form_keeps_a_speakers_title_for_the_session(app, client, world):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == world["event"]))
        forum = db.session.scalar(select(Forum).where(Forum.event_id == event.id))
        wang = db.session.scalar(select(Speaker).where(Speaker.slug == world["wang"]))
        talk = make_session(forum)
        update_session(talk, {"speakers": [{"speaker": wang, "title": "Chair"}]})
        db.session.commit()
        url, version = f"/manage/events/{event.slug}/sessions/{talk.uid}/edit", talk.version
    client.post(
        url,
        data=_fields(
            save="1",
            version=str(version),
            csrf_token=csrf_token(app, client),
            **{"speakers-0-speaker": world["wang"], "speakers-1-speaker": world["xue"]},
        ),
    )
    with app.app_context():
        titles = {a.speaker.slug: a.title for a in db.session.scalars(select(Appearance))}
    assert titles == {world["wang"]: {"en": "Chair"}, world["xue"]: None}


def test_speaker_search_answers_json_leaving_out_the_chosen(client, world):
    answer = client.get(world["find"], query_string={"q": "", "exclude": world["wang"]}).json
    assert [s["slug"] for s in answer["speakers"]] == [world["other"], world["xue"]]
