"""Every public page, as readers open them on a phone (390x844) and a laptop (1366x900), in
English and Chinese, for the demo and for a generated 600-session event: nothing wider than
the screen, the timetable's headers in view while its grid scrolls, and no axe-core violation
of any rule (best practices included). A signed-in attendee's pages (My agenda, a starred
session) are held to the same.

Each page is opened once per screen and language; what it showed is kept for the module
(`survey`) and the tests below judge it, so one browser and one server do the whole tour."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eventsvc.agenda.current import agenda_for, current_release
from eventsvc.demo.loader import load_demo
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions import stars
from eventsvc.sessions.models import Talk
from eventsvc.synthetic.generate import Size, generate
from tests.browser.steps import sign_in
from tests.conftest import empty_tables
from tests.factories import make_user
from tests.web.public.reading import with_lang

pytestmark = pytest.mark.browser

SCREENS = ((390, 844), (1366, 900))
LANGS = ("en", "zh")
BIG = "synthetic-600"
ATTENDEE = "reader@example.org"


@pytest.fixture
def _clean_tables():
    """The events are built once for the module (below), not emptied after each test."""
    yield


@pytest.fixture(scope="module")
def events(app):
    """The demo and a generated event of 600 sessions in 20 forums over two days, published;
    an attendee who starred a session of each."""
    with app.app_context():
        demo = load_demo().slug
        publish(generate(BIG, Size(forums=20, sessions=600, speakers=900)), None)
        user = make_user(email=ATTENDEE)
        for slug in (demo, BIG):
            stars.star(user, _first_talk(slug), actor=user)
        db.session.commit()
        db.session.remove()
    yield demo, BIG
    empty_tables(app)


def _first_talk(slug: str) -> Talk:
    uid = _pick(agenda_for(current_release(slug))).uid
    return db.session.scalars(select(Talk).where(Talk.uid == uid)).one()


def _pick(agenda):
    """The first session (by time) with a room and a speaker: the one the tour opens."""
    return min(
        (s for s in agenda.sessions if s.room_id and s.appearances and not s.cancelled),
        key=lambda s: (s.start, s.uid),
    )


def public_pages(app, slug: str) -> list[str]:
    """The public pages of one event, as its links reach them."""
    with app.app_context():
        agenda = agenda_for(current_release(slug))
    forum = agenda.forums[0]["slug"]
    day = agenda.days[-1].isoformat()
    talk = _pick(agenda)
    person = agenda.speakers[talk.appearances[0]["speaker"]]
    at = quote(talk.local_start.isoformat())
    # Every day at once only for the demo: axe-core on 600 sessions at once takes minutes.
    every_day = [f"/events/{slug}?day=all"] if slug != BIG else []
    return [
        f"/events/{slug}",
        *every_day,
        f"/events/{slug}?day={day}&forum={forum}",
        f"/events/{slug}/forums/{forum}",
        f"/events/{slug}/speakers",
        f"/events/{slug}/speakers?order=name&forum={forum}",
        f"/events/{slug}/timetable",
        f"/events/{slug}/timetable?day={day}&forum={forum}",
        f"/events/{slug}/changes",
        f"/events/{slug}/sessions/{talk.uid}",
        f"/events/{slug}/speakers/{person['slug']}",
        f"/events/{slug}/search?q={quote(_latin_name(person))}",
        f"/events/{slug}/search?q={quote(_han_query(agenda))}",
        f"/events/{slug}/search",
        f"/events/{slug}/now?at={at}",
        f"/events/{slug}/rooms/{agenda.rooms_by_id[talk.room_id]['slug']}/display?at={at}",
    ]


def _latin_name(person: dict) -> str:
    latin = next(n for n in person["names"] if n["script"] == "Latn")
    return f"{latin['given']} {latin['family']}"


def _han_query(agenda) -> str:
    """A speaker's name in Chinese characters: a search in the other script."""
    return next(
        n["family"] + n["given"]
        for person in agenda.speakers_by_slug.values()
        for n in person["names"]
        if n["script"] == "Hans"
    )


def anonymous_pages(app, events) -> list[str]:
    return ["/", "/login", "/register"] + [p for slug in events for p in public_pages(app, slug)]


