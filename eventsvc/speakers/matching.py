"""Finding the people a roster row may already be: found and shown, never merged silently.

A row matches a speaker of the event, or an earlier row of the same file, when they share
an email address, a name in the same script, or when a name in Chinese characters reads in
pinyin as a Latin name (陈家昌 and Chen Jiachang). Names are compared family to family and
given to given, without regard to case, accents, spaces or hyphens, whatever their order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .name_parts import compact, pinyin_readings

if TYPE_CHECKING:
    from .models import Speaker

_HAN_SCRIPTS = ("Hans", "Hant", "Hani")
EMAIL, NAME, PINYIN = "email", "name", "pinyin"


@dataclass
class Match:
    """A speaker or an earlier row (line) the row may be, and why: one of the two is set."""

    speaker: Speaker | None = None
    line: int | None = None
    reasons: list[str] = field(default_factory=list)
    # For a name match, the two names that met: ("陈家昌", "Chen Jiachang").
    names: tuple[str, str] | None = None

    @property
    def target(self) -> str:
        return self.speaker.slug if self.speaker is not None else f"line-{self.line}"


def _shown(name: dict) -> str:
    parts = (
        [name["family"], name["given"]] if name["family_first"] else [name["given"], name["family"]]
    )
    joiner = "" if name["script"] in _HAN_SCRIPTS else " "
    return joiner.join(p for p in parts if p)


def _keys(name: dict) -> list[tuple]:
    """The keys a name is filed under: its spelling in its script, and its Latin reading."""
    family, given = name["family"], name["given"]
    if name["script"] in _HAN_SCRIPTS:
        latin = [("latin", f, g) for f in pinyin_readings(family) for g in pinyin_readings(given)]
        return [(name["script"], family, given), *latin]
    return [
        (name["script"], compact(family), compact(given)),
        ("latin", compact(family), compact(given)),
    ]


class Finder:
    """An index of people met so far: the event's speakers, then each row as it is read."""

    def __init__(self) -> None:
        self._emails: dict[str, list] = defaultdict(list)
        self._names: dict[tuple, list] = defaultdict(list)

    def add(self, who, email: str | None, names: list[dict]) -> None:
        """who: a Speaker, or a row's line number."""
        if email:
            self._emails[email.lower()].append(who)
        for name in names:
            for key in _keys(name):
                self._names[key].append((who, name))

    def find(self, email: str | None, names: list[dict]) -> list[Match]:
        found: dict[object, Match] = {}

        def note(who, reason: str, pair=None) -> None:
            match = found.get(who)
            if match is None:
                row = isinstance(who, int)
                match = found[who] = Match(speaker=None if row else who, line=who if row else None)
            # A pinyin match says nothing more where the same name already matched.
            if reason in match.reasons or (reason == PINYIN and NAME in match.reasons):
                return
            if reason == NAME and PINYIN in match.reasons:
                match.reasons.remove(PINYIN)
                match.names = None
            match.reasons.append(reason)
            if pair and match.names is None:
                match.names = pair

        for who in self._emails.get(email.lower(), ()) if email else ():
            note(who, EMAIL)
        for name in names:
            for key in _keys(name):
                for who, theirs in self._names.get(key, ()):
                    # A Latin reading shared by a Chinese and a Latin name is a pinyin match;
                    # shared within one script, it is the same name spelt alike.
                    cross = (name["script"] in _HAN_SCRIPTS) != (theirs["script"] in _HAN_SCRIPTS)
                    if key[0] == "latin" and not cross and name["script"] != theirs["script"]:
                        continue
                    note(who, PINYIN if cross else NAME, (_shown(name), _shown(theirs)))
        return list(found.values())
