"""Dates and times in templates, formatted for the interface language.

Times arrive already in the event's zone; they are shown in that zone, which each page
states once, so a reader abroad sees the times printed on the venue's signs.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, dates
from flask import Flask
from flask_babel import get_locale

from .. import zones


def hm(moment: datetime) -> str:
    """09:00: 24-hour clock, as conference programmes in Beijing print it."""
    return dates.format_time(moment, "HH:mm", tzinfo=moment.tzinfo, locale=get_locale())


def long_date(day: date) -> str:
    """Monday, April 29, 2024 / 2024年4月29日星期一."""
    return dates.format_date(day, "full", locale=get_locale())


def medium_date(day: date) -> str:
    return dates.format_date(day, "medium", locale=get_locale())


def date_range(start: date, end: date) -> str:
    if start == end:
        return dates.format_date(start, "long", locale=get_locale())
    return dates.format_interval(start, end, "yMMMd", locale=get_locale())


def date_time(moment: datetime, zone) -> str:
    """A moment (a release's time, say) in the event's zone, date and time."""
    local = moment.astimezone(zone)
    return f"{dates.format_date(local.date(), 'medium', locale=get_locale())} {hm(local)}"


def utc_offset(moment: datetime) -> str:
    """UTC+08:00 for a moment in Asia/Shanghai."""
    return "UTC" + dates.get_timezone_gmt(moment, "long", locale="en")[3:]


def zone_name(key: str) -> str:
    """Asia/Shanghai, or 北京时间 on a Chinese page (zones.zone_name)."""
    return zones.zone_name(key, str(get_locale()))


def country_name(code: str) -> str:
    """CN -> China / 中国: a country's name in the interface language, the code if unknown."""
    return Locale.parse(str(get_locale())).territories.get(code.upper(), code)


def register(app: Flask) -> None:
    for function in (
        hm,
        long_date,
        medium_date,
        date_range,
        date_time,
        utc_offset,
        zone_name,
        country_name,
    ):
        app.add_template_filter(function)
