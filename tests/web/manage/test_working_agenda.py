"""The working agenda: filtered by forum, day and room, a page at a time, at a fixed cost."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from eventsvc.extensions import db
from eventsvc.synthetic.generate import Size, generate
from eventsvc.web.manage.agenda import PAGE_SIZE
from tests.factories import make_event, make_forum, make_room, make_session, make_user
from tests.web.manage.helpers import queries_at_two_sizes, sign_in


@pytest.fixture
def world(app, client):
    """Two forums, two rooms, two days; signed in as an organizer of the event."""
    with app.app_context():
        event = make_event()
        forum_a = make_forum(event, name={"en": "Alpha"})
        forum_b = make_forum(event, name={"en": "Beta"})
        hall, annex = make_room(event), make_room(event)
        make_session(forum_a, start=datetime(2024, 4, 25, 9), room=hall, title={"en": "A1 hall"})
        make_session(forum_a, start=datetime(2024, 4, 26, 9), room=annex, title={"en": "A2 annex"})
        make_session(forum_b, start=datetime(2024, 4, 25, 11), room=hall, title={"en": "B1 hall"})
        make_session(forum_b, start=datetime(2024, 4, 26, 11), title={"en": "B2 no room"})
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {
            "url": f"/manage/events/{event.slug}/agenda",
            "a": forum_a.slug,
            "hall": hall.slug,
        }


def _titles(page: str) -> list[str]:
    return re.findall(r'<td><a href="[^"]+/edit">([^<]+)</a>', page)


@pytest.mark.parametrize(
    "args, shown",
    [
        ({}, ["A1 hall", "B1 hall", "A2 annex", "B2 no room"]),
        ({"forum": "a"}, ["A1 hall", "A2 annex"]),
        ({"day": "2024-04-26"}, ["A2 annex", "B2 no room"]),
        ({"room": "hall"}, ["A1 hall", "B1 hall"]),
        ({"room": "none"}, ["B2 no room"]),
        ({"forum": "a", "day": "2024-04-25", "room": "hall"}, ["A1 hall"]),
    ],
)
def test_working_agenda_shows_the_sessions_its_filters_choose(client, world, args, shown):
    query = {k: world.get(v, v) for k, v in args.items()}
    page = client.get(world["url"], query_string=query).get_data(as_text=True)
    assert _titles(page) == shown


def test_working_agenda_ignores_unknown_filter_values(client, world):
    page = client.get(world["url"], query_string={"forum": "nope", "day": "x", "page": "y"})
    assert (page.status_code, len(_titles(page.get_data(as_text=True)))) == (200, 4)


@pytest.fixture
def big(app, client):
    """One event of PAGE_SIZE + 5 sessions; signed in as an admin."""
    with app.app_context():
        event = generate("big", Size(forums=2, sessions=PAGE_SIZE + 5, speakers=20))
        admin = make_user(role="admin")
        db.session.commit()
        sign_in(client, admin.id)
        return f"/manage/events/{event.slug}/agenda"


def test_working_agenda_shows_a_page_at_a_time(client, big):
    first = client.get(big).get_data(as_text=True)
    second = client.get(big, query_string={"page": 2}).get_data(as_text=True)
    assert (len(_titles(first)), len(_titles(second))) == (PAGE_SIZE, 5)


def test_working_agenda_page_links_keep_the_filters(client, big):
    page = client.get(big, query_string={"day": "2025-03-27"}).get_data(as_text=True)
    assert re.findall(r'<a rel="next" href="([^"]+)"', page) == [f"{big}?day=2025-03-27&amp;page=2"]


@pytest.mark.parametrize("page", ["agenda", "board"])
def test_workspace_page_costs_the_same_queries_at_1_and_2000_sessions(
    app, client, count_queries, page
):
    large = Size(forums=60, sessions=2000, speakers=534)
    [small, big] = queries_at_two_sizes(app, client, count_queries, large, page)
    assert small == big
