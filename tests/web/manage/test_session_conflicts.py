"""A session's conflicts where it is edited: on its edit page, which every save comes back to."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.conflicts import blocking_conflicts, check_publishable
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import sign_in, token_on_page


@pytest.fixture
def world(app, client):
    """Ada Busy speaks at the Opening, 09:00-10:00 in the Hall; signed in as the organizer."""
    with app.app_context():
        event = make_event(start_date="2024-04-26", end_date="2024-04-26")
        forum = make_forum(event)
        hall, annex = make_room(event, name={"en": "Hall"}), make_room(event, name={"en": "Annex"})
        busy = make_speaker(event, family="Busy", given="Ada")
        opening = make_session(
            forum, start=datetime(2024, 4, 26, 9), minutes=60, room=hall, title={"en": "Opening"}
        )
        add_appearance(opening, busy)
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {
            "event": event.slug,
            "new": f"/manage/events/{event.slug}/forums/{forum.slug}/sessions/new",
            "annex": annex.slug,
            "busy": busy.slug,
            "email": user.email,
        }


def _fields(world, start: str, end: str, **extra) -> dict:
    return {
        "title_en": "Quantum outlook",
        "kind": "speech",
        "status": "confirmed",
        "start": start,
        "end": end,
        "room": world["annex"],
        "speakers-0-speaker": world["busy"],
        "speakers-0-role": "speaker",
        "save": "1",
        **extra,
    }


def _conflicts(html: str) -> list[str]:
    section = re.search(r'<section id="session-conflicts".*?</section>', html, re.S).group(0)
    items = re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)
    items = items or re.findall(r"<p>(.*?)</p>", section)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def _create(client, world):
    form = client.get(world["new"]).get_data(as_text=True)
    data = _fields(world, "2024-04-26T09:30", "2024-04-26T10:00", csrf_token=token_on_page(form))
    return client.post(world["new"], data=data, follow_redirects=True)


def test_save_comes_back_to_the_page_listing_the_new_double_booking(client, world):
    page = _create(client, world)
    assert (page.status_code, page.request.path.endswith("/edit")) == (200, True)
    assert _conflicts(page.get_data(as_text=True)) == [
        "Blocks publishing: Ada Busy is in two sessions at once"
        " — other session: Opening (04-26 09:00)"
    ]


def test_resolving_the_double_booking_empties_the_list(client, world):
    page = _create(client, world)
    html = page.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    data = _fields(
        world,
        "2024-04-26T10:00",
        "2024-04-26T10:30",
        version=version,
        csrf_token=token_on_page(html),
    )
    saved = client.post(page.request.path, data=data, follow_redirects=True)
    assert _conflicts(saved.get_data(as_text=True)) == ["No conflicts."]


def test_accepted_double_booking_is_marked_with_its_reason(app, client, world):
    page = _create(client, world)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == world["event"]))
        keys = frozenset(c.key for c in blocking_conflicts(event))
        check_publishable(event, None, keys, "A stand-in")
        release = publish(event, None, "", accept_conflicts=keys, accept_reason="A stand-in")
        db.session.commit()
        when = release.published_at.astimezone(event.zone).strftime("%Y-%m-%d %H:%M")
    again = client.get(page.request.path).get_data(as_text=True)
    assert _conflicts(again) == [
        "Accepted: Ada Busy is in two sessions at once"
        " — other session: Opening (04-26 09:00)"
        f"“A stand-in”, by command line on {when} (release 1)"
    ]


def _listed(html: str) -> list[str]:
    listed = re.search(r'<ul id="conflicts">(.*?)</ul>', html, re.S).group(1)
    items = re.findall(r"<li[^>]*>\s*<strong>(.*?)</strong>", listed, re.S)
    return [item.strip() for item in items]


@pytest.mark.parametrize("view", ["agenda", "board?day=2024-04-26"])
def test_working_agenda_and_board_call_an_accepted_conflict_accepted(app, client, world, view):
    """Once accepted at a publish, a double booking no longer reads as blocking publishing,
    where organizers look for what blocks them; in Chinese with its own colon."""
    _create(client, world)
    url = f"/manage/events/{world['event']}/{view}"
    assert _listed(client.get(url).get_data(as_text=True)) == ["Blocks publishing:"]
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == world["event"]))
        keys = frozenset(c.key for c in blocking_conflicts(event))
        publish(event, None, "", accept_conflicts=keys, accept_reason="A stand-in")
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert _listed(page) == ["Accepted:"]
    assert 'class="blocking"' not in page
    chinese = client.get(url, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert _listed(chinese) == ["已接受："]
