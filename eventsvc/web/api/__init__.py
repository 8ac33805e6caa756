"""The JSON API under /api/v1, described by /api/v1/openapi.json (flask-smorest)."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from ...extensions import csrf
from .schemas import ErrorBody


class EventsvcApi(Api):
    # The contract's error body; web/errors.py writes it, this documents it.
    ERROR_SCHEMA = ErrorBody


api = EventsvcApi()

API_SETTINGS = {
    "API_TITLE": "eventsvc",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


def register(app: Flask) -> None:
    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api.init_app(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for blueprint in _blueprints():
        # Bearer tokens are not sent by browsers on their own, and the session cookie is
        # SameSite=Lax, so cross-site writes carry no credentials: no CSRF token needed.
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)


def _blueprints():
    """Every API blueprint, in the order they appear in the OpenAPI document."""
    from . import (
        audit,
        conflicts,
        events,
        forums,
        releases,
        sessions,
        speaker_import,
        speakers,
        tokens,
        write_events,
        write_releases,
        write_sessions,
        write_speakers,
    )
    from .me import blp as me

    return [
        events.bp,
        write_events.blp,
        forums.bp,
        sessions.bp,
        write_sessions.blp,
        speakers.bp,
        write_speakers.blp,
        speaker_import.bp,
        releases.bp,
        write_releases.blp,
        conflicts.bp,
        audit.blp,
        me,
        tokens.blp,
    ]
