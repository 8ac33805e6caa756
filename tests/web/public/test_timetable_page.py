"""One day as a grid: rooms as columns, each session a block as long as it lasts."""

from datetime import datetime

import pytest

from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.web.static_files import version
from tests.factories import make_event, make_forum, make_room, make_session

from .reading import DEMO, read


def test_timetable_places_sessions_by_room_and_time(client, demo):
    page = read(client, f"/events/{DEMO}/timetable?lang=en")
    assert page.title == "Timetable · Monday, April 29, 2024 · Zhongguancun Forum 2024"
    assert page.texts("//p[@class='room-head']") == ["Forum Hall"]
    # 09:00 is grid line 2 (line 1 holds the room names); five-minute rows.
    assert page.attrs("//article[contains(@class,'block')]/@style") == [
        "grid-column: 2; grid-row: 2 / 6",
        "grid-column: 2; grid-row: 6 / 9",
        "grid-column: 2; grid-row: 9 / 12",
        "grid-column: 2; grid-row: 14 / 26",
    ]
    assert page.texts("//p[@class='mark']") == ["09:00", "09:30", "10:00", "10:30"]
    assert page.texts("//article[contains(@class,'block')]/p[@class='when']") == [
        "09:00–09:20, Forum Hall",
        "09:20–09:35, Forum Hall",
        "09:35–09:50, Forum Hall",
        "10:00–11:00, Forum Hall",
    ]


def test_timetable_in_chinese(client, demo):
    page = read(client, f"/events/{DEMO}/timetable?day=2024-04-29&lang=zh")
    assert page.title == "时间表 · 2024年4月29日星期一 · 2024中关村论坛"
    assert page.texts("//p[@class='room-head']") == ["论坛会场"]
    assert page.texts("//article[contains(@class,'block')]/p[@class='people']") == [
        "陈家昌",
        "Orakanoke Phanraksa",
        "薛澜",
    ]


def test_timetable_of_a_day_without_sessions_says_so(client, demo):
    page = read(client, f"/events/{DEMO}/timetable?day=2024-04-25&lang=en")
    assert page.texts("//p[@class='empty']") == ["No session is published for this day."]


@pytest.fixture
def two_forums(app):
    """Forums B (set first) and A, one session each, in two rooms on 2024-04-29."""
    with app.app_context():
        event = make_event()
        hall, side = make_room(event, name={"en": "Hall"}), make_room(event, name={"en": "Side"})
        b = make_forum(event, slug="b", name={"en": "Forum B"}, position=0)
        a = make_forum(event, slug="a", name={"en": "Forum A"}, position=1)
        make_session(a, start=datetime(2024, 4, 29, 9, 0), room=side, title={"en": "A talk"})
        make_session(b, start=datetime(2024, 4, 29, 9, 0), room=hall, title={"en": "B talk"})
        publish(event, None)
        db.session.commit()
        return event.slug


def test_timetable_blocks_name_their_forum(client, two_forums):
    page = read(client, f"/events/{two_forums}/timetable?lang=en")
    assert page.texts("//article[contains(@class,'block')]/p[@class='forum']") == [
        "Forum B",
        "Forum A",
    ]


def test_timetable_blocks_carry_their_forums_colour(client, two_forums):
    page = read(client, f"/events/{two_forums}/timetable?lang=en")
    assert page.attrs("//article[contains(@class,'block')]/@class") == [
        "block forum-colour-0 kind-other",
        "block forum-colour-1 kind-other",
    ]


def test_timetable_legend_links_each_forum_to_its_filter(client, two_forums):
    page = read(client, f"/events/{two_forums}/timetable?lang=en")
    assert page.attrs("//details[@class='legend']//li/span/@class") == [
        "swatch forum-colour-0",
        "swatch forum-colour-1",
    ]
    assert page.attrs("//details[@class='legend']//a/@href") == [
        f"/events/{two_forums}/timetable?day=2024-04-29&forum=b&lang=en",
        f"/events/{two_forums}/timetable?day=2024-04-29&forum=a&lang=en",
    ]


def test_timetable_forum_filter_shows_only_that_forum(client, two_forums):
    page = read(client, f"/events/{two_forums}/timetable?forum=a&lang=en")
    assert page.texts("//article[contains(@class,'block')]/h3") == ["A talk"]
    assert page.texts("//p[@class='room-head']") == ["Side"]
    assert page.attrs("//select[@name='forum']/option[@selected]/@value") == ["a"]


def test_timetable_unknown_forum_is_404(client, two_forums):
    assert client.get(f"/events/{two_forums}/timetable?forum=zz").status_code == 404


def test_timetable_gives_the_now_script_the_grids_start_in_the_events_zone(client, two_forums):
    page = read(client, f"/events/{two_forums}/timetable?lang=en")
    assert page.attrs("//div[@class='timetable']/@data-start") == ["2024-04-29T09:00:00+08:00"]
    assert page.attrs("//script/@src") == [f"/static/timetable.js?v={version('timetable.js')}"]