def signed_in_pages(app, events) -> list[str]:
    with app.app_context():
        starred = [(slug, _pick(agenda_for(current_release(slug))).uid) for slug in events]
    return ["/me/agenda"] + [f"/events/{slug}/sessions/{uid}" for slug, uid in starred]


@dataclass(frozen=True)
class Seen:
    scroll_width: int
    inner_width: int
    violations: tuple[tuple[str, int], ...]  # axe-core rule, nodes


# Every rule axe-core runs by default: WCAG A and AA and the best practices.
AXE_OPTIONS = {"resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def survey(app, live_server, events, chromium) -> dict[tuple, Seen]:
    """(signed in, width, language, path) -> what the page showed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    tours = {False: anonymous_pages(app, events), True: signed_in_pages(app, events)}
    seen = {}
    for lang in LANGS:
        for width, height in SCREENS:
            for signed_in, paths in tours.items():
                context = _screen(chromium, width, height, lang)
                page = context.new_page()
                if signed_in:
                    sign_in(page, live_server, ATTENDEE, then="/me/agenda")
                for path in paths:
                    response = page.goto(live_server(with_lang(path, lang)))
                    assert response is not None and response.status == 200, path
                    results = axe.run(page, options=AXE_OPTIONS)
                    seen[(signed_in, width, lang, path)] = Seen(
                        page.evaluate("document.documentElement.scrollWidth"),
                        page.evaluate("window.innerWidth"),
                        tuple((v["id"], len(v["nodes"])) for v in results.response["violations"]),
                    )
                context.close()
    return seen


def _screen(chromium, width: int, height: int, lang: str):
    return chromium.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN" if lang == "zh" else "en-US"
    )


def test_the_tour_covers_every_page_on_both_screens_in_both_languages(survey):
    pages = {(signed_in, path) for signed_in, _w, _l, path in survey}
    assert (len(pages), len(survey)) == (16 + 15 + 3 + 3, 4 * (16 + 15 + 3 + 3))


def test_public_pages_never_scroll_sideways(survey):
    wider = {key: s.scroll_width for key, s in survey.items() if s.scroll_width > s.inner_width}
    assert wider == {}


def test_public_pages_have_no_accessibility_violation_at_all(survey):
    found = {key: s.violations for key, s in survey.items() if s.violations}
    assert found == {}


def test_the_signed_in_tour_is_signed_in(live_server, events, chromium):
    """My agenda, as the tour opens it, lists the attendee's two starred sessions."""
    context = _screen(chromium, 1366, 900, "en")
    page = context.new_page()
    sign_in(page, live_server, ATTENDEE, then="/me/agenda")
    try:
        expect(page.locator("section.my-event article")).to_have_count(2)
    finally:
        context.close()


# Inside the viewport: an element's box overlaps the visible part of the page.
_IN_VIEW = """(selector) => [...document.querySelectorAll(selector)].some(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.bottom > 0 && r.right > 0
    && r.top < window.innerHeight && r.left < window.innerWidth
    && document.elementFromPoint(
         Math.min(Math.max(r.left + 2, 0), window.innerWidth - 1),
         Math.min(Math.max(r.top + 2, 0), window.innerHeight - 1)
       )?.closest(selector) === e;
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_timetable_keeps_a_room_and_a_time_in_view_while_its_grid_scrolls(
    live_server, events, chromium, lang
):
    seen = {}
    for width, height in SCREENS:
        context = _screen(chromium, width, height, lang)
        page = context.new_page()
        page.goto(live_server(with_lang(f"/events/{BIG}/timetable", lang)))
        page.evaluate("document.querySelector('.timetable-scroll').scrollIntoView()")
        moved = page.evaluate(
            """() => { const box = document.querySelector('.timetable-scroll');
                       box.scrollBy(600, 2000); return [box.scrollLeft, box.scrollTop]; }"""
        )
        seen[width] = (
            moved,
            page.evaluate(_IN_VIEW, ".room-head"),
            page.evaluate(_IN_VIEW, ".mark"),
        )
        context.close()
    assert seen == {390: ([600, 2000], True, True), 1366: ([600, 2000], True, True)}
