"""The language of a response: ?lang=, then Accept-Language, then the event's default."""

from __future__ import annotations

from flask import request

from ..i18n import negotiate


def request_language(available: list[str], default: str) -> str:
    accept = [lang for lang, _quality in request.accept_languages]
    return negotiate(request.args.get("lang"), accept, available, default)
