"""What text the service accepts: which characters, how long each field, which links.

One place for the rules every write path applies (the API, the workspace forms, the speaker
imports, the schedule import, restore) and the API's OpenAPI document shows.
"""

from __future__ import annotations

import re
from typing import TypeGuard
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from .errors import ValidationError

# Lone surrogates cannot be encoded to UTF-8 (the database and every answer would fail);
# control characters other than tab and line breaks, and the two non-characters, cannot
# be written into the XML and iCalendar files the service serves.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

SHORT = 300  # titles, names, affiliations, venues: one line
LONG = 20_000  # descriptions, abstracts, biographies

# The longest text each field takes, in characters (a multilingual text: in each language).
# Columns with a length (String(n)) are declared with these numbers.
MAX_LENGTH = {
    "name": SHORT,
    "title": SHORT,
    "subtitle": SHORT,
    "theme": SHORT,
    "venue": SHORT,
    "affiliation": SHORT,
    "short_name": 100,
    "honorific": 100,
    "family": 150,
    "given": 150,
    "description": LONG,
    "details": LONG,
    "bio": LONG,
    "comment": 2000,
    "reason": 2000,
    "email": 254,
    "phone": 50,
    "photo_url": 500,
    "website": 500,
    "origin_url": 2000,
    "type_name": 50,
    "links": 2000,  # the address of each link; their titles and types are SHORT
    "label": 100,
    "slug": 80,
    "uid": 36,
    "language": 16,  # a language tag such as en or zh-Hant
    "timezone": 64,
    "country": 2,
    "instant": 64,  # an ISO 8601 time such as 2024-04-29T14:00:00+08:00
}


def unstorable(text: str) -> str | None:
    """The first character text cannot hold, as U+XXXX; None when every one is fine."""
    found = _UNSTORABLE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def unstorable_in(value: object) -> str | None:
    """unstorable() of the first string anywhere in a JSON value (keys included)."""
    if isinstance(value, str):
        return unstorable(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return next(filter(None, map(unstorable_in, value)), None)
    return None


def check_storable(value: object, field: str) -> None:
    """A 422 on field when any string of value (a JSON value, keys included) holds a character
    that cannot be stored."""
    bad = unstorable_in(value)
    if bad:
        raise ValidationError(
            _l(
                "%(field)s holds a character that cannot be stored (%(char)s)",
                field=field,
                char=bad,
            ),
            {field: "invalid"},
        )


def check_text(text: str, field: str, limit: int | None = None) -> str:
    """text when it can be stored in field: refused characters and over-long text are a 422."""
    check_storable(text, field)
    limit = MAX_LENGTH[field] if limit is None else limit
    if len(text) > limit:
        raise ValidationError(
            _l("%(field)s is longer than %(limit)d characters", field=field, limit=limit),
            {field: "too long"},
        )
    return text


def is_web_url(value: object) -> TypeGuard[str]:
    """An absolute http or https address with a host: what may become a link or an image."""
    if not isinstance(value, str) or _UNSTORABLE.search(value) or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def shown_url(value: object) -> str | None:
    """A stored link as pages and answers may give it: rows written before links had to be
    http(s) may hold javascript: or data: addresses, which are never handed on."""
    return value if is_web_url(value) else None


def web_url(value: object, field: str) -> str | None:
    """A link field's value (None when empty); anything but an http(s) address is a 422."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(_l("%(field)s must be a string", field=field), {field: "invalid"})
    value = check_text(value.strip(), field)
    if not value:
        return None
    if not is_web_url(value):
        raise ValidationError(
            _l("%(field)s must be an http:// or https:// address", field=field),
            {field: "invalid"},
        )
    return value
