"""Issue 12's acceptance in a real browser: a forum organizer builds and publishes their forum
while another forum is blocked; then the event organizer publishes past that forum's conflict."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance
from tests.browser.steps import sign_in, submit
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user

pytestmark = pytest.mark.browser
REASON = "The minister opens both forums; a stand-in reads the second address."


def _chinese(event, family: str, given: str):
    """A speaker known by a name in characters only: the picker finds them by its pinyin."""
    names = [{"script": "Hans", "family": family, "given": given, "family_first": True}]
    return make_speaker(event, names=names)


@pytest.fixture
def world(app):
    """Forum A opens at 09:00 with Wang Yifang; forum B's two drafts both have Zhang Wei at
    14:00 (a blocking conflict); nothing is published yet."""
    with app.app_context():
        event = make_event(start_date="2024-04-26", end_date="2024-04-26")
        forum_a = make_forum(event, name={"en": "Frontier Forum"})
        forum_b = make_forum(event, name={"en": "Diplomacy Forum"})
        hall, annex = make_room(event, name={"en": "Hall"}), make_room(event, name={"en": "Annex"})
        wang, xue = _chinese(event, "王", "贻芳"), _chinese(event, "薛", "澜")
        zhang = _chinese(event, "张", "伟")
        opening = make_session(
            forum_a, start=datetime(2024, 4, 26, 9), minutes=60, room=hall, title={"en": "Opening"}
        )
        add_appearance(opening, wang)
        for title, room in (("Diplomacy keynote", hall), ("Diplomacy panel", annex)):
            talk = make_session(
                forum_b, start=datetime(2024, 4, 26, 14), minutes=60, room=room, title={"en": title}
            )
            add_appearance(talk, zhang)
        forum_organizer = make_user(role="organizer", event=event, forum=forum_a)
        event_organizer = make_user(role="organizer", event=event)
        db.session.commit()
        return {
            "event": event.slug,
            "annex": annex.slug,
            "wang": wang.slug,
            "xue": xue.slug,
            "forum_organizer": forum_organizer.email,
            "event_organizer": event_organizer.email,
        }


@pytest.fixture
def new_page(chromium):
    """Pages of their own (no cookies shared), one per person."""
    contexts = []

    def opened():
        context = chromium.new_context(locale="en-US")
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


def test_forum_organizer_publishes_their_forum_then_the_event_goes_out_past_a_conflict(
    live_server, new_page, world
):
    page = new_page()
    sign_in(page, live_server, world["forum_organizer"])
    page.click(f"a[href='/manage/events/{world['event']}/']")
    page.click("text=Frontier Forum")
    page.click("text=New session")
    page.fill("input[name=title_en]", "Quantum outlook")
    page.fill("input[name=start]", "2024-04-26T09:30")
    page.fill("input[name=end]", "2024-04-26T10:00")
    page.select_option("select[name=room]", world["annex"])
    # The list narrows as the organizer types the pinyin; Add puts the speaker on the form.
    for typed, speaker in (("wangyifang", world["wang"]), ("xue lan", world["xue"])):
        page.fill("#find", typed)
        page.click(f"#candidates button[value={speaker}]")
    expect(page.locator("#lineup-rows td:first-child")).to_have_text(["王贻芳", "薛澜"])
    submit(page, "button:has-text('Save session')")

    expect(page.locator("h1")).to_have_text("Quantum outlook")
    expect(page.locator("[role=status]")).to_have_text("Session created.")
    expect(page.locator("#session-conflicts li")).to_have_text(
        [
            "Blocks publishing: 王贻芳 is in two sessions at once"
            " — other session: Opening (04-26 09:00)"
        ]
    )
    page.fill("input[name=start]", "2024-04-26T10:00")
    page.fill("input[name=end]", "2024-04-26T10:30")
    submit(page, "button:has-text('Save session')")
    expect(page.locator("#session-conflicts li")).to_have_count(0)
    expect(page.locator("#session-conflicts")).to_contain_text("No conflicts.")

    page.click("a:has-text('Frontier Forum')")
    page.click("text=Publish this forum")
    expect(page.locator("#preview li")).to_have_text(["Added: Opening", "Added: Quantum outlook"])
    expect(page.locator("#blocking")).to_have_count(0)
    page.fill("textarea[name=comment_en]", "The Frontier Forum's programme")
    submit(page, "button:has-text('Publish forum')")
    expect(page.locator("[role=status]")).to_have_text("Release 1 published.")

    page.goto(live_server(f"/events/{world['event']}"))
    expect(page.locator("article.session .title")).to_have_text(["Opening", "Quantum outlook"])
    expect(page.locator("main")).not_to_contain_text("Diplomacy")

    organizer = new_page()
    sign_in(organizer, live_server, world["event_organizer"])
    organizer.goto(live_server(f"/manage/events/{world['event']}/publish"))
    blocking = organizer.locator("#blocking li")
    expect(blocking).to_have_text(
        [
            "Accept: 张伟 is in two sessions at once — Diplomacy keynote (04-26 14:00), "
            "Diplomacy panel (04-26 14:00)"
        ]
    )
    blocking.locator("input[type=checkbox]").check()
    organizer.fill("textarea[name=accept_reason]", REASON)
    submit(organizer, "button:has-text('Publish the whole event')")
    expect(organizer.locator("[role=status]")).to_have_text("Release 2 published.")

    organizer.goto(live_server(f"/events/{world['event']}/changes"))
    newest = organizer.locator("ol.releases > li").first
    expect(newest.locator("h2")).to_have_text(re.compile(r"^Release 2"))
    expect(newest.locator("ul.accepted li")).to_have_text(
        [f"a speaker in two sessions at once Diplomacy keynote, Diplomacy panel Reason: {REASON}"]
    )
    organizer.goto(live_server(f"/manage/events/{world['event']}/audit"))
    accepted = organizer.locator("#audit tbody tr", has_text="Diplomacy keynote / Diplomacy panel")
    expect(accepted).to_have_count(1)
    expect(accepted).to_contain_text(world["event_organizer"])
    expect(accepted).to_contain_text(REASON)
