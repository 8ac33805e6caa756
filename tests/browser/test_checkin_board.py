"""Staff check speakers in on a phone (390 px wide), in Chinese, with JavaScript off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def day(app):
    with app.app_context():
        event = make_event(start_date="2024-04-29", end_date="2024-04-29")
        forum, hall = make_forum(event), make_room(event, name={"en": "Hall", "zh": "主会场"})
        opening = make_session(
            forum,
            start=datetime(2024, 4, 29, 1, 0, tzinfo=UTC),
            room=hall,
            title={"en": "Opening", "zh": "开幕式"},
        )
        for names in (
            [{"script": "Hans", "family": "陈", "given": "家昌", "family_first": True}],
            [{"script": "Hans", "family": "薛", "given": "澜", "family_first": True}],
        ):
            add_appearance(opening, make_speaker(event, names=names))
        staff = make_user(role="staff", event=event, password=PASSWORD)
        db.session.commit()
        return {"event": event.slug, "email": staff.email}


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_staff_checks_a_speaker_in_on_a_phone_in_chinese(live_server, phone, day):
    phone.goto(live_server("/login?next=/manage/&lang=zh"))
    phone.fill("input[name=email]", day["email"])
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(live_server("/manage/"))
    phone.goto(live_server(f"/manage/events/{day['event']}/checkin?day=2024-04-29&lang=zh"))
    assert phone.locator("#counts").inner_text() == "应到嘉宾 2 位，已到 0 位。"

    phone.locator("#speaker-chen-jiachang button").click()
    phone.wait_for_load_state()
    assert phone.locator("#counts").inner_text() == "应到嘉宾 2 位，已到 1 位。"
    assert phone.locator("#speaker-chen-jiachang .arrived-at").inner_text().endswith("已到")
    assert phone.locator("#speaker-xue-lan button").is_visible()
    # Nothing runs off the right edge of a 390 px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") == 390
