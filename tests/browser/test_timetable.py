"""The timetable in a real browser: the "now" line from the reader's clock, Tab down a room."""

from __future__ import annotations

from datetime import datetime

import pytest

from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from tests.factories import make_event, make_forum, make_room, make_session

pytestmark = pytest.mark.browser


@pytest.fixture
def two_rooms(app):
    """Hall: H1 09:00-09:30 and H2 10:00-10:30; Side: S1 09:15-09:45 (Asia/Shanghai)."""
    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        hall, side = make_room(event, position=0), make_room(event, position=1)
        for title, room, hour, minute in (
            ("H1", hall, 9, 0),
            ("S1", side, 9, 15),
            ("H2", hall, 10, 0),
        ):
            make_session(
                forum, start=datetime(2024, 4, 29, hour, minute), room=room, title={"en": title}
            )
        publish(event, None)
        db.session.commit()
        return event.slug


def _open_at(chromium, live_server, slug: str, instant: str):
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.clock.set_fixed_time(instant)
    page.goto(live_server(f"/events/{slug}/timetable?day=2024-04-29&lang=en"))
    return context, page


def test_now_line_marks_the_readers_time_during_the_day(live_server, two_rooms, chromium):
    context, page = _open_at(chromium, live_server, two_rooms, "2024-04-29T09:17:00+08:00")
    try:
        # 09:00 is the grid's first row (line 2); 09:17 falls in the slot 09:15-09:20.
        assert page.locator(".now-line").evaluate("e => e.style.gridRow") == "5"
    finally:
        context.close()


def test_now_line_is_absent_outside_the_day(live_server, two_rooms, chromium):
    context, page = _open_at(chromium, live_server, two_rooms, "2024-04-29T12:00:00+08:00")
    try:
        assert page.locator(".now-line").count() == 0
    finally:
        context.close()


def test_tab_runs_down_a_room_before_the_next(live_server, two_rooms, chromium):
    context, page = _open_at(chromium, live_server, two_rooms, "2024-04-29T12:00:00+08:00")
    try:
        page.locator(".timetable-scroll").focus()
        order = []
        for _ in range(3):
            page.keyboard.press("Tab")
            order.append(page.evaluate("document.activeElement.textContent"))
        assert order == ["H1", "H2", "S1"]
    finally:
        context.close()
