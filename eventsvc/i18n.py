"""Multilingual text: validating language maps and choosing the language to show."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal, overload

from flask_babel import lazy_gettext as _l

from .errors import ValidationError
from .storable import check_text

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_language(tag: object) -> bool:
    return isinstance(tag, str) and bool(_LANG.match(tag))


@overload
def as_text_map(
    value: object, default_language: str, field: str, required: Literal[True]
) -> dict: ...
@overload
def as_text_map(
    value: object, default_language: str, field: str, required: bool = False
) -> dict | None: ...
def as_text_map(
    value: object, default_language: str, field: str, required: bool = False
) -> dict | None:
    """Accept a plain string (the default language) or a language map; return the map."""
    if value is None or value == "" or value == {}:
        if required:
            raise ValidationError(_l("%(field)s is required", field=field), {field: "required"})
        return None
    if isinstance(value, str):
        value = {default_language: value}
    if not isinstance(value, Mapping):
        raise ValidationError(
            _l("%(field)s must be a string or a language map", field=field), {field: "invalid"}
        )
    cleaned = {}
    for lang, text in value.items():
        if not is_language(lang):
            raise ValidationError(
                _l("%(field)s: %(lang)s is not a language tag", field=field, lang=repr(lang)),
                {field: "invalid"},
            )
        if not isinstance(text, str):
            raise ValidationError(
                _l("%(field)s: the %(lang)s text must be a string", field=field, lang=lang),
                {field: "invalid"},
            )
        text = check_text(text.strip(), field)
        if text:
            cleaned[lang] = text
    if required and not cleaned:
        raise ValidationError(_l("%(field)s is required", field=field), {field: "required"})
    return cleaned or None


def pick(text: Mapping[str, str] | None, language: str, default_language: str) -> str:
    """The text in language, else the default language, else any language present."""
    if not text:
        return ""
    for lang in (language, language.split("-")[0], default_language):
        if lang in text:
            return text[lang]
    return next(iter(text.values()))


def negotiate(
    requested: str | None, accept: Iterable[str], available: Iterable[str], default: str
) -> str:
    """?lang= first, then Accept-Language (already ordered by quality), then the default."""
    available = list(available)
    for candidate in ([requested] if requested else []) + list(accept):
        if not candidate:
            continue
        base = candidate.split("-")[0].lower()
        if candidate in available:
            return candidate
        if base in available:
            return base
    return default
