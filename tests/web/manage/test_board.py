"""The board: a day as rooms x time, and the move form its script posts."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from eventsvc.extensions import db
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import add_appearance
from eventsvc.web.manage.board import build_grid
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import csrf_token, fingerprint, sign_in


@pytest.fixture
def world(app, client):
    """Two rooms; "Talk" in the hall 09:00-09:30 and "Other" in the annex 10:00-10:30 on
    2024-04-26, sharing a speaker; signed in as the event's organizer."""
    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        hall = make_room(event, name={"en": "Hall"})
        annex = make_room(event, name={"en": "Annex"})
        both = make_speaker(event)
        talk = make_session(forum, start=datetime(2024, 4, 26, 9), room=hall, title={"en": "Talk"})
        other = make_session(
            forum, start=datetime(2024, 4, 26, 10), room=annex, title={"en": "Other"}
        )
        add_appearance(talk, both)
        add_appearance(other, both)
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {
            "board": f"/manage/events/{event.slug}/board?day=2024-04-26",
            "move": f"/manage/events/{event.slug}/sessions/{talk.uid}/move",
            "uid": talk.uid,
            "version": talk.version,
            "annex": annex.slug,
        }


def _placed(page: str) -> list[tuple[str, str]]:
    """(grid column, title) of each session on the board."""
    return re.findall(
        r'style="grid-column: (\d+); grid-row: [^"]+" data-uid=.*?/edit">([^<]+)<', page, re.S
    )


def _where(app, uid):
    with app.app_context():
        talk = db.session.scalar(select(Talk).where(Talk.uid == uid))
        return (
            talk.start_at.strftime("%H:%M"),
            talk.end_at.strftime("%H:%M"),
            talk.room.slug if talk.room else None,
        )


def test_board_places_each_session_in_its_rooms_column(client, world):
    page = client.get(world["board"]).get_data(as_text=True)
    assert _placed(page) == [("2", "Talk"), ("3", "Other")]


def test_move_sets_the_new_start_and_room_and_keeps_the_length(app, client, world):
    response = client.post(
        world["move"],
        data={
            "csrf_token": csrf_token(app, client),
            "version": world["version"],
            "start": "2024-04-26T10:15",
            "room": world["annex"],
        },
        headers={"Accept": "application/json"},
    )
    # 10:15-10:45 Asia/Shanghai is 02:15-02:45 UTC.
    assert (response.status_code, response.json["ok"], _where(app, world["uid"])) == (
        200,
        True,
        ("02:15", "02:45", world["annex"]),
    )


def test_move_into_a_clash_shows_the_conflict_on_the_board(app, client, world):
    client.post(
        world["move"],
        data={
            "csrf_token": csrf_token(app, client),
            "version": world["version"],
            "start": "2024-04-26T10:15",
            "room": world["annex"],
        },
        headers={"Accept": "application/json"},
    )
    page = client.get(world["board"]).get_data(as_text=True)
    assert re.findall(r'<li class="blocking">', page) == ['<li class="blocking">'] * 2


def test_move_from_a_stale_board_is_refused_and_writes_nothing(app, client, world):
    with app.app_context():
        before = fingerprint()
    response = client.post(
        world["move"],
        data={
            "csrf_token": csrf_token(app, client),
            "version": str(world["version"] - 1),
            "start": "2024-04-26T10:15",
            "room": "",
        },
        headers={"Accept": "application/json"},
    )
    with app.app_context():
        after = fingerprint()
    assert (response.status_code, response.json["ok"], after) == (409, False, before)


def test_move_with_a_bad_time_is_refused_with_a_reason(app, client, world):
    response = client.post(
        world["move"],
        data={"csrf_token": csrf_token(app, client), "version": world["version"], "start": "x"},
        headers={"Accept": "application/json"},
    )
    assert (response.status_code, response.json["message"]) == (422, "Not a valid datetime value.")


def test_move_posted_as_a_plain_form_returns_to_the_board_of_its_new_day(app, client, world):
    response = client.post(
        world["move"],
        data={
            "csrf_token": csrf_token(app, client),
            "version": world["version"],
            "start": "2024-04-27T09:00",
            "room": "",
        },
    )
    assert (response.status_code, response.location.split("?")[1]) == (302, "day=2024-04-27")


def test_move_to_an_unknown_room_is_refused_and_writes_nothing(app, client, world):
    with app.app_context():
        before = fingerprint()
    response = client.post(
        world["move"],
        data={
            "csrf_token": csrf_token(app, client),
            "version": world["version"],
            "start": "2024-04-26T10:15",
            "room": "nowhere",
        },
        headers={"Accept": "application/json"},
    )
    with app.app_context():
        after = fingerprint()
    assert (response.status_code, response.json["message"], after) == (
        422,
        "No such room in this event.",
        before,
    )


def test_a_double_booked_room_draws_the_later_session_indented():
    """Two sessions at once in one room: the later one no longer hides the earlier one."""
    event = SimpleNamespace(zone=ZoneInfo("Asia/Shanghai"))
    room = SimpleNamespace(slug="hall", name={"en": "Hall"})
    day = date(2024, 4, 26)

    def talk(hour, minute, minutes):
        start = datetime(2024, 4, 26, hour, minute, tzinfo=event.zone)
        return SimpleNamespace(
            room=room, room_id=1, start_at=start, end_at=start + timedelta(minutes=minutes)
        )

    talks = [talk(9, 0, 20), talk(9, 5, 25), talk(9, 30, 30), talk(10, 0, 30)]
    grid = build_grid(event, day, [room], talks, lambda r: "Hall")
    assert [b.overlaps for b in grid.blocks] == [False, True, False, False]
