"""Finding a speaker by what an organizer types: a name in any script, its pinyin (with or
without spaces and tones), or an affiliation.

Both sides are reduced to letters alone, case-folded: spaces, middle dots, tone marks and
tone numbers go, so "Wáng Yìfāng", "wang yifang", "wang2 yi4 fang1" and "wangyifang" are
the same query. Pinyin needs no dictionary here: a speaker's sort name and slug are already
romanised when the speaker is saved (a Chinese name without a Latin one is romanised by
pypinyin then), and a worker never loads pypinyin to search.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import select

from ..extensions import db
from .models import Speaker


def letters(text: str) -> str:
    """text without accents, tone marks, digits, spaces or punctuation, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalpha())


def haystack(speaker: Speaker) -> str:
    """Everything a query may match, each part reduced by letters() and kept apart by a tab."""
    parts = [speaker.sort_name, speaker.slug]
    for name in speaker.names:
        # Either order: people type a Chinese name family first, a Western one given first.
        parts += [name.family + name.given, name.given + name.family]
    parts += (speaker.affiliation or {}).values()
    return "\t".join(letters(p) for p in parts if p)


def matches(speaker: Speaker, query: str) -> bool:
    wanted = letters(query)
    return not wanted or wanted in haystack(speaker)


def find_speakers(
    event_id: int, query: str, exclude: Iterable[str] = (), limit: int = 20
) -> tuple[list[Speaker], int]:
    """Up to limit speakers of the event matching query (by sort name), leaving out the slugs
    in exclude, and how many matched in all. Two queries (speakers, their names)."""
    left_out = set(exclude)
    speakers = db.session.scalars(
        select(Speaker).where(Speaker.event_id == event_id).order_by(Speaker.sort_name, Speaker.id)
    ).all()
    found = [s for s in speakers if s.slug not in left_out and matches(s, query)]
    return found[:limit], len(found)
