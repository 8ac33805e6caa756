"""Your own API tokens: create one (its secret is shown once), see them, revoke them."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...auth.models import ApiToken
from ...auth.services import create_api_token, revoke_api_token
from ...extensions import db
from .access import user
from .blueprint import bp
from .editing import attempt, saved, status
from .forms import ConfirmForm, TokenForm


def _page(form: TokenForm, secret: str | None = None, code: int = 200):
    tokens = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == user().id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id)
    ).all()
    return render_template(
        "manage/tokens.html", form=form, tokens=tokens, secret=secret, confirm=ConfirmForm()
    ), code


@bp.get("/tokens")
def tokens():
    return _page(TokenForm(formdata=None))


@bp.post("/tokens")
def token_new():
    form = TokenForm()
    if form.validate() and (
        created := attempt(form, lambda: create_api_token(user(), form.label.data))
    ):
        # Shown on this answer only: the secret is never stored, so it cannot be shown again.
        return _page(TokenForm(formdata=None), secret=created[1], code=201)
    return _page(form, code=status(form))


@bp.post("/tokens/<int:token_id>/revoke")
def token_revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user().id or token.revoked_at is not None:
        abort(404, description=_("You have no such token."))
    attempt(ConfirmForm(), lambda: revoke_api_token(token, actor=user()))
    saved(_("Token revoked: it no longer works."))
    return redirect(url_for("manage.tokens"))
