"""A multi-day event's agenda and timetable open on one day: today during the event, else the
first; every day stays one click away, and a replayed page never outlives its day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.web import replay
from eventsvc.web.public import views
from tests.factories import make_event, make_forum, make_room, make_session

from .reading import read

DAYS = "//section[@class='day']/h2"


@pytest.fixture
def three_days(app):
    """One session on each of 2024-04-27, 28 and 29 (Asia/Shanghai)."""
    with app.app_context():
        event = make_event()
        forum, room = make_forum(event), make_room(event)
        for day in (27, 28, 29):
            make_session(forum, start=datetime(2024, 4, day, 9, 0), room=room)
        publish(event, None)
        db.session.commit()
        return event.slug


@pytest.fixture
def clock(monkeypatch):
    """clock(instant): the time the public pages and the replay layer see."""

    def set_to(instant: datetime) -> None:
        monkeypatch.setattr(views, "utcnow", lambda: instant)
        monkeypatch.setattr(replay, "utcnow", lambda: instant)

    return set_to


def test_agenda_before_the_event_opens_on_its_first_day(client, three_days, clock):
    clock(datetime(2024, 4, 1, 12, 0, tzinfo=UTC))
    page = read(client, f"/events/{three_days}?lang=en")
    assert page.texts(DAYS) == ["Saturday, April 27, 2024"]


def test_agenda_during_the_event_opens_on_today_in_the_events_zone(client, three_days, clock):
    clock(datetime(2024, 4, 27, 16, 30, tzinfo=UTC))  # 00:30 on the 28th in Beijing
    page = read(client, f"/events/{three_days}?lang=en")
    assert page.texts(DAYS) == ["Sunday, April 28, 2024"]


def test_agenda_after_the_event_opens_on_its_first_day(client, three_days, clock):
    clock(datetime(2024, 5, 20, 12, 0, tzinfo=UTC))
    page = read(client, f"/events/{three_days}?lang=en")
    assert page.texts(DAYS) == ["Saturday, April 27, 2024"]


def test_agenda_all_days_shows_every_day(client, three_days):
    page = read(client, f"/events/{three_days}?day=all&lang=en")
    assert page.texts(DAYS) == [
        "Saturday, April 27, 2024",
        "Sunday, April 28, 2024",
        "Monday, April 29, 2024",
    ]


def test_agenda_links_every_day_and_all_days(client, three_days, clock):
    clock(datetime(2024, 4, 1, 12, 0, tzinfo=UTC))
    page = read(client, f"/events/{three_days}?lang=en")
    assert page.attrs("//nav[@class='days']//a/@href") == [
        f"/events/{three_days}?day=2024-04-27&lang=en",
        f"/events/{three_days}?day=2024-04-28&lang=en",
        f"/events/{three_days}?day=2024-04-29&lang=en",
        f"/events/{three_days}?day=all&lang=en",
    ]
    assert page.texts("//nav[@class='days']//a[@aria-current]") == ["Saturday, April 27, 2024"]


def test_timetable_during_the_event_opens_on_today(client, three_days, clock):
    clock(datetime(2024, 4, 29, 2, 0, tzinfo=UTC))
    page = read(client, f"/events/{three_days}/timetable?lang=en")
    assert page.texts("//h2[@id='grid-day']") == ["Monday, April 29, 2024"]


def test_agenda_replayed_after_midnight_opens_on_the_new_day(client, three_days, clock):
    clock(datetime(2024, 4, 27, 15, 0, tzinfo=UTC))  # 23:00 on the 27th in Beijing
    url = f"/events/{three_days}?lang=en"
    first = read(client, url).texts(DAYS)
    clock(datetime(2024, 4, 27, 17, 0, tzinfo=UTC))  # 01:00 on the 28th
    second = read(client, url).texts(DAYS)
    assert (first, second) == (["Saturday, April 27, 2024"], ["Sunday, April 28, 2024"])
