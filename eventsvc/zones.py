"""A time zone named as the reader's language names it.

English pages name the zone by its IANA key (Asia/Shanghai), as organizers type it. Chinese
readers name mainland China's one time 北京时间, as stations, broadcasts and programmes print
it, and other zones by CLDR's Chinese names (中欧时间, 香港时间), not by a Latin key.
"""

from __future__ import annotations

from babel.core import get_global
from babel.dates import get_timezone, get_timezone_name


def zone_name(key: str, lang: str) -> str:
    """Asia/Shanghai -> 北京时间 in Chinese; the key itself in other languages."""
    if not lang.startswith("zh"):
        return key
    canonical = get_global("zone_aliases").get(key, key)
    if canonical == "Asia/Shanghai":
        return "北京时间"
    # UTC and the Etc/ zones belong to no place; CLDR would call them 未知地区时间.
    if get_global("zone_territories").get(canonical, "ZZ") == "ZZ":
        return key
    return get_timezone_name(get_timezone(canonical), locale=lang)
