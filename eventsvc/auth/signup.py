"""Self-registration by email: /register answers the same whether or not the address has an
account, and the difference goes to the address itself. A new address gets a signed link
(auth/links.py) to choose a password; the account exists once it is used, so the link works
once. An address with an account is told so, with the way to sign in."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..mail import queue
from . import links
from .models import User
from .services import normalize_email, register_attendee

PURPOSE = "registration"


def request_registration(
    email: str, display_name: str, *, finish_link: Callable[[str], str], login_url: str
) -> None:
    email = normalize_email(email)
    display_name = (display_name or "").strip()[:200]
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        subject = _("You already have an account")
        text = render_template("mail/registered_already.txt", email=email, login_url=login_url)
    else:
        token = links.sign(PURPOSE, {"email": email, "name": display_name})
        hours = current_app.config["REGISTRATION_LINK_HOURS"]
        subject = _("Welcome: finish creating your account")
        text = render_template(
            "mail/welcome.txt", name=display_name, url=finish_link(token), hours=hours
        )
    queue(email, subject, text, kind="registration")


def pending(token: str) -> tuple[str, str]:
    """The email and name a registration link was made for; refused once used or expired."""
    payload = links.unsign(PURPOSE, token, current_app.config["REGISTRATION_LINK_HOURS"])
    email, name = payload.get("email"), payload.get("name", "")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise links.LinkUsed(_l("this link has been used: the account exists, sign in"))
    return email, name


def finish_registration(token: str, password: str, display_name: str) -> User:
    email, _name = pending(token)
    return register_attendee(email, password, display_name)
