"""Personal feed tokens: the secret in an attendee's calendar URL.

The URL must be shown again whenever its owner asks (GET /api/v1/me/feed), yet the database
must never hold it. So each token is derived: a random 256-bit seed is stored, and the token
is HMAC-SHA256(SECRET_KEY, seed), 256 bits in URL-safe base64. The database keeps the seed and
the token's SHA-256 (for the lookup); someone holding a copy of the database without the
application's secret key cannot build any feed URL. Rotating draws a new seed: the old URL
then matches no row. Changing SECRET_KEY changes every personal feed URL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import Forbidden
from ..extensions import db
from .models import FeedToken, User
from .permissions import can_star
from .secrets import new_token, token_digest


def _derive(secret_key: str, seed: str) -> str:
    mac = hmac.new(secret_key.encode(), b"personal-feed:" + seed.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _check(user: User, actor: User | None) -> None:
    if actor is None or not can_star(actor) or actor.id != user.id:
        raise Forbidden(_l("only the owner of an account may read or rotate its feed"))


def feed_token(user: User, secret_key: str, actor: User | None) -> str:
    """The user's feed token, made on first use; the caller commits."""
    _check(user, actor)
    row = db.session.scalar(select(FeedToken).where(FeedToken.user_id == user.id))
    if row is None:
        return _issue(user, secret_key)
    return _derive(secret_key, row.seed)


def rotate_feed_token(user: User, secret_key: str, actor: User | None) -> str:
    """A new token for the user; the previous URL stops working. The caller commits."""
    _check(user, actor)
    row = db.session.scalar(select(FeedToken).where(FeedToken.user_id == user.id))
    if row is None:
        return _issue(user, secret_key)
    row.seed = new_token()
    token = _derive(secret_key, row.seed)
    row.token_hash = token_digest(token)
    db.session.flush()
    return token


def _issue(user: User, secret_key: str) -> str:
    seed = new_token()
    token = _derive(secret_key, seed)
    db.session.add(FeedToken(user_id=user.id, seed=seed, token_hash=token_digest(token)))
    db.session.flush()
    return token
