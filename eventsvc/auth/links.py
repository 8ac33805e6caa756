"""Links sent by mail (invitations, registration): signed with the secret key, so a link
cannot be forged or altered; each service checks expiry and single use against its rows."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..errors import DomainError, NotFound


class LinkExpired(DomainError):
    status = 410
    code = "link_expired"


class LinkUsed(DomainError):
    status = 410
    code = "link_used"


def _signer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"eventsvc.{purpose}")


def sign(purpose: str, payload) -> str:
    return _signer(purpose).dumps(payload)


def unsign(purpose: str, token: str, max_age_hours: int | None = None):
    """The payload; NotFound for a link that was not made here, LinkExpired for an old one."""
    try:
        max_age = max_age_hours * 3600 if max_age_hours is not None else None
        return _signer(purpose).loads(token or "", max_age=max_age)
    except SignatureExpired as exc:
        raise LinkExpired(_l("this link has expired")) from exc
    except BadSignature as exc:
        raise NotFound(_l("this link is not valid")) from exc
