"""An organizer builds, checks and publishes part of an agenda in a real browser."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import expect

from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance
from tests.browser.steps import sign_in, submit
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def agenda(app):
    """An event whose speaker Ada Busy already speaks 09:00-10:00; its organizer's email."""
    with app.app_context():
        event = make_event(start_date="2024-04-26", end_date="2024-04-26")
        forum = make_forum(event, name={"en": "Frontier Forum"})
        hall, annex = make_room(event, name={"en": "Hall"}), make_room(event, name={"en": "Annex"})
        busy = make_speaker(event, family="Busy", given="Ada")
        make_speaker(event, family="Free", given="Ben")
        opening = make_session(
            forum, start=datetime(2024, 4, 26, 9, 0), minutes=60, room=hall, title={"en": "Opening"}
        )
        add_appearance(opening, busy)
        organizer = make_user(role="organizer", event=event)
        db.session.commit()
        return {
            "event": event.slug,
            "forum": forum.slug,
            "annex": annex.slug,
            "email": organizer.email,
            "busy": busy.slug,
            "free": "ben-free",
        }


def test_organizer_adds_a_session_resolves_a_conflict_and_publishes(
    live_server, page_without_javascript, agenda
):
    page = page_without_javascript
    sign_in(page, live_server, agenda["email"])

    page.click(f"a[href='/manage/events/{agenda['event']}/']")
    page.click("text=Frontier Forum")
    page.click("text=New session")
    page.fill("input[name=title_en]", "Quantum outlook")
    page.fill("input[name=start]", "2024-04-26T09:30")
    page.fill("input[name=end]", "2024-04-26T10:00")
    page.select_option("select[name=room]", agenda["annex"])
    # Without JavaScript the picker is a search the form sends: Find, then Add.
    for typed, speaker in (("ada busy", agenda["busy"]), ("Free", agenda["free"])):
        page.fill("input[name=find]", typed)
        submit(page, "button.secondary:has-text('Find')")
        submit(page, f"#candidates button[value={speaker}]")
    expect(page.locator("#lineup-rows td:first-child")).to_have_text(["Ada Busy", "Ben Free"])
    submit(page, "button:has-text('Save session')")
    expect(page.locator("h1")).to_have_text("Quantum outlook")
    expect(page.locator("#lineup-rows td:first-child")).to_have_text(["Ada Busy", "Ben Free"])

    page.goto(live_server(f"/manage/events/{agenda['event']}/agenda"))
    expect(page.locator("#conflicts li")).to_have_text(
        [
            "Blocks publishing: Ada Busy is in two sessions at once — Opening (04-26 09:00), "
            "Quantum outlook (04-26 09:30)"
        ]
    )

    page.click("#conflicts >> text=Quantum outlook")
    page.fill("input[name=start]", "2024-04-26T10:00")
    page.fill("input[name=end]", "2024-04-26T10:30")
    submit(page, "button:has-text('Save session')")
    page.goto(live_server(f"/manage/events/{agenda['event']}/agenda"))
    expect(page.locator("#conflicts")).to_have_text("No conflicts.")

    page.goto(live_server(f"/manage/events/{agenda['event']}/publish"))
    expect(page.locator("#preview li")).to_have_text(["Added: Opening", "Added: Quantum outlook"])
    page.fill("textarea[name=comment_en]", "First programme")
    submit(page, "button:has-text('Publish')")
    expect(page.locator("[role=status]")).to_have_text("Release 1 published.")

    page.goto(live_server(f"/events/{agenda['event']}"))
    published = page.locator(
        "article.session", has=page.locator(".title", has_text="Quantum outlook")
    )
    expect(published.locator(".when")).to_have_text("10:00–10:30")
    expect(published.locator(".room")).to_have_text("Annex")
    expect(published.locator(".people .name")).to_have_text(["Ada Busy", "Ben Free"])
