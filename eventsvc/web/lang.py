"""The language of a response: ?lang=, then Accept-Language, then the event's default."""

from __future__ import annotations

from flask import request, session

from ..i18n import negotiate

# The workspace remembers the language last chosen with ?lang= (its pages are never cached, and
# their links carry no ?lang=); public pages take it from their URL alone, as caches key them.
REMEMBERED = "ui_lang"


def request_language(available: list[str], default: str) -> str:
    accept = [lang for lang, _quality in request.accept_languages]
    requested = request.args.get("lang")
    if request.blueprint == "manage":
        if requested in available:
            session[REMEMBERED] = requested
        requested = requested or session.get(REMEMBERED)
    return negotiate(requested, accept, available, default)


def interface_language() -> str:
    """Flask-Babel's locale: the language of the labels, chosen like the content's."""
    from flask import current_app

    languages = current_app.config["UI_LANGUAGES"]
    return request_language(languages, languages[0]) if request else languages[0]
