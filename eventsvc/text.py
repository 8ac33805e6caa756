"""Slugs and sort keys."""

from __future__ import annotations

import re
import unicodedata

HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002a6df]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def romanize(text: str) -> str:
    """Latin letters for text: Han characters become pinyin without tones, accents go."""
    if HAN.search(text):
        # Imported on first use: its dictionaries take about 60 MB, and a process that only
        # serves public reads (names are romanised when saved, not when read) never needs them.
        from pypinyin import Style, lazy_pinyin

        text = "".join(lazy_pinyin(text, style=Style.NORMAL))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str, fallback: str = "item") -> str:
    slug = _NOT_SLUG.sub("-", romanize(text).lower()).strip("-")[:70].strip("-")
    return slug or fallback


def name_sort_key(family: str, given: str) -> str:
    """Family name first, then given name, romanised and case-folded: how protocol lists sort."""
    return f"{romanize(family).casefold().strip()}\t{romanize(given).casefold().strip()}".strip()
