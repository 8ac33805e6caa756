"""Following an invitation's link: a new person chooses a password; someone with an account
signs in as that account and accepts. Either way the role is theirs and the link is spent."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ...auth import invitations
from ...errors import DomainError
from ...extensions import db, limiter
from .forms import PasswordForm
from .views import _login_limit, _show_on_form, bp, link_refused, start_session


@bp.route("/invitations/accept", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def invitation_accept():
    # The token rides in the query string, which the request log never records.
    token = request.args.get("token", "")
    try:
        invitation = invitations.find(token)
        invitations.check_usable(invitation)
    except DomainError as exc:
        return link_refused(exc)
    account = invitations.account_for(invitation)
    here = url_for("auth.invitation_accept", token=token)
    workspace = url_for("manage.event", slug=invitation.event.slug)
    page = dict(invitation=invitation, here=here)
    if account is None:
        form = PasswordForm()
        if form.validate_on_submit():
            try:
                user = invitations.accept_with_new_account(
                    invitation, form.password.data, form.display_name.data or ""
                )
            except DomainError as exc:
                db.session.rollback()
                _show_on_form(form, exc)
            else:
                db.session.commit()
                start_session(user)
                return redirect(workspace)
        return render_template("auth/invitation.html", form=form, new_account=True, **page)
    signed_in_as_invitee = current_user.is_authenticated and current_user.id == account.id
    form = FlaskForm()
    if signed_in_as_invitee and form.validate_on_submit():
        invitations.accept_as(invitation, current_user._get_current_object())
        db.session.commit()
        return redirect(workspace)
    return render_template(
        "auth/invitation.html",
        form=form,
        new_account=False,
        signed_in_as_invitee=signed_in_as_invitee,
        **page,
    )
