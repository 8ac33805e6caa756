"""Log in, log out, register. Login and registration are throttled per client address."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from ...auth.permissions import manageable_event_ids
from ...auth.services import authenticate, register_attendee
from ...errors import DomainError
from ...extensions import db, limiter, login_manager
from ..errors import error_response, wants_json
from ..redirects import safe_next
from .forms import LoginForm, RegisterForm

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _home(user) -> str:
    """Where a user lands after logging in without a next page: the workspace if they have one."""
    return "/manage" if manageable_event_ids(user) != set() else "/"


def _start_session(user) -> None:
    # A fresh session on login: nothing from before (a planted value, an old CSRF token) survives.
    session.clear()
    session.permanent = True
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            _start_session(user)
            return redirect(safe_next(form.next.data, _home(user)))
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET asks; only a POST (with its CSRF token) logs out, so no other site can log you out."""
    if request.method == "POST":
        logout_user()
        session.clear()
        return redirect("/")
    return render_template("auth/logout.html")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register():
    form = RegisterForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = register_attendee(
                form.email.data, form.password.data, form.display_name.data or ""
            )
        except DomainError as exc:
            db.session.rollback()
            _show_on_form(form, exc)
        else:
            db.session.commit()
            _start_session(user)
            return redirect(safe_next(form.next.data, "/"))
    return render_template("auth/register.html", form=form)


def _show_on_form(form, exc: DomainError) -> None:
    for name in exc.fields or {"email": exc.message}:
        getattr(form, name, form.email).errors.append(exc.message)


@login_manager.unauthorized_handler
def _unauthorized():
    """The API answers 401; a page sends the browser to log in and come back."""
    if wants_json():
        return error_response(401, "unauthorized", "log in or send an API token")
    back = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=back))
