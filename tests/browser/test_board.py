"""The board in a real browser: drag a session to another room and time, and the working
agenda shows it there; without JavaScript the session's form makes the same move."""

from __future__ import annotations

from datetime import datetime

import pytest

from eventsvc.extensions import db
from tests.factories import make_event, make_forum, make_room, make_session, make_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def board(app):
    """ "Opening" in the Hall 09:00-10:00 on 2024-04-26, the Annex free; the organizer's email."""
    with app.app_context():
        event = make_event(start_date="2024-04-26", end_date="2024-04-26")
        forum = make_forum(event, name={"en": "Frontier Forum"})
        hall, annex = make_room(event, name={"en": "Hall"}), make_room(event, name={"en": "Annex"})
        talk = make_session(
            forum, start=datetime(2024, 4, 26, 9, 0), minutes=60, room=hall, title={"en": "Opening"}
        )
        organizer = make_user(role="organizer", event=event, password=PASSWORD)
        db.session.commit()
        return {"event": event.slug, "uid": talk.uid, "annex": annex.slug, "email": organizer.email}


def _sign_in(page, live_server, email):
    page.goto(live_server("/login?next=/manage/"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server("/manage/"))


def _agenda_row(page, live_server, event):
    page.goto(live_server(f"/manage/events/{event}/agenda"))
    row = page.locator("tr", has=page.locator("a", has_text="Opening"))
    return row.locator("td").nth(0).inner_text(), row.locator("td").nth(3).inner_text()


def test_dragging_a_session_on_the_board_moves_it_to_that_room_and_time(
    live_server, browser_page, board
):
    page = browser_page
    _sign_in(page, live_server, board["email"])
    # Tall enough for the whole day: the drag needs no scrolling.
    page.set_viewport_size({"width": 1366, "height": 3000})
    page.goto(live_server(f"/manage/events/{board['event']}/board"))
    block = page.locator(f".block[data-uid='{board['uid']}']").bounding_box()
    lane = page.locator(f".lane[data-room={board['annex']}]")
    box = lane.bounding_box()
    # The board starts at 08:00 in slots of 5 minutes; 10:30 is 30 slots down.
    per_slot = box["height"] / int(page.locator("#board").get_attribute("data-rows"))
    page.mouse.move(block["x"] + 10, block["y"] + 4)
    page.mouse.down()
    page.mouse.move(block["x"] + 20, block["y"] + 20, steps=4)
    page.mouse.move(box["x"] + 10, box["y"] + 4 + 30 * per_slot + per_slot / 4, steps=8)
    page.mouse.up()
    page.wait_for_selector(
        f".block[data-uid='{board['uid']}'] .when:has-text('10:30–11:30')", timeout=10_000
    )
    assert _agenda_row(page, live_server, board["event"]) == ("2024-04-26 10:30–11:30", "Annex")


@pytest.fixture
def page_without_javascript(chromium):
    context = chromium.new_context(locale="en-US", java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_without_javascript_the_session_form_makes_the_same_move(
    live_server, page_without_javascript, board
):
    page = page_without_javascript
    _sign_in(page, live_server, board["email"])
    page.goto(live_server(f"/manage/events/{board['event']}/board"))
    page.click(f".block[data-uid='{board['uid']}'] a")
    page.fill("input[name=start]", "2024-04-26T10:30")
    page.fill("input[name=end]", "2024-04-26T11:30")
    page.select_option("select[name=room]", board["annex"])
    page.click("button:has-text('Save session')")
    assert _agenda_row(page, live_server, board["event"]) == ("2024-04-26 10:30–11:30", "Annex")
