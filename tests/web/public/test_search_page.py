"""Search: sessions and speakers by words, names in characters or pinyin, and affiliations."""

import pytest

from .reading import DEMO, read

XUE_SESSION = "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0003"
SPEAKERS = "//ul[contains(@class,'speaker-results')]/li/a/@href"
SESSIONS = "//ul[contains(@class,'session-results')]/li/a/@href"


def _search(client, q: str, lang: str = "en"):
    return read(client, f"/events/{DEMO}/search?q={q}&lang={lang}")


@pytest.mark.parametrize("q", ["xuelan", "Xue%20Lan", "薛澜", "xu%C3%A9%20l%C3%A1n", "xue2lan2"])
def test_search_finds_xue_lan_however_spelled(client, demo, q):
    page = _search(client, q)
    assert page.attrs(SPEAKERS) == [f"/events/{DEMO}/speakers/xue-lan?lang=en"]
    assert page.attrs(SESSIONS) == [f"/events/{DEMO}/sessions/{XUE_SESSION}?lang=en"]


def test_search_finds_a_latin_name(client, demo):
    page = _search(client, "Phanraksa")
    assert page.attrs(SPEAKERS) == [f"/events/{DEMO}/speakers/orakanoke-phanraksa?lang=en"]
    assert page.texts("//ul[contains(@class,'speaker-results')]//mark") == ["Phanraksa"]


def test_search_finds_a_speaker_by_an_affiliation_word(client, demo):
    page = _search(client, "Tsinghua")
    assert page.attrs(SPEAKERS) == [f"/events/{DEMO}/speakers/xue-lan?lang=en"]
    assert page.texts("//ul[contains(@class,'speaker-results')]//mark") == ["Tsinghua"]


def test_search_finds_a_title_word_in_chinese_and_marks_it(client, demo):
    page = _search(client, "平台", lang="zh")
    assert page.attrs(SESSIONS) == [f"/events/{DEMO}/sessions/{XUE_SESSION}?lang=zh"]
    assert page.texts("//ul[contains(@class,'session-results')]/li/a//mark") == ["平台"]


def test_search_ranks_title_matches_before_description_matches(client, demo):
    page = _search(client, "diplomacy")
    titles = page.texts("//ul[contains(@class,'session-results')]/li/a")
    assert [("diplomacy" in t.casefold()) for t in titles] == [True, True, False, False]


def test_search_marks_words_a_prefix_begins(client, demo):
    page = _search(client, "diplom")
    assert set(page.texts("//ul[contains(@class,'session-results')]/li/a//mark")) == {"diplomacy"}


def test_search_without_a_match_says_none(client, demo):
    page = _search(client, "zzzqqq")
    assert page.text("//p[@class='found']") == "0 results for “zzzqqq”"


def test_search_without_words_shows_the_form_only(client, demo):
    page = read(client, f"/events/{DEMO}/search?lang=en")
    assert (page.texts("//p[@class='found']"), page.attrs("//input[@name='q']/@value")) == (
        [],
        [""],
    )


def test_every_event_page_has_a_search_box(client, demo):
    for url in (f"/events/{DEMO}", f"/events/{DEMO}/speakers/xue-lan"):
        page = read(client, f"{url}?lang=en")
        assert page.attrs("//form[@class='search-box']/@action") == [f"/events/{DEMO}/search"]


def test_search_api_answers_speakers_and_sessions_best_first(client, demo):
    body = client.get(f"/api/v1/events/{DEMO}/search?q=xuelan").get_json()
    assert ([s["slug"] for s in body["speakers"]], [s["uid"] for s in body["sessions"]]) == (
        ["xue-lan"],
        [XUE_SESSION],
    )


def test_search_escapes_the_query(client, demo):
    page = _search(client, "%3Cscript%3E")
    assert page.attrs("//input[@name='q']/@value")[-1] == "<script>"
    assert "<script>" not in page.html
