"""Web tests hold no app context while they make requests: a request inside a test's
context would share its g and db.session (cached CSRF tokens, a stale identity map).
`in_app` runs a block in a fresh context of its own instead."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from eventsvc.extensions import db


@pytest.fixture
def in_app(app):
    @contextmanager
    def context():
        with app.app_context():
            try:
                yield db.session
            finally:
                db.session.remove()

    return context


@pytest.fixture
def flask_calls(app, monkeypatch):
    """The requests that reached Flask behind the replay (their paths), from now on."""
    replay = app.extensions["eventsvc.replay"]
    calls = []
    through = replay._wsgi_app

    def counting(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return through(environ, start_response)

    monkeypatch.setattr(replay, "_wsgi_app", counting)
    return calls
