"""What every public page shares: strict HTML, language, titles, feed and JSON links, caching,
reading only the published release, and a cost that does not grow with the event."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsvc import paths
from eventsvc.events.models import Forum
from eventsvc.sessions.models import Talk
from tests.factories import make_published_event, make_session

from .reading import DEMO, PAGES, read, with_lang

# Latin words a Chinese page may show: data (a Thai name, a zone, an acronym) and product names.
_ALLOWED_LATIN = {
    "Orakanoke",
    "Phanraksa",
    "Asia",
    "Shanghai",
    "UTC",
    "TSRI",
    "Google",
    "iCalendar",
    "JSON",
    "schedule",
    "xml",
    "json",
}  # the schedule files, named as apps know them


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_is_strict_html_in_the_asked_language(client, demo, url, lang):
    page = read(client, with_lang(url, lang))
    assert page.lang == lang
    assert page.texts("//nav[@class='languages']//a[@aria-current]") == [
        {"en": "English", "zh": "中文"}[lang]
    ]
    assert page.title
    assert len(page.texts("//h1")) == 1


@pytest.mark.parametrize("url", PAGES)
def test_chinese_page_has_no_english_label_left(client, demo, url):
    page = read(client, with_lang(url, "zh"))
    for other in page.tree.xpath("//body//*[@lang and @lang != 'zh']"):
        other.drop_tree()  # text marked as another language (the switch to English) is not a label
    shown = page.texts("//body") + page.attrs("//@aria-label") + page.texts("//title")
    latin = set(re.findall(r"[A-Za-z]{2,}", " ".join(shown)))
    assert latin - _ALLOWED_LATIN == set()


@pytest.mark.parametrize("url", PAGES)
def test_page_links_its_calendar_feed_and_json(client, demo, url):
    page = read(client, with_lang(url, "en"))
    # A session page's "add to calendar" links are the session's own, not the page's feed.
    outside = "not(ancestor::ul[contains(@class,'add-to-calendar')])"
    webcal = page.attrs(f"//a[starts-with(@href,'webcal://localhost/events/') and {outside}]/@href")
    google = page.attrs(
        "//a[starts-with(@href,'https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F')"
        f" and {outside}]/@href"
    )
    # The same feed may be offered twice: at the top of the page and in its footer.
    assert len(set(webcal)) == len(set(google)) == 1
    assert all(u.split("?")[0].endswith("/calendar.ics") for u in webcal)
    feed = client.get(webcal[0].replace("webcal://localhost", ""))
    assert (feed.status_code, feed.mimetype) == (200, "text/calendar")
    json_links = page.attrs("//footer//a[@type='application/json']/@href")
    assert len(json_links) == 1 and json_links[0].startswith("/api/v1/events")
    assert page.attrs("//link[@rel='alternate' and @type='application/json']/@href") == json_links


@pytest.mark.parametrize("url", PAGES)
def test_page_answers_304_when_unchanged(client, demo, url):
    first = client.get(with_lang(url, "en"))
    again = client.get(with_lang(url, "en"), headers={"If-None-Match": first.headers["ETag"]})
    assert (first.status_code, again.status_code) == (200, 304)
    assert again.get_data() == b""


def test_session_calendar_links_answer(client, demo):
    page = read(client, f"/events/{DEMO}?lang=zh")
    links = page.attrs(
        "//article[contains(@class,'session')]//ul[@class='actions']//a[@download]/@href"
    )
    assert len(links) == 4
    assert [(r.status_code, r.mimetype) for r in map(client.get, links)] == [
        (200, "text/calendar")
    ] * 4


def test_page_etag_differs_by_language(client, demo):
    tags = {client.get(with_lang(f"/events/{DEMO}", lang)).headers["ETag"] for lang in ("en", "zh")}
    assert len(tags) == 2


def test_stylesheets_are_served_by_the_app(client, app):
    for name in ("eventsvc.css", "print.css"):
        response = client.get(f"/static/{name}")
        assert (response.status_code, response.mimetype) == (200, "text/css")
        response.close()
    assert "@page { size: A4" in (paths.STATIC / "print.css").read_text()


def test_chinese_catalog_is_compiled(app):
    assert Path(paths.TRANSLATIONS, "zh", "LC_MESSAGES", "messages.mo").is_file()


def test_unpublished_change_changes_no_public_page(client, demo, in_app):
    before = {
        url: client.get(with_lang(url, lang)).get_data() for url in PAGES for lang in ("en", "zh")
    }
    with in_app() as db_session:
        talk = db_session.scalars(select(Talk).order_by(Talk.start_at)).first()
        talk.title = {"en": "Renamed in the working agenda", "zh": "工作稿改名"}
        talk.status = "cancelled"
        forum = db_session.scalars(select(Forum)).one()
        make_session(forum, title={"en": "Draft only"})
        db_session.commit()
    after = {
        url: client.get(with_lang(url, lang)).get_data() for url in PAGES for lang in ("en", "zh")
    }
    assert after == before


def _event_of(size: int, in_app) -> tuple[str, str]:
    with in_app() as db_session:
        event, forum = make_published_event(size, theme={"en": "A theme"})
        db_session.commit()
        return event.slug, forum.slug


def _pages_of(slug: str, forum: str) -> list[str]:
    return [
        "/",
        f"/events/{slug}",
        f"/events/{slug}?forum={forum}",
        f"/events/{slug}/forums/{forum}",
        f"/events/{slug}/speakers",
        f"/events/{slug}/timetable",
        f"/events/{slug}/changes",
    ]


def test_page_query_count_does_not_grow_with_the_event(app, client, in_app, count_queries):
    small, large = _event_of(1, in_app), _event_of(50, in_app)
    for small_url, large_url in zip(_pages_of(*small), _pages_of(*large), strict=False):
        cold, warm = [], []
        for url in (small_url, large_url):
            _forget_built_agendas(app)
            for counts in (cold, warm):
                with count_queries() as counter:
                    assert client.get(url).status_code == 200
                counts.append(counter.count)
        assert cold[0] == cold[1], (small_url, cold)
        # Once built, a page costs at most the one question "which release is current?" (none
        # when replayed while nothing has changed: web/replay.py).
        assert max(warm) <= 1, (small_url, warm)


def _forget_built_agendas(app):
    from eventsvc.agenda.current import agendas

    agendas.clear()
    app.extensions["eventsvc.rendered"].clear()


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        (f"/events/{DEMO}", f"/events/{DEMO}/calendar.ics"),
        (
            f"/events/{DEMO}/forums/science-diplomacy",
            f"/events/{DEMO}/forums/science-diplomacy/calendar.ics",
        ),
        (f"/events/{DEMO}?room=forum-hall", f"/events/{DEMO}/rooms/forum-hall/calendar.ics"),
        (f"/events/{DEMO}/speakers/xue-lan", f"/events/{DEMO}/speakers/xue-lan/calendar.ics"),
    ],
)
def test_subscribe_links_stand_above_the_sessions(client, demo, url, feed):
    page = read(client, with_lang(url, "en"))
    order = list(page.tree.iter())
    (aside,) = page.tree.xpath("//main//aside[@class='subscribe']")
    first_session = page.tree.xpath("//main//a[contains(@href, '/sessions/')]")[0]
    assert (
        aside.xpath(".//a/@href")[0],
        order.index(aside) < order.index(first_session),
    ) == (f"webcal://localhost{feed}?lang=en", True)
