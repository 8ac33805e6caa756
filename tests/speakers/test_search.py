"""Finding a speaker by a name in any script, its pinyin (spaced, toned or not) or affiliation."""

from __future__ import annotations

import pytest

from eventsvc.speakers.search import find_speakers
from tests.factories import make_event, make_speaker


@pytest.fixture
def people(ctx):
    event = make_event()
    wang = make_speaker(
        event,
        names=[
            {"script": "Latn", "family": "Wang", "given": "Yifang", "family_first": True},
            {"script": "Hans", "family": "王", "given": "贻芳", "family_first": True},
        ],
        affiliation={"en": "Chinese Academy of Sciences", "zh": "中国科学院"},
    )
    # No Latin name: the pinyin comes from the characters, romanised when the speaker is saved.
    xue = make_speaker(event, names=[{"script": "Hans", "family": "薛", "given": "澜"}])
    gianotti = make_speaker(
        event,
        names=[
            {"script": "Latn", "family": "Gianotti", "given": "Fabiola"},
            {"script": "Hans", "family": "贾诺蒂", "given": "法比奥拉"},
        ],
        affiliation={"en": "CERN"},
    )
    return event, {"wang": wang.slug, "xue": xue.slug, "gianotti": gianotti.slug}


def _found(people, query, exclude=()):
    event, slugs = people
    names = {slug: name for name, slug in slugs.items()}
    found, _total = find_speakers(event.id, query, exclude)
    return [names[s.slug] for s in found]


@pytest.mark.parametrize(
    "query",
    [
        "王贻芳",
        "贻芳",
        "wangyifang",
        "wang yifang",
        "Wáng Yìfāng",
        "wang2 yi2 fang1",
        "Yifang Wang",
    ],
)
def test_search_finds_a_chinese_name_in_characters_or_pinyin(people, query):
    assert _found(people, query) == ["wang"]


def test_search_finds_pinyin_of_a_name_written_only_in_characters(people):
    assert _found(people, "xue lan") == ["xue"]


def test_search_finds_a_foreign_name_in_characters_with_or_without_the_middle_dot(people):
    assert (_found(people, "法比奥拉·贾诺蒂"), _found(people, "贾诺蒂")) == (
        ["gianotti"],
        ["gianotti"],
    )


@pytest.mark.parametrize("query", ["academy of sciences", "中国科学院", "cern"])
def test_search_finds_an_affiliation_in_any_language(people, query):
    assert _found(people, query) == ["gianotti" if query == "cern" else "wang"]


def test_search_leaves_out_the_speakers_already_chosen(people):
    _event, slugs = people
    assert _found(people, "", exclude=[slugs["wang"]]) == ["gianotti", "xue"]


def test_search_counts_every_match_beyond_the_limit(people):
    event, _slugs = people
    found, total = find_speakers(event.id, "", limit=1)
    assert ([s.sort_name for s in found], total) == (["gianotti\tfabiola"], 3)
