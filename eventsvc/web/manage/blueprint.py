"""The /manage blueprint: organizers' and staff's workspace. Every page needs a signed-in user."""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from ...extensions import login_manager
from ...i18n import pick

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.before_request
def _signed_in():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@bp.app_template_filter("pick_text")
def pick_text(text: dict | None) -> str:
    """A language map shown in the interface language, else any language it has."""
    return pick(text, str(get_locale() or "en"), "en")


@bp.context_processor
def _language_links():
    """The header's language switch: this page (GET) in each interface language."""
    if request.endpoint is None:
        return {}
    args = {**request.view_args, **request.args.to_dict()}
    return {
        "language_links": [
            (code, url_for(request.endpoint, **{**args, "lang": code}))
            for code in current_app.config["UI_LANGUAGES"]
        ]
    }
