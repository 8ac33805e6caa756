"""Showing and ordering people's names the way a protocol office does.

Every rendering (pages, feeds, schedule files, the speaker CSV) asks here, so a Chinese reader
sees the same conventions everywhere:
- a name in characters runs family name first with no space (陈家昌); a foreign name written in
  characters runs given name first with a middle dot (法比奥拉·贾诺蒂);
- the honorific follows the name (王贻芳教授) and is only ever a Chinese one;
- the position is affiliation then title, with no comma (科学技术部副部长).
English keeps its own: "Prof. Wang Yifang", "Vice Minister, Ministry of Science and Technology".
"""

from __future__ import annotations

import re

from ..i18n import pick

# Scripts preferred for each interface language; Latin is everyone's fallback.
_SCRIPTS_FOR = {
    "zh": ("Hans", "Hant"),
    "ja": ("Jpan", "Hani"),
    "ko": ("Kore", "Hang"),
    "th": ("Thai",),
}
# Scripts written without a space between family and given name.
_UNSPACED = {"Hans", "Hant", "Hani", "Jpan", "Kore", "Hang"}
# What separates the given and family name of a foreign name transcribed into these scripts.
_TRANSCRIBED_JOINER = {"Hans": "·", "Hant": "·", "Hani": "·", "Jpan": "・"}
# Languages whose pages put the honorific after the name and the title after the affiliation.
_NAME_THEN_HONORIFIC = {"zh", "ja"}
# Characters after which (or before which) no space goes: CJK ideographs, kana and punctuation.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")


def _base(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def name_in(speaker: dict, lang: str) -> dict:
    """The speaker's name record best suited to lang."""
    names = speaker["names"]
    wanted = _SCRIPTS_FOR.get(_base(lang), ()) + ("Latn",)
    for script in wanted:
        for name in names:
            if name["script"] == script:
                return name
    return names[0]


def display_name(speaker: dict, lang: str) -> str:
    """ "Chen Jiachang", "陈家昌", "Orakanoke Phanraksa", "法比奥拉·贾诺蒂": each its own way."""
    name = name_in(speaker, lang)
    if name["family_first"]:
        parts = [name["family"], name["given"]]
        joiner = "" if name["script"] in _UNSPACED else " "
    else:
        parts = [name["given"], name["family"]]
        joiner = _TRANSCRIBED_JOINER.get(name["script"], "" if name["script"] in _UNSPACED else " ")
    return joiner.join(p for p in parts if p)


def latin_name(speaker: dict) -> str:
    return display_name(speaker, "en")


def honorific(values: dict | None, lang: str, default_language: str = "en") -> str:
    """The honorific to show in lang. A Chinese page shows a Chinese honorific or none:
    "Prof." in a Chinese line reads as a mistake, a missing honorific does not. Other
    languages fall back as every other text does."""
    if _base(lang) in _NAME_THEN_HONORIFIC:
        return (values or {}).get(_base(lang)) or ""
    return pick(values, lang, default_language)


def addressed(name: str, honorific_text: str, lang: str) -> str:
    """The name with its honorific where the language puts it: "Prof. Wang Yifang", "王贻芳教授"."""
    if not honorific_text:
        return name
    if _base(lang) in _NAME_THEN_HONORIFIC:
        return _concat(name, honorific_text)
    return f"{honorific_text} {name}"


def position(title: str, affiliation: str, lang: str) -> str:
    """Title and affiliation as one phrase: "Vice Minister, Ministry of Science and Technology"
    in English, 科学技术部副部长 (affiliation then title, no comma) in Chinese."""
    if _base(lang) in _NAME_THEN_HONORIFIC:
        return _concat(affiliation, title)
    return ", ".join(p for p in (title, affiliation) if p)


def _concat(first: str, second: str) -> str:
    """Two phrases run together as Chinese writes them; a space only beside Latin text."""
    if not first or not second:
        return first or second
    tight = _CJK.match(first[-1]) and _CJK.match(second[0])
    return first + ("" if tight else " ") + second


def protocol_key(speaker: dict) -> tuple:
    """Ranked speakers first by precedence, then everyone by family name, then given name."""
    precedence = speaker.get("precedence")
    return (
        precedence is None,
        precedence if precedence is not None else 0,
        speaker["sort_name"],
        speaker["id"],
    )


def name_key(speaker: dict) -> tuple:
    return (speaker["sort_name"], speaker["id"])


def ordered(speakers, order: str = "protocol") -> list[dict]:
    return sorted(speakers, key=protocol_key if order == "protocol" else name_key)
