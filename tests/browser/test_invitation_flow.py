"""An organizer invites a forum organizer in the browser; the invitation arrives through a real
SMTP server (aiosmtpd), its link is followed in the browser, and the new role works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eventsvc.extensions import db
from tests.browser.steps import sign_in, submit
from tests.factories import make_event, make_forum, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def event(app):
    with app.app_context():
        event = make_event()
        forum = make_forum(event, name={"en": "Frontier Forum", "zh": "前沿论坛"})
        organizer = make_user(role="organizer", event=event)
        db.session.commit()
        return {"event": event.slug, "forum": forum.slug, "email": organizer.email}


def test_invited_forum_organizer_signs_up_and_opens_the_forum(
    app, live_server, browser_page, chromium, event, smtp_server, monkeypatch
):
    # Mail links are built from PUBLIC_URL, as in a deployment: here, the live server.
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server.url)
    page = browser_page
    sign_in(page, live_server, event["email"])
    page.goto(live_server(f"/manage/events/{event['event']}/people"))
    page.fill("input[name=email]", "li.na@example.org")
    page.select_option("select[name=role]", f"forum:{event['forum']}")
    submit(page, "text=Send invitation")
    expect(page.locator(".messages")).to_have_text("Invitation sent to li.na@example.org.")

    [message] = smtp_server.messages
    link = re.search(r"http://\S+/invitations/accept\?token=\S+", message.get_content())[0]
    assert link.startswith(live_server.url + "/")
    invitee = chromium.new_context(locale="zh-CN").new_page()
    try:
        invitee.goto(link)
        invitee.fill("input[name=display_name]", "李娜")
        invitee.fill("input[name=password]", "a long passphrase")
        invitee.fill("input[name=confirm]", "a long passphrase")
        invitee.click("button[type=submit]")
        invitee.wait_for_url(live_server(f"/manage/events/{event['event']}/"))
        invitee.click("text=前沿论坛")
        expect(invitee.locator("h1")).to_have_text("前沿论坛")
        invitee.goto(link)
        expect(invitee.locator("p[role=alert]")).to_have_text("此链接已被使用。请用您的账户登录。")
    finally:
        invitee.context.close()
