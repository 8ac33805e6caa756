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
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import Speaker, SpeakerName


def letters(text: str) -> str:
    """text without accents, tone marks, digits, spaces or punctuation, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalpha())


def _haystack(sort_name: str, slug: str, names: list[tuple[str, str]], affiliation) -> str:
    """Everything a query may match, each part reduced by letters() and kept apart by a tab."""
    parts = [sort_name, slug]
    for family, given in names:
        # Either order: people type a Chinese name family first, a Western one given first.
        parts += [family + given, given + family]
    parts += (affiliation or {}).values()
    return "\t".join(letters(p) for p in parts if p)


def find_ids(chosen: Select[Speaker], query: str) -> list[int]:
    """The ids of the speakers that chosen selects, in its order, that query matches.

    Two queries whatever the event's size (the searched columns, then every name), read as
    plain rows: thousands of speakers are never built as objects to be searched.
    """
    rows = db.session.execute(
        chosen.with_only_columns(Speaker.id, Speaker.sort_name, Speaker.slug, Speaker.affiliation)
    ).all()
    wanted = letters(query)
    if not wanted:
        return [row.id for row in rows]
    names = defaultdict(list)
    for speaker_id, family, given in db.session.execute(
        select(SpeakerName.speaker_id, SpeakerName.family, SpeakerName.given).where(
            SpeakerName.speaker_id.in_(chosen.with_only_columns(Speaker.id).order_by(None))
        )
    ):
        names[speaker_id].append((family, given))
    return [
        row.id
        for row in rows
        if wanted in _haystack(row.sort_name, row.slug, names[row.id], row.affiliation)
    ]


def load(ids: Sequence[int]) -> list[Speaker]:
    """The speakers of ids, in that order, with their names: one query, even for none."""
    found = {
        s.id: s
        for s in db.session.scalars(
            select(Speaker).where(Speaker.id.in_(ids)).options(joinedload(Speaker.names))
        ).unique()
    }
    return [found[i] for i in ids]


def find_speakers(
    event_id: int, query: str, exclude: Iterable[str] = (), limit: int = 20
) -> tuple[list[Speaker], int]:
    """Up to limit speakers of the event matching query (by sort name), leaving out the slugs
    in exclude, and how many matched in all: three queries at most, at any size."""
    chosen = select(Speaker).where(Speaker.event_id == event_id)
    left_out = list(exclude)
    if left_out:
        chosen = chosen.where(Speaker.slug.not_in(left_out))
    ids = find_ids(chosen.order_by(Speaker.sort_name, Speaker.id), query)
    return load(ids[:limit]), len(ids)
