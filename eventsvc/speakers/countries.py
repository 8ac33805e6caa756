"""Countries as rosters write them: a two-letter code (CN), or a name in Chinese or English."""

from __future__ import annotations

from functools import cache

from babel import Locale


@cache
def _codes() -> dict[str, str]:
    # Babel's territories include regions such as 001 (World): only two-letter codes count.
    codes: dict[str, str] = {}
    for lang in ("en", "zh"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                codes[code.casefold()] = code
                codes.setdefault(name.casefold(), code)
    return codes


def country_code(text: str) -> str | None:
    """CN for "CN", "cn", "China" or "中国"; None for an empty cell or no country."""
    return _codes().get(text.strip().casefold()) if text.strip() else None
