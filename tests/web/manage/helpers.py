"""Signing a test client in and giving it a CSRF token, as a browser would have them."""

from __future__ import annotations

import re

import flask
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select

from eventsvc.extensions import db


def sign_in(client, user_id: int | None) -> None:
    """The session flask-login's login_user would leave (None: stay anonymous)."""
    if user_id is None:
        return
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(user_id)
        cookie["_fresh"] = True


def csrf_token(app, client) -> str:
    """A valid token for client's session, without a page to read it from (refused users: none)."""
    with app.test_request_context():
        token = generate_csrf()
        secret = flask.session["csrf_token"]
    with client.session_transaction() as cookie:
        cookie["csrf_token"] = secret
    return token


def token_on_page(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def row_counts() -> dict:
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def fingerprint() -> dict:
    """Every row of every table: any write at all changes it (the tests' databases are small)."""
    return {
        t.name: db.session.execute(select(t).order_by(*t.primary_key.columns)).all()
        for t in db.metadata.sorted_tables
    }
