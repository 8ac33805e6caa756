"""The board in a real browser: drag a session to another room and time, and the working
agenda shows it there; without JavaScript the session's form makes the same move."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import expect

from eventsvc.extensions import db
from tests.browser.steps import sign_in, submit
from tests.factories import make_event, make_forum, make_room, make_session, make_user

pytestmark = pytest.mark.browser


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
        organizer = make_user(role="organizer", event=event)
        db.session.commit()
        return {"event": event.slug, "uid": talk.uid, "annex": annex.slug, "email": organizer.email}


def _expect_opening_moved(page, live_server, event):
    """The working agenda lists Opening at 10:30-11:30 in the Annex."""
    page.goto(live_server(f"/manage/events/{event}/agenda"))
    row = page.locator("tr", has=page.locator("a", has_text="Opening"))
    expect(row.locator("td").nth(0)).to_have_text("2024-04-26 10:30–11:30")
    expect(row.locator("td").nth(3)).to_have_text("Annex")


def test_dragging_a_session_on_the_board_moves_it_to_that_room_and_time(
    live_server, browser_page, board
):
    page = browser_page
    sign_in(page, live_server, board["email"])
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
    expect(page.locator(f".block[data-uid='{board['uid']}'] .when")).to_have_text("10:30–11:30")
    _expect_opening_moved(page, live_server, board["event"])


def test_without_javascript_the_session_form_makes_the_same_move(
    live_server, page_without_javascript, board
):
    page = page_without_javascript
    sign_in(page, live_server, board["email"])
    page.goto(live_server(f"/manage/events/{board['event']}/board"))
    page.click(f".block[data-uid='{board['uid']}'] a")
    page.fill("input[name=start]", "2024-04-26T10:30")
    page.fill("input[name=end]", "2024-04-26T11:30")
    page.select_option("select[name=room]", board["annex"])
    submit(page, "button:has-text('Save session')")
    _expect_opening_moved(page, live_server, board["event"])
