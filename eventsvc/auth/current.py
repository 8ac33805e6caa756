"""Who is asking: the browser session (flask-login) or an API bearer token."""

from __future__ import annotations

from datetime import timedelta

from flask import Request, session
from sqlalchemy import select

from ..db import utcnow
from ..extensions import db, login_manager
from .models import ApiToken, User
from .secrets import token_digest

LAST_USED_RESOLUTION = timedelta(minutes=5)
# The user's session_version when this session signed in (cookies signed before versions
# existed carry none: 0, the version every account starts at).
SESSION_VERSION = "_sv"


def remember_session_version(user: User) -> None:
    session[SESSION_VERSION] = user.session_version


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or session.get(SESSION_VERSION, 0) != user.session_version:
        return None  # signed out since this cookie was issued: a stale copy
    return user


@login_manager.request_loader
def _load_from_token(request: Request) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    api_token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == token_digest(token.strip()), ApiToken.revoked_at.is_(None)
        )
    )
    if api_token is None or not api_token.user.is_active:
        return None
    now = utcnow()
    # Stamped at most every few minutes: a write on every API request would hold SQLite's
    # write lock for the whole request, for a figure shown to the minute in /manage.
    if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
        api_token.last_used_at = now
    return api_token.user
