"""Issue 12's acceptance in a real browser: a forum organizer builds and publishes their forum
while another forum is blocked; then the event organizer publishes past that forum's conflict."""

from __future__ import annotations

from datetime import datetime

import pytest

from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
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
        forum_organizer = make_user(role="organizer", event=event, forum=forum_a, password=PASSWORD)
        event_organizer = make_user(role="organizer", event=event, password=PASSWORD)
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


def _sign_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login?next=/manage/"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server("/manage/"))


def _conflicts(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator("#session-conflicts li").all_inner_texts()]


def test_forum_organizer_publishes_their_forum_then_the_event_goes_out_past_a_conflict(
    live_server, new_page, world
):
    page = new_page()
    _sign_in(page, live_server, world["forum_organizer"])
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
    assert page.locator("#lineup-rows td:first-child").all_inner_texts() == ["王贻芳", "薛澜"]
    page.click("button:has-text('Save session')")

    assert page.locator("h1").inner_text() == "Quantum outlook"
    assert page.locator("[role=status]").inner_text() == "Session created."
    assert _conflicts(page) == [
        "Blocks publishing: 王贻芳 is in two sessions at once"
        " — other session: Opening (04-26 09:00)"
    ]
    page.fill("input[name=start]", "2024-04-26T10:00")
    page.fill("input[name=end]", "2024-04-26T10:30")
    page.click("button:has-text('Save session')")
    assert page.locator("#session-conflicts").inner_text().split("\n")[-1] == "No conflicts."

    page.click("a:has-text('Frontier Forum')")
    page.click("text=Publish this forum")
    assert page.locator("#preview li").all_inner_texts() == [
        "Added: Opening",
        "Added: Quantum outlook",
    ]
    assert page.locator("#blocking").count() == 0
    page.fill("textarea[name=comment_en]", "The Frontier Forum's programme")
    page.click("button:has-text('Publish forum')")
    assert page.locator("[role=status]").inner_text() == "Release 1 published."

    page.goto(live_server(f"/events/{world['event']}"))
    assert page.locator("article.session .title").all_inner_texts() == [
        "Opening",
        "Quantum outlook",
    ]
    assert "Diplomacy" not in page.locator("main").inner_text()

    organizer = new_page()
    _sign_in(organizer, live_server, world["event_organizer"])
    organizer.goto(live_server(f"/manage/events/{world['event']}/publish"))
    blocking = organizer.locator("#blocking li")
    assert [" ".join(t.split()) for t in blocking.all_inner_texts()] == [
        "Accept: 张伟 is in two sessions at once — Diplomacy keynote (04-26 14:00), "
        "Diplomacy panel (04-26 14:00)"
    ]
    blocking.locator("input[type=checkbox]").check()
    organizer.fill("textarea[name=accept_reason]", REASON)
    organizer.click("button:has-text('Publish the whole event')")
    assert organizer.locator("[role=status]").inner_text() == "Release 2 published."

    organizer.goto(live_server(f"/events/{world['event']}/changes"))
    newest = organizer.locator("ol.releases > li").first
    assert newest.locator("h2").inner_text().startswith("Release 2")
    assert [" ".join(t.split()) for t in newest.locator("ul.accepted li").all_inner_texts()] == [
        f"a speaker in two sessions at once Diplomacy keynote, Diplomacy panel Reason: {REASON}"
    ]
    organizer.goto(live_server(f"/manage/events/{world['event']}/audit"))
    accepted = organizer.locator("#audit tbody tr", has_text="Diplomacy keynote / Diplomacy panel")
    assert accepted.count() == 1
    assert (world["event_organizer"] in accepted.inner_text(), REASON in accepted.inner_text()) == (
        True,
        True,
    )
