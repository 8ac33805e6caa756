"""The check-in board, checking in, and the day's speaker list as CSV and .xlsx."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from eventsvc.audit.models import AuditEntry
from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance
from eventsvc.speakers.models import Registration, Speaker
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import csrf_token, sign_in, token_on_page
from tests.web.public.reading import read

DAY = "2024-04-29"


@pytest.fixture
def board(app, client):
    """Two rooms on 29 April (Beijing): a confirmed, an invited and a declined speaker;
    one speaker on another day. The client is signed in as staff."""
    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        hall, side = make_room(event, name={"en": "Hall"}), make_room(event, name={"en": "Side"})
        chen = make_speaker(
            event,
            names=[
                {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
                {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
            ],
            registration="confirmed",
            precedence=1,
        )
        wu = make_speaker(event, family="Wu", given="Ann")
        gone = make_speaker(event, family="Gone", given="Al", registration="declined")
        later = make_speaker(event, family="Later", given="Lu")
        morning = datetime(2024, 4, 29, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
        opening = make_session(forum, start=morning, room=hall, title={"en": "Opening"})
        panel = make_session(forum, start=morning + timedelta(hours=1), room=side)
        other_day = make_session(forum, start=morning + timedelta(days=1), room=hall)
        add_appearance(opening, chen)
        add_appearance(panel, wu)
        add_appearance(panel, gone)
        add_appearance(other_day, later)
        user = make_user(role="staff", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {"event": event.slug, "user": user.id, "chen": chen.slug, "wu": wu.slug}


def _page(client, board, lang="en"):
    return client.get(f"/manage/events/{board['event']}/checkin?day={DAY}&lang={lang}")


def test_board_lists_the_days_sessions_by_room_with_each_speakers_state(client, board):
    page = _page(client, board).get_data(as_text=True)
    rooms = re.findall(r'<section class="checkin-room">\s*<h2>([^<]+)</h2>', page)
    people = re.findall(
        r'<span class="name">([^<]+)</span>\s*<span class="state">([^<]+)</span>', page
    )
    assert (rooms, people) == (
        ["Hall", "Side"],
        [("Chen Jiachang", "confirmed"), ("Ann Wu", "invited"), ("Al Gone", "declined")],
    )


def test_board_counts_arrived_and_expected_without_declined_speakers(client, board):
    page = _page(client, board).get_data(as_text=True)
    assert "0 of 2 expected speakers have arrived." in page


def test_board_offers_check_in_to_expected_speakers_only(client, board):
    page = _page(client, board).get_data(as_text=True)
    assert re.findall(r"speakers/([\w-]+)/checkin", page) == [board["chen"], board["wu"]]


def test_check_in_records_time_and_who_and_goes_back_to_the_board(app, client, board):
    page = _page(client, board).get_data(as_text=True)
    response = client.post(
        f"/manage/events/{board['event']}/speakers/{board['wu']}/checkin?day={DAY}",
        data={"csrf_token": token_on_page(page)},
    )
    assert (response.status_code, response.location) == (
        302,
        f"/manage/events/{board['event']}/checkin?day={DAY}#speaker-{board['wu']}",
    )
    with app.app_context():
        wu = db.session.scalar(db.select(Speaker).where(Speaker.slug == board["wu"]))
        entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (wu.arrived_at is not None, wu.arrived_by_id, wu.registration) == (
            True,
            board["user"],
            Registration.CONFIRMED,
        )
        assert [c["field"] for c in entry.changes] == [
            "registration",
            "arrived_at",
            "arrived_by_id",
        ]
    assert "1 of 2 expected speakers have arrived." in _page(client, board).get_data(as_text=True)


def test_check_in_twice_keeps_the_first_time(app, client, board):
    url = f"/manage/events/{board['event']}/speakers/{board['wu']}/checkin"
    token = csrf_token(app, client)
    client.post(url, data={"csrf_token": token})
    with app.app_context():
        first = db.session.scalar(db.select(Speaker.arrived_at).where(Speaker.slug == board["wu"]))
    client.post(url, data={"csrf_token": token})
    with app.app_context():
        again = db.session.scalar(db.select(Speaker.arrived_at).where(Speaker.slug == board["wu"]))
    assert again == first


def test_check_in_without_csrf_token_is_refused(app, client, board):
    response = client.post(f"/manage/events/{board['event']}/speakers/{board['wu']}/checkin")
    with app.app_context():
        arrived = db.session.scalar(
            db.select(Speaker.arrived_at).where(Speaker.slug == board["wu"])
        )
    assert (response.status_code, arrived) == (400, None)


def test_board_in_chinese_shows_chinese_names_and_states(client, board):
    page = _page(client, board, lang="zh").get_data(as_text=True)
    people = re.findall(
        r'<span class="name">([^<]+)</span>\s*<span class="state">([^<]+)</span>', page
    )
    assert people[0] == ("陈家昌", "已确认")


def test_board_outside_the_event_opens_on_the_first_day_with_a_session(client, board):
    # The event runs 25-29 April 2024 and its first session is on the 29th; today is later.
    page = read(client, f"/manage/events/{board['event']}/checkin")
    assert page.text("//h1/span[@class='sub']") == "Monday, April 29, 2024"


def test_board_with_a_day_that_is_not_a_date_is_400(client, board):
    assert client.get(f"/manage/events/{board['event']}/checkin?day=monday").status_code == 400


def test_board_query_count_is_the_same_at_1_and_at_30_sessions(app, client, count_queries):
    counts = []
    for size in (1, 30):
        with app.app_context():
            event = make_event()
            forum, room = make_forum(event), make_room(event)
            for n in range(size):
                talk = make_session(forum, start=datetime(2024, 4, 29, 1, n, tzinfo=UTC), room=room)
                add_appearance(talk, make_speaker(event))
            user = make_user(role="staff", event=event)
            db.session.commit()
            slug, user_id = event.slug, user.id
        sign_in(client, user_id)
        with count_queries() as counter:
            assert client.get(f"/manage/events/{slug}/checkin?day={DAY}").status_code == 200
        counts.append(len(counter.statements))
    assert counts[0] == counts[1]


def _csv_rows(client, board):
    body = client.get(f"/manage/events/{board['event']}/speakers/export.csv?day={DAY}")
    return list(csv.DictReader(io.StringIO(body.get_data(as_text=True).removeprefix("\ufeff"))))


def test_day_export_lists_the_days_speakers_in_protocol_order_with_state(client, board):
    page = _page(client, board).get_data(as_text=True)
    client.post(
        f"/manage/events/{board['event']}/speakers/{board['chen']}/checkin",
        data={"csrf_token": token_on_page(page)},
    )
    rows = _csv_rows(client, board)
    assert [
        (r["protocol_rank"], r["name_en"], r["name_zh"], r["registration"], bool(r["arrived_at"]))
        for r in rows
    ] == [
        ("1", "Chen Jiachang", "陈家昌", "confirmed", True),
        ("2", "Al Gone", "", "declined", False),
        ("3", "Ann Wu", "", "invited", False),
    ]


def test_day_export_as_xlsx_has_the_same_rows_as_the_csv(client, board):
    body = client.get(f"/manage/events/{board['event']}/speakers/export.xlsx?day={DAY}")
    sheet = load_workbook(io.BytesIO(body.data), read_only=True).worksheets[0]
    rows = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    expected = _csv_rows(client, board)
    assert rows[1:] == [list(r.values()) for r in expected]


def test_xlsx_export_keeps_a_formula_as_text(app, client, board):
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == board["event"]))
        make_speaker(event, family='=HYPERLINK("x")', given="Eve")
        db.session.commit()
    body = client.get(f"/manage/events/{board['event']}/speakers/export.xlsx")
    sheet = load_workbook(io.BytesIO(body.data)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")']
    assert [(c.value, c.data_type) for c in cells] == [('=HYPERLINK("x")', "s")]
