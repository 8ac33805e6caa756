"""People's names as schedule files give them: one string, to be split and matched."""

from __future__ import annotations

import unicodedata

# Unicode character-name prefixes and the ISO 15924 script they signal; anything else is Latin.
_SCRIPTS = (
    ("CJK", "Hans"),
    ("HIRAGANA", "Jpan"),
    ("KATAKANA", "Jpan"),
    ("HANGUL", "Hang"),
    ("THAI", "Thai"),
    ("CYRILLIC", "Cyrl"),
    ("GREEK", "Grek"),
    ("ARABIC", "Arab"),
    ("HEBREW", "Hebr"),
    ("DEVANAGARI", "Deva"),
)
# Scripts whose names put the family name first.
_FAMILY_FIRST = {"Hans", "Jpan", "Hang"}


def script_of(name: str) -> str:
    for char in name:
        if char.isalpha():
            char_name = unicodedata.name(char, "")
            return next((code for prefix, code in _SCRIPTS if char_name.startswith(prefix)), "Latn")
    return "Latn"


def split_name(name: str) -> dict:
    """A names record for the speaker services: "陈家昌" -> 陈 + 家昌, "Jane Doe" -> Jane + Doe.

    A file gives one string and no order, so Latin names are read given name first (as pretalx
    and frab display them); the display stays the same either way.
    """
    script = script_of(name)
    words = name.split()
    if script in _FAMILY_FIRST:
        family, given = (words[0], " ".join(words[1:])) if len(words) > 1 else (name[:1], name[1:])
        return {"script": script, "family": family, "given": given, "family_first": True}
    family, given = words[-1], " ".join(words[:-1])
    return {"script": script, "family": family, "given": given, "family_first": False}


def normalized(name: str) -> str:
    return " ".join(name.casefold().split())


def spellings(family: str, given: str) -> set[str]:
    """Every way a file may write this name: either order, with or without a space."""
    return {
        normalized(f"{given} {family}"),
        normalized(f"{family} {given}"),
        normalized(f"{family}{given}"),
    }
