"""One Chinese word for each thing the product names, on every page and in every mail: an
event is 会议 and a session is 议程. 活动 would mean either to a reader, so it is not used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from eventsvc.agenda import ical, notices
from eventsvc.web import labels as pages

CATALOG = Path(__file__).resolve().parents[1] / "eventsvc/translations/zh/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _pairs() -> list[tuple[str, str]]:
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        chinese = message.string if isinstance(message.string, str) else message.string[0]
        pairs.append((PLACEHOLDER.sub("", english), chinese))
    return pairs


@pytest.mark.parametrize(
    ("english", "chinese"),
    [(r"\bevents?\b", "会议"), (r"\bsessions?\b", "议程|场")],
)
def test_each_thing_has_one_chinese_name(english, chinese):
    other = [
        (e, c) for e, c in _pairs() if re.search(english, e, re.I) and not re.search(chinese, c)
    ]
    assert other == []


def test_no_chinese_text_says_huodong():
    texts = [c for _e, c in _pairs()] + list(notices._WORDS["zh"].values())
    assert [t for t in texts if "活动" in t] == []


def test_feeds_and_notices_use_the_pages_chinese_words(app):
    """A kind, role or status reads the same in a calendar, a speaker's mail and a page."""
    feeds, mails = ical.labels("zh"), notices._STATUS_NAMES["zh"]
    ours = [
        *((feeds["kind"][code], pages.SESSION_KINDS[code]) for code in pages.SESSION_KINDS),
        *((feeds["role"][code], pages.SPEAKER_ROLES[code]) for code in pages.SPEAKER_ROLES),
        *((mails[code], pages.STATUSES[code]) for code in pages.STATUSES),
    ]
    with app.test_request_context(), force_locale("zh"):
        differ = [(word, str(label)) for word, label in ours if word != str(label)]
    assert differ == []
