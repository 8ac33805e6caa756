"""An organizer invites a forum organizer in the browser; the invitation arrives through a real
SMTP server (aiosmtpd), its link is followed in the browser, and the new role works."""

from __future__ import annotations

import re

import pytest

from eventsvc.extensions import db
from tests.factories import make_event, make_forum, make_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def event(app):
    with app.app_context():
        event = make_event()
        forum = make_forum(event, name={"en": "Frontier Forum", "zh": "前沿论坛"})
        organizer = make_user(role="organizer", event=event, password=PASSWORD)
        db.session.commit()
        return {"event": event.slug, "forum": forum.slug, "email": organizer.email}


def test_invited_forum_organizer_signs_up_and_opens_the_forum(
    app, live_server, browser_page, chromium, event, smtp_server, monkeypatch
):
    # Mail links are built from PUBLIC_URL, as in a deployment: here, the live server.
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server.url)
    page = browser_page
    page.goto(live_server("/login?next=/manage/"))
    page.fill("input[name=email]", event["email"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server(f"/manage/events/{event['event']}/people"))
    page.fill("input[name=email]", "li.na@example.org")
    page.select_option("select[name=role]", f"forum:{event['forum']}")
    page.click("text=Send invitation")
    assert page.locator(".messages").inner_text() == "Invitation sent to li.na@example.org."

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
        assert invitee.locator("h1").inner_text() == "前沿论坛"
        invitee.goto(link)
        assert invitee.locator("p[role=alert]").inner_text() == "此链接已被使用。请用您的账户登录。"
    finally:
        invitee.context.close()
