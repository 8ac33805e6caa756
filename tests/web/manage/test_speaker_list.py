"""The workspace's speaker list: protocol order, a page at a time, found by name in any
script, pinyin or affiliation and by registration state, the same queries at any size."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eventsvc.extensions import db
from eventsvc.speakers.models import Registration, Speaker
from eventsvc.synthetic.generate import Size, generate
from eventsvc.web.manage.speakers import PAGE_SIZE
from tests.factories import make_event, make_speaker, make_user
from tests.web.manage.helpers import queries_at_two_sizes, sign_in

HAN = "Hans"


def _names(page: str) -> list[str]:
    return re.findall(r'<td class="name">([^<]*)</td>', page)


@pytest.fixture
def roster(app, client):
    """Three speakers of an event, one known by Chinese characters only; signed in as staff."""
    with app.app_context():
        event = make_event()
        make_speaker(
            event,
            names=[{"script": HAN, "family": "薛", "given": "澜", "family_first": True}],
            title={"en": "Dean", "zh": "院长"},
            affiliation={"en": "Schwarzman College", "zh": "清华大学苏世民书院"},
            precedence=1,
        )
        make_speaker(
            event, family="Gianotti", given="Fabiola", affiliation={"en": "CERN"}, precedence=2
        )
        make_speaker(
            event, family="Phanraksa", given="Orakanoke", registration=Registration.CONFIRMED
        )
        staff = make_user(role="staff", event=event)
        db.session.commit()
        sign_in(client, staff.id)
        return f"/manage/events/{event.slug}/speakers/"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, ["薛澜", "Fabiola Gianotti", "Orakanoke Phanraksa"]),
        ({"q": "xue lan"}, ["薛澜"]),
        ({"q": "Xuelan"}, ["薛澜"]),
        ({"q": "薛"}, ["薛澜"]),
        ({"q": "cern"}, ["Fabiola Gianotti"]),
        ({"q": "苏世民"}, ["薛澜"]),
        ({"state": "confirmed"}, ["Orakanoke Phanraksa"]),
        ({"q": "gianotti", "state": "confirmed"}, []),
    ],
)
def test_speaker_list_finds_by_name_pinyin_affiliation_and_state(client, roster, query, names):
    assert _names(client.get(roster, query_string=query).get_data(as_text=True)) == names


def test_speaker_list_says_when_nothing_matches(client, roster):
    page = client.get(roster, query_string={"q": "nobody", "lang": "zh"}).get_data(as_text=True)
    assert "没有符合筛选条件的嘉宾。" in page


def test_speaker_list_ignores_unknown_filter_values(client, roster):
    page = client.get(roster, query_string={"state": "nope", "page": "y"})
    assert (page.status_code, len(_names(page.get_data(as_text=True)))) == (200, 3)


CONFIRMED = 3


@pytest.fixture
def crowd(app, client):
    """An event of PAGE_SIZE + 5 speakers, CONFIRMED of them confirmed and the rest invited;
    signed in as an admin."""
    with app.app_context():
        event = generate("crowd", Size(forums=1, sessions=5, speakers=PAGE_SIZE + 5))
        for n, speaker in enumerate(db.session.scalars(select(Speaker))):
            speaker.registration = Registration.CONFIRMED if n < CONFIRMED else Registration.INVITED
        admin = make_user(role="admin")
        db.session.commit()
        sign_in(client, admin.id)
        return f"/manage/events/{event.slug}/speakers/"


def _slugs(page: str) -> list[str]:
    return re.findall(r'href="/manage/events/[\w-]+/speakers/([\w-]+)/edit"', page)


def test_speaker_list_shows_a_page_at_a_time_and_keeps_the_filters(client, crowd):
    pages = [
        client.get(crowd, query_string=query).get_data(as_text=True)
        for query in ({"state": "invited"}, {"state": "invited", "page": 2}, {"state": "confirmed"})
    ]
    assert [
        (len(_slugs(page)), re.findall(r'<a rel="next" href="([^"]+)"', page)) for page in pages
    ] == [
        (PAGE_SIZE, [f"{crowd}?state=invited&amp;page=2"]),
        (5 - CONFIRMED, []),
        (CONFIRMED, []),
    ]


def test_speaker_list_pages_hold_every_speaker_once(client, crowd):
    pages = [client.get(crowd, query_string={"page": n}).get_data(as_text=True) for n in (1, 2)]
    slugs = [slug for page in pages for slug in _slugs(page)]
    assert (len(_slugs(pages[0])), len(slugs), len(set(slugs))) == (
        PAGE_SIZE,
        PAGE_SIZE + 5,
        PAGE_SIZE + 5,
    )


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("", {}),
        ("", {"q": "a"}),
        ("", {"state": "confirmed", "page": "2"}),
        # The session form's picker searches the same way.
        ("find", {"q": "a"}),
    ],
)
def test_speaker_list_and_picker_cost_the_same_queries_at_1_and_3000_speakers(
    app, client, count_queries, path, query
):
    large = Size(forums=60, sessions=200, speakers=3000)
    path = f"speakers/{path}"
    [small, big] = queries_at_two_sizes(app, client, count_queries, large, path, **query)
    assert small == big


@pytest.mark.parametrize(
    ("lang", "headings", "cells"),
    [
        ("zh", ["单位", "职务"], ["清华大学苏世民书院", "院长"]),
        ("en", ["Title", "Affiliation"], ["Dean", "Schwarzman College"]),
    ],
)
def test_speaker_list_puts_the_affiliation_first_in_chinese(client, roster, lang, headings, cells):
    body = client.get(roster, query_string={"lang": lang}).get_data(as_text=True)
    assert (
        re.findall(r"<th>([^<]*)</th>", body)[2:4],
        re.findall(r'<td class="post">([^<]*)</td>', body)[:2],
    ) == (headings, cells)


@pytest.mark.parametrize(
    ("lang", "first"),
    [
        ("zh", ["family_name_zh", "given_name_zh", "name_order_zh", "family_name", "given_name"]),
        ("en", ["family_name", "given_name", "name_order", "family_name_zh", "given_name_zh"]),
    ],
)
def test_speaker_form_asks_for_the_readers_script_of_the_name_first(client, roster, lang, first):
    page = client.get(f"{roster}new", query_string={"lang": lang}).get_data(as_text=True)
    names = re.findall(r'<(?:input|select)[^>]* name="(\w+)"', page)
    assert [n for n in names if n not in ("csrf_token", "version")][:5] == first
