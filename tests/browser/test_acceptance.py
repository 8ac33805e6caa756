"""Every public page, as readers open them on a phone (390x844) and a laptop (1366x900), in
English and Chinese, for the demo and for a generated 600-session event: nothing wider than
the screen, the timetable's headers in view while its grid scrolls, and no axe-core violation
of any rule (best practices included)."""

from __future__ import annotations

import pytest

from eventsvc.agenda.current import agenda_for, current_release
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.synthetic.generate import Size, generate
from tests.web.public.reading import with_lang

pytestmark = pytest.mark.browser

SCREENS = ((390, 844), (1366, 900))
BIG = "synthetic-600"


@pytest.fixture
def events(app, demo):
    """The demo and a generated event of 600 sessions in 20 forums over two days, published."""
    with app.app_context():
        event = generate(BIG, Size(forums=20, sessions=600, speakers=900))
        publish(event, None)
        db.session.commit()
        db.session.remove()
    return demo, BIG


def public_pages(app, slug: str) -> list[str]:
    """The public pages of one event, as its links reach them."""
    with app.app_context():
        agenda = agenda_for(current_release(slug))
    forum = agenda.forums[0]["slug"]
    day = agenda.days[-1].isoformat()
    return [
        f"/events/{slug}",
        f"/events/{slug}?day={day}&forum={forum}",
        f"/events/{slug}/forums/{forum}",
        f"/events/{slug}/speakers",
        f"/events/{slug}/speakers?order=name&forum={forum}",
        f"/events/{slug}/timetable",
        f"/events/{slug}/timetable?day={day}&forum={forum}",
        f"/events/{slug}/changes",
    ]


def every_page(app, events) -> list[str]:
    return ["/"] + [page for slug in events for page in public_pages(app, slug)]


def _screen(chromium, width: int, height: int, lang: str):
    return chromium.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN" if lang == "zh" else "en-US"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_public_pages_never_scroll_sideways(app, live_server, events, chromium, lang):
    wider = {}
    for width, height in SCREENS:
        context = _screen(chromium, width, height, lang)
        page = context.new_page()
        for path in every_page(app, events):
            page.goto(live_server(with_lang(path, lang)))
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > page.evaluate("window.innerWidth"):
                wider[(width, path)] = scroll_width
        context.close()
    assert wider == {}


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_timetable_keeps_a_room_and_a_time_in_view_while_its_grid_scrolls(
    live_server, events, chromium, lang
):
    seen = {}
    for width, height in SCREENS:
        context = _screen(chromium, width, height, lang)
        page = context.new_page()
        page.goto(live_server(with_lang(f"/events/{BIG}/timetable", lang)))
        page.locator(".timetable-scroll").scroll_into_view_if_needed()
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


# Every rule axe-core runs by default: WCAG A and AA and the best practices.
AXE_OPTIONS = {"resultTypes": ["violations"]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_public_pages_have_no_accessibility_violation_at_all(
    app, live_server, events, chromium, lang
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for width, height in SCREENS:
        context = _screen(chromium, width, height, lang)
        page = context.new_page()
        for path in every_page(app, events):
            page.goto(live_server(with_lang(path, lang)))
            results = axe.run(page, options=AXE_OPTIONS)
            violations = [(v["id"], len(v["nodes"])) for v in results.response["violations"]]
            if violations:
                found[(width, path)] = violations
        context.close()
    assert found == {}
