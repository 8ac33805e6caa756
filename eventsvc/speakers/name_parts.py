"""Splitting a whole name from a roster's one name cell into family and given name."""

from __future__ import annotations

import re

from .. import caches
from ..text import HAN, romanize

# Two-character family names; any other Chinese name's family name is its first character.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 澹台 轩辕 端木 "
    "独孤 南宫 万俟 闻人 呼延 钟离 申屠 太史 西门 东郭 百里 第五".split()
)
# A foreign name written in characters separates its parts with a middle dot: 法比奥拉·贾诺蒂.
_DOT = re.compile(r"\s*[·•・‧.]\s*")
_COMPACT = re.compile(r"[\s\-'’]+")


def split_chinese(text: str) -> dict:
    """陈家昌 -> 陈 / 家昌, family first; 法比奥拉·贾诺蒂 -> given 法比奥拉, family 贾诺蒂."""
    text = re.sub(r"\s+", "", text)
    parts = [p for p in _DOT.split(text) if p]
    if len(parts) > 1:
        return {
            "script": "Hans",
            "family": parts[-1],
            "given": "·".join(parts[:-1]),
            "family_first": False,
        }
    size = 2 if text[:2] in _COMPOUND_SURNAMES and len(text) > 2 else 1
    return {"script": "Hans", "family": text[:size], "given": text[size:], "family_first": True}


def split_latin(text: str, chinese: dict | None = None) -> dict:
    """A Latin name's family name: before a comma (Chen, Jiachang), written in capitals
    (CHEN Jiachang), or first when it is the pinyin of the Chinese name; else the last word."""
    text = " ".join(text.split())
    if "," in text:
        family, given = (p.strip() for p in text.split(",", 1))
        return _latin(family, given, family_first=True)
    words = text.split(" ")
    if len(words) == 1:
        return _latin(words[0], "", family_first=False)
    capitals = [w for w in words if w.isupper() and len(w) > 1]
    if capitals and len(capitals) < len(words):
        family = " ".join(capitals)
        given = " ".join(w for w in words if w not in capitals)
        return _latin(family.title(), given, family_first=words[0] in capitals)
    if chinese is not None and compact(words[0]) in pinyin_readings(chinese["family"]):
        return _latin(words[0], " ".join(words[1:]), family_first=True)
    return _latin(words[-1], " ".join(words[:-1]), family_first=False)


def _latin(family: str, given: str, family_first: bool) -> dict:
    return {"script": "Latn", "family": family, "given": given, "family_first": family_first}


def is_chinese(text: str) -> bool:
    return bool(HAN.search(text))


def compact(text: str) -> str:
    """A name as compared across spellings: Latin letters, no accents, spaces or hyphens."""
    return _COMPACT.sub("", romanize(text).casefold())


def pinyin_readings(text: str, limit: int = 8) -> set[str]:
    """Every reading of text in pinyin without tones (单 is dan, shan or chan), compacted;
    at most limit of them, since family names are where one character has several."""
    if not is_chinese(text):
        return {compact(text)}
    readings = [""]
    for char in text:
        readings = [r + o for r in readings for o in _char_readings(char)][:limit]
    return {compact(r) for r in readings}


def _char_readings(char: str) -> tuple[str, ...]:
    # Character by character, cached: a roster of thousands of names uses a few hundred
    # characters, and pypinyin's conversion is what a dry run would otherwise spend its time on.
    return caches.pinyin_readings.get_or_build(char, lambda: _converted(char))


def _converted(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True)[0])
