"""The caller's own API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from ...auth.models import ApiToken
from ...auth.services import create_api_token, revoke_api_token
from ...errors import NotFound
from ...extensions import db, limiter
from .common import (
    READ_ERRORS,
    WRITE_ERRORS,
    actor,
    committed,
    documented,
    install_guards,
    length,
)

blp = Blueprint("tokens", __name__, url_prefix="/api/v1", description="Your API tokens")
install_guards(blp)


class TokenCreate(Schema):
    label = fields.String(validate=length("label"))


class TokenOut(Schema):
    id = fields.Integer()
    prefix = fields.String(
        metadata={"description": "the token's first characters, to tell it apart"}
    )
    label = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)


class NewTokenOut(TokenOut):
    token = fields.String(metadata={"description": "the secret: shown this once, never stored"})


def _token_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@blp.route("/me/tokens", methods=["GET"])
@blp.response(200, TokenOut(many=True))
@documented(blp, *READ_ERRORS)
def list_tokens():
    """Your tokens that still work."""
    return db.session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == actor().id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id)
    ).all()


@blp.route("/me/tokens", methods=["POST"])
@limiter.limit(_token_limit)
@blp.arguments(TokenCreate)
@blp.response(201, NewTokenOut)
@documented(blp, *WRITE_ERRORS, 429)
@committed
def create_token(body):
    """A new token for Authorization: Bearer; throttled like logins."""
    token, plain = create_api_token(actor(), body.get("label", ""))
    return {
        "id": token.id,
        "prefix": token.prefix,
        "label": token.label,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "token": plain,
    }, 201


@blp.route("/me/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
def revoke_token(token_id):
    """Revoke one of your tokens: it stops working at once."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != actor().id or token.revoked_at is not None:
        raise NotFound(_l("you have no such token"))
    revoke_api_token(token, actor=actor())
    return "", 204
