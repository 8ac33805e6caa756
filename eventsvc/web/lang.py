"""The language of a response: ?lang=, then Accept-Language, then the event's default."""

from __future__ import annotations

from flask import request

from ..i18n import negotiate


def request_language(available: list[str], default: str) -> str:
    accept = [lang for lang, _quality in request.accept_languages]
    return negotiate(request.args.get("lang"), accept, available, default)


def interface_language() -> str:
    """Flask-Babel's locale: the language of the labels, chosen like the content's."""
    from flask import current_app

    languages = current_app.config["UI_LANGUAGES"]
    return request_language(languages, languages[0]) if request else languages[0]
