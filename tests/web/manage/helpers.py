"""Signing a test client in and giving it a CSRF token, as a browser would have them; counting
the queries of a workspace page at two sizes of event."""

from __future__ import annotations

import re

import flask
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select

from eventsvc.extensions import db
from eventsvc.synthetic.generate import Size, generate
from tests.factories import make_user


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


def queries_at_two_sizes(app, client, count_queries, large: Size, path: str, **query) -> list[int]:
    """The SQL statements an admin's GET of /manage/events/{slug}/{path} costs on a generated
    event of one session and on one of size large (each answer must be 200)."""
    with app.app_context():
        generate("one", Size(forums=1, sessions=1, speakers=1))
        generate("many", large)
        admin = make_user(role="admin")
        db.session.commit()
        sign_in(client, admin.id)
    counts = []
    for slug in ("one", "many"):
        with count_queries() as counter:
            response = client.get(f"/manage/events/{slug}/{path}", query_string=query)
        assert response.status_code == 200
        counts.append(counter.count)
    return counts
