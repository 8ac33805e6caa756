"""Staff check speakers in on a phone (390 px wide), in Chinese, with JavaScript off."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance
from tests.browser.steps import sign_in, submit
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user

pytestmark = pytest.mark.browser


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
        staff = make_user(role="staff", event=event)
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
    sign_in(phone, live_server, day["email"])
    phone.goto(live_server(f"/manage/events/{day['event']}/checkin?day=2024-04-29&lang=zh"))
    expect(phone.locator("#counts")).to_have_text("应到嘉宾 2 位，已到 0 位。")

    submit(phone, "#speaker-chen-jiachang button")
    expect(phone.locator("#counts")).to_have_text("应到嘉宾 2 位，已到 1 位。")
    expect(phone.locator("#speaker-chen-jiachang .arrived-at")).to_have_text(re.compile("已到$"))
    expect(phone.locator("#speaker-xue-lan button")).to_be_visible()
    # Nothing runs off the right edge of a 390 px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") == 390
