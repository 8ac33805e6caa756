"""A reader in a real browser: the demo agenda, switching to Chinese, a forum; axe-core on each."""

import pytest
from playwright.sync_api import expect

from tests.web.public.reading import DEMO, FORUM, FORUM_ORGANIZATIONS_ZH, PAGES, with_lang

pytestmark = pytest.mark.browser

# WCAG 2.1 A and AA rules.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def test_reader_switches_to_chinese_and_opens_a_forum(live_server, demo, browser_page):
    page = browser_page
    page.goto(live_server(f"/events/{DEMO}"))
    expect(page).to_have_title("Agenda · Zhongguancun Forum 2024")
    expect(page.locator("article.session .when")).to_have_text(
        ["09:00–09:20", "09:20–09:35", "09:35–09:50", "10:00–11:00"]
    )

    page.get_by_role("link", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    expect(page).to_have_title("日程 · 2024中关村论坛")

    page.get_by_role("link", name="科学与外交国际论坛").click()
    expect(page).to_have_url(live_server(f"/events/{DEMO}/forums/{FORUM}?lang=zh"))
    expect(page.locator("h1")).to_have_text("科学与外交国际论坛")
    expect(page.locator("p.theme")).to_have_text("主题 推动开放创新，合作互利共赢")
    expect(page.locator("dl.organizations > *")).to_have_text(FORUM_ORGANIZATIONS_ZH)
    expect(page.locator("ul.speaker-list .name")).to_have_text(
        ["陈家昌", "Orakanoke Phanraksa", "薛澜"]
    )


def _asked(caplog, page: str) -> list[str]:
    """What the browser asked the server for besides page, as the request log says."""
    return sorted(
        r.path for r in caplog.records if r.name == "eventsvc.requests" and r.path != page
    )


def test_the_next_page_asks_for_no_style_or_icon_again(live_server, demo, browser_page, caplog):
    """Styles and the icon are kept under their versioned URLs: after the first page, on
    conference Wi-Fi, a reader's pages cost one request each (the timetable adds its script)."""
    first = f"/events/{DEMO}"
    browser_page.goto(live_server(first))
    # The browser asks for the icon once the page has loaded (30 s at most, on a busy machine).
    for _ in range(300):
        if "/static/icon.svg" in _asked(caplog, first):
            break
        browser_page.wait_for_timeout(100)
    seen = {first: _asked(caplog, first)}
    for path in (f"/events/{DEMO}/speakers", f"/events/{DEMO}/timetable"):
        caplog.clear()
        browser_page.goto(live_server(path))
        seen[path] = _asked(caplog, path)
    assert seen == {
        first: ["/static/eventsvc.css", "/static/icon.svg", "/static/print.css"],
        f"/events/{DEMO}/speakers": [],
        f"/events/{DEMO}/timetable": ["/static/timetable.js"],
    }


def test_agenda_filters_work_without_javascript(live_server, demo, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server(f"/events/{DEMO}?lang=en"))
        page.get_by_label("Day", exact=True).select_option("2024-04-29")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(live_server(f"/events/{DEMO}?lang=en&day=2024-04-29&forum=&room="))
        expect(page.locator("article.session")).to_have_count(4)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_public_pages_have_no_serious_accessibility_violation(
    live_server, demo, browser_page, lang
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in PAGES:
        browser_page.goto(live_server(with_lang(path, lang)))
        results = axe.run(browser_page, options=AXE_OPTIONS)
        serious = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    assert found == {}


def test_axe_harness_reports_a_known_violation(browser_page):
    from axe_playwright_python.sync_playwright import Axe

    browser_page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png"></main></html>'
    )
    results = Axe().run(browser_page, options=AXE_OPTIONS)
    assert [(v["id"], v["impact"]) for v in results.response["violations"]] == [
        ("image-alt", "critical")
    ]
