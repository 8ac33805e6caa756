"""Log in, log out, register. Login and registration are throttled per client address."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ...auth import links, signup
from ...auth.current import remember_session_version
from ...auth.permissions import manageable_event_ids
from ...auth.services import authenticate
from ...errors import DomainError
from ...extensions import db, limiter, login_manager
from ..absolute import external_url
from ..errors import error_response, wants_json
from ..redirects import safe_next
from .forms import LoginForm, PasswordForm, RegisterForm

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _home(user) -> str:
    """Where a user lands after logging in without a next page: the workspace if they have one."""
    return "/manage" if manageable_event_ids(user) != set() else "/"


def start_session(user) -> None:
    # A fresh session on login: nothing from before (a planted value, an old CSRF token) survives.
    session.clear()
    session.permanent = True
    login_user(user)
    remember_session_version(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            start_session(user)
            return redirect(safe_next(form.next.data, _home(user)))
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET asks; only a POST (with its CSRF token) logs out, so no other site can log you out."""
    if request.method == "POST":
        if current_user.is_authenticated:
            # Every copy of this session's cookie, wherever it went, stops working now.
            current_user.session_version += 1
            db.session.commit()
        logout_user()
        session.clear()
        return redirect("/")
    return render_template("auth/logout.html")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register():
    """The answer is the same whether or not the address has an account: what differs is the
    mail sent to it (a link to finish registering, or a reminder to sign in)."""
    form = RegisterForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            signup.request_registration(
                form.email.data,
                form.display_name.data or "",
                finish_link=lambda token: external_url(
                    "auth.register_finish", token=token, next=form.next.data or None
                ),
                login_url=external_url("auth.login"),
            )
        except DomainError as exc:
            db.session.rollback()
            _show_on_form(form, exc)
        else:
            db.session.commit()
            return render_template("auth/check_mail.html", email=form.email.data.strip())
    return render_template("auth/register.html", form=form)


@bp.route("/register/finish", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register_finish():
    """The link of the welcome mail: choose a password; the account then exists (so the
    link works once) and is signed in."""
    token = request.args.get("token", "")
    try:
        email, name = signup.pending(token)
    except DomainError as exc:
        return link_refused(exc)
    form = PasswordForm(display_name=name)
    if form.validate_on_submit():
        try:
            user = signup.finish_registration(token, form.password.data, form.display_name.data)
        except DomainError as exc:
            db.session.rollback()
            _show_on_form(form, exc)
        else:
            db.session.commit()
            start_session(user)
            return redirect(safe_next(request.args.get("next"), "/"))
    return render_template("auth/register_finish.html", form=form, email=email)


def link_refused(exc: DomainError):
    """A mailed link that no longer works, said in the reader's language."""
    if isinstance(exc, links.LinkExpired):
        message = _("This link has expired. Ask for a new one.")
    elif isinstance(exc, links.LinkUsed):
        message = _("This link has been used already. Sign in with your account.")
    else:
        message = _("This link is not valid. Check that it was copied whole.")
    return render_template("auth/link_refused.html", message=message), exc.status


def _show_on_form(form, exc: DomainError) -> None:
    message = str(exc.message)  # a domain message may be lazy: in the reader's language
    for name in exc.fields or {"email": message}:
        target = getattr(form, name, None) or getattr(form, "email", None) or form.password
        target.errors.append(message)


@login_manager.unauthorized_handler
def _unauthorized():
    """The API answers 401; a page sends the browser to log in and come back."""
    if wants_json():
        return error_response(401, "unauthorized", "log in or send an API token")
    back = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=back))
