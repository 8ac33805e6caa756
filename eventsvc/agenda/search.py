"""Finding sessions and speakers of a release by words, names (in characters or pinyin, with
or without spaces and tones) and affiliations, from an index built once per release.

The index lives in memory beside the Agenda and is as immutable as it: a search costs no
query. Latin words are matched by prefix ("diplom" finds "diplomacy"), accents and tone
marks or digits ignored; Chinese is matched as written (薛澜 finds 薛澜, not 薛 and 澜 apart).
Pinyin comes from the names' sort keys, romanised when the names were saved, so reading
never needs a romaniser.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from .. import caches
from .model import Agenda

# How much a match counts, by where it is found.
NAME, TITLE, PEOPLE, POSITION, TEXT = 8, 6, 3, 3, 1
MAX_QUERY = 200  # characters: a search box, not a document
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_WORD = re.compile(r"[^\W_]+")
_TONE_DIGITS = re.compile(r"(?:[a-z]+[1-5])+")  # "xue2lan2": pinyin typed with tone numbers


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "session" or "speaker"
    key: str  # the session's uid or the speaker's slug
    score: int
    by_name: bool  # a speaker found by their name alone (perhaps its pinyin)


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...]  # folded Latin words (and numbers)
    han: tuple[str, ...]  # runs of Chinese characters, as written

    @property
    def empty(self) -> bool:
        return not (self.words or self.han)

    @property
    def terms(self) -> tuple[str, ...]:
        return self.words + self.han


def fold(text: str) -> str:
    """Case, accents and tone marks folded away: "Xuě Lán" -> "xue lan"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse(text: str) -> Query:
    text = text[:MAX_QUERY]
    han = tuple(dict.fromkeys(_HAN.findall(text)))
    words = []
    for word in _WORD.findall(fold(_HAN.sub(" ", text))):
        words.append(re.sub("[1-5]", "", word) if _TONE_DIGITS.fullmatch(word) else word)
    return Query(tuple(dict.fromkeys(words)), han)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(_HAN.sub(" ", text)))


class _Builder:
    def __init__(self) -> None:
        self.docs: list[tuple[str, str]] = []
        self.postings: dict[str, dict[int, int]] = {}
        self.han: list[list[tuple[int, str]]] = []  # per doc: (weight, Chinese text)

    def add(self, kind: str, key: str, fields: list[tuple[int, str]]) -> None:
        doc = len(self.docs)
        self.docs.append((kind, key))
        self.han.append([(w, t) for w, t in fields if _HAN.search(t)])
        for weight, text in fields:
            for word in _words(text):
                seen = self.postings.setdefault(word, {})
                if seen.get(doc, 0) < weight:
                    seen[doc] = weight


def _texts(value: dict | None) -> list[str]:
    return [t for t in (value or {}).values() if t]


def _name_texts(speaker: dict) -> list[str]:
    """Every way of writing the name: each script, both orders, and pinyin run together."""
    out = []
    for n in speaker["names"]:
        family, given = n["family"] or "", n["given"] or ""
        out += [f"{family} {given}", f"{family}{given}", f"{given}{family}"]
    family, _, given = speaker["sort_name"].partition("\t")  # romanised when saved
    out += [f"{family} {given}", f"{family}{given}".replace(" ", ""), f"{given}{family}"]
    return out


class SearchIndex:
    def __init__(self, agenda: Agenda):
        b = _Builder()
        for s in agenda.speakers.values():
            b.add(
                "speaker",
                s["slug"],
                [(NAME, t) for t in _name_texts(s)]
                + [(POSITION, t) for t in _texts(s["affiliation"]) + _texts(s["title"])]
                + [(TEXT, t) for t in _texts(s["bio"])],
            )
        for talk in agenda.sessions:
            people = []
            for a in talk.appearances:
                record = agenda.speakers[a["speaker"]]
                people += _name_texts(record) + _texts(a["affiliation"] or record["affiliation"])
            forum = agenda.forums_by_id[talk.forum_id]
            b.add(
                "session",
                talk.uid,
                [(TITLE, t) for t in _texts(talk.title)]
                + [(PEOPLE, t) for t in people]
                + [(TEXT, t) for t in _texts(talk.description) + _texts(forum["name"])],
            )
        self._docs = b.docs
        self._postings = b.postings
        self._vocabulary = sorted(b.postings)
        self._han = b.han
        self._han_docs = _han_postings(b.han)

    def search(self, query: Query, limit: int = 50) -> list[Hit]:
        """The documents matching every term, best first (then in agenda order)."""
        if query.empty:
            return []
        found = [self._prefix(term) for term in query.words]
        scores = _and(found)
        for run in query.han:
            if scores is not None and not scores:
                break
            found.append(self._chinese(run, None if scores is None else scores.keys()))
            scores = _and(found[-1:], scores)
        ranked = sorted((scores or {}).items(), key=lambda item: (-item[1], item[0]))[:limit]
        hits = []
        for doc, score in ranked:
            kind, key = self._docs[doc]
            hits.append(Hit(kind, key, score, all(f[doc] >= NAME for f in found)))
        return hits

    def _prefix(self, term: str) -> dict[int, int]:
        found: dict[int, int] = {}
        start = bisect.bisect_left(self._vocabulary, term)
        for word in self._vocabulary[start:]:
            if not word.startswith(term):
                break
            # A whole word counts more than the start of one.
            bonus = 1 if word == term else 0
            for doc, weight in self._postings[word].items():
                if found.get(doc, 0) < weight + bonus:
                    found[doc] = weight + bonus
        return found

    def _chinese(self, run: str, among) -> dict[int, int]:
        candidates = set.intersection(*(self._han_docs.get(c, set()) for c in set(run)))
        if among is not None:
            candidates &= set(among)
        found = {}
        for doc in candidates:
            weight = max((w for w, text in self._han[doc] if run in text), default=0)
            if weight:
                found[doc] = weight + 1
        return found


def _han_postings(han: list[list[tuple[int, str]]]) -> dict[str, set[int]]:
    postings: dict[str, set[int]] = {}
    for doc, fields in enumerate(han):
        for _weight, text in fields:
            for run in _HAN.findall(text):
                for char in run:
                    postings.setdefault(char, set()).add(doc)
    return postings


def _and(found: list[dict[int, int]], scores: dict[int, int] | None = None):
    """The documents in every one of found (and in scores), their weights summed."""
    for one in found:
        if scores is None:
            scores = dict(one)
        else:
            scores = {doc: score + one[doc] for doc, score in scores.items() if doc in one}
    return scores


def index_for(agenda: Agenda) -> SearchIndex:
    """The release's index, built on its first search in this process and kept."""
    return caches.search_indexes.get_or_build(
        (agenda.release_id, agenda.digest), lambda: SearchIndex(agenda)
    )


def spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where text shows the query's terms: whole words a Latin term begins, Chinese runs as
    written; (start, end) offsets into text, sorted and not overlapping."""
    folded, origin = [], []  # each folded character, and the index of the one it came from
    for i, char in enumerate(text):
        for f in fold(char):
            folded.append(f)
            origin.append(i)
    flat = "".join(folded)
    found = []
    for word in _WORD.finditer(flat):
        if any(word.group().startswith(t) for t in query.words) and not _HAN.match(word.group()):
            found.append((origin[word.start()], origin[word.end() - 1] + 1))
    for run in query.han:
        start = text.find(run)
        while start != -1:
            found.append((start, start + len(run)))
            start = text.find(run, start + len(run))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
