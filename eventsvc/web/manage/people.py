"""People and their roles in an event: invite by email, see the grants and the open
invitations, revoke either. An event's organizers manage the whole event; a forum's
organizers manage their forum's organizers."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields import SelectChoice

from ...auth import invitations
from ...auth import permissions as can
from ...auth.models import Invitation, Role, RoleGrant
from ...db import utcnow
from ...events.models import Event, Forum
from ...extensions import db
from ..absolute import external_url
from .access import child_or_404, event_or_404, require, user
from .blueprint import bp
from .editing import attempt, saved, status
from .forms import ConfirmForm, InviteForm

_FORUM = "forum:"


def _invite_link(token: str) -> str:
    return external_url("auth.invitation_accept", token=token)


def _forums(event: Event) -> Sequence[Forum]:
    return db.session.scalars(
        select(Forum).where(Forum.event_id == event.id).order_by(Forum.position, Forum.id)
    ).all()


def _role_choices(forums: Sequence[Forum]) -> list:
    from .blueprint import pick_text

    return [
        SelectChoice("organizer", str(_l("Organizer of the whole event"))),
        SelectChoice("staff", str(_l("Staff (speakers) of the event"))),
        *(
            SelectChoice(
                _FORUM + f.slug, _("Organizer of the forum %(forum)s", forum=pick_text(f.name))
            )
            for f in forums
        ),
    ]


def _page(event: Event, forum: Forum | None, form: InviteForm, code: int = 200):
    grants = (
        select(RoleGrant).options(joinedload(RoleGrant.user)).where(RoleGrant.event_id == event.id)
    )
    open_invitations = select(Invitation).where(
        Invitation.event_id == event.id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
    )
    if forum is not None:
        grants = grants.where(RoleGrant.forum_id == forum.id)
        open_invitations = open_invitations.where(Invitation.forum_id == forum.id)
    else:
        grants = grants.where(RoleGrant.role.in_([Role.ORGANIZER, Role.STAFF]))
    forums = {f.id: f for f in _forums(event)}
    return render_template(
        "manage/people.html",
        event=event,
        forum=forum,
        forums=forums,
        grants=db.session.scalars(grants.order_by(RoleGrant.forum_id, RoleGrant.id)).unique().all(),
        invitations=db.session.scalars(open_invitations.order_by(Invitation.id)).all(),
        now=utcnow(),
        me=user(),
        form=form,
        confirm=ConfirmForm(),
        action=_action(event, forum),
    ), code


def _action(event: Event, forum: Forum | None) -> str:
    if forum is None:
        return url_for("manage.people", slug=event.slug)
    return url_for("manage.forum_people", slug=event.slug, forum_slug=forum.slug)


def _event_form(event: Event, **kwargs) -> InviteForm:
    form = InviteForm(**kwargs)
    form.role.choices = _role_choices(_forums(event))
    return form


def _forum_form(forum: Forum, **kwargs) -> InviteForm:
    from .blueprint import pick_text

    form = InviteForm(**kwargs)
    form.role.choices = [
        SelectChoice(
            _FORUM + forum.slug, _("Organizer of the forum %(forum)s", forum=pick_text(forum.name))
        )
    ]
    return form


def _invite(event: Event, form: InviteForm):
    role, forum = form.role.data, None
    if role.startswith(_FORUM):
        forum = child_or_404(Forum, event, role.removeprefix(_FORUM))
        role = Role.ORGANIZER.value
    require(can.can_manage_people(user(), event.id, forum.id if forum else None))
    return attempt(
        form,
        lambda: invitations.invite(
            form.email.data, role, event, forum, actor=user(), link=_invite_link
        ),
    )


@bp.route("/events/<slug>/people", methods=["GET", "POST"])
def people(slug: str):
    event = event_or_404(slug, can.can_manage_people)
    form = _event_form(event)
    if form.validate_on_submit() and (invited := _invite(event, form)):
        saved(_("Invitation sent to %(email)s.", email=invited.email))
        return redirect(url_for("manage.people", slug=event.slug))
    return _page(event, None, form, status(form))


@bp.route("/events/<slug>/forums/<forum_slug>/people", methods=["GET", "POST"])
def forum_people(slug: str, forum_slug: str):
    event = event_or_404(slug, can.can_read_drafts)
    forum = child_or_404(Forum, event, forum_slug)
    require(can.can_manage_people(user(), event.id, forum.id))
    form = _forum_form(forum)
    if form.validate_on_submit() and (invited := _invite(event, form)):
        saved(_("Invitation sent to %(email)s.", email=invited.email))
        return redirect(url_for("manage.forum_people", slug=event.slug, forum_slug=forum.slug))
    return _page(event, forum, form, status(form))


def _back(event: Event, forum_id: int | None):
    """To the page the button was on: the forum's if the user manages only that forum."""
    if forum_id is not None and not can.can_manage_people(user(), event.id):
        forum = db.session.get_one(Forum, forum_id)
        return redirect(url_for("manage.forum_people", slug=event.slug, forum_slug=forum.slug))
    return redirect(url_for("manage.people", slug=event.slug))


@bp.post("/events/<slug>/grants/<int:grant_id>/revoke")
def grant_revoke(slug: str, grant_id: int):
    event = event_or_404(slug, can.can_read_drafts)
    role_grant = db.session.get(RoleGrant, grant_id)
    if role_grant is None or role_grant.event_id != event.id:
        abort(404, description=_("No such role in this event."))
    require(can.can_manage_people(user(), event.id, role_grant.forum_id))
    forum_id, email = role_grant.forum_id, role_grant.user.email
    form = ConfirmForm()  # CSRFProtect has checked its token before this view ran
    if attempt(form, lambda: invitations.revoke_grant(role_grant, actor=user())):
        saved(_("%(email)s no longer has this role.", email=email))
    _refused(form)
    return _back(event, forum_id)


@bp.post("/events/<slug>/invitations/<int:invitation_id>/revoke")
def invitation_revoke(slug: str, invitation_id: int):
    event = event_or_404(slug, can.can_read_drafts)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        abort(404, description=_("No such invitation in this event."))
    require(can.can_manage_people(user(), event.id, invitation.forum_id))
    forum_id = invitation.forum_id
    form = ConfirmForm()
    if attempt(form, lambda: invitations.revoke_invitation(invitation, actor=user())):
        saved(_("Invitation withdrawn: its link no longer works."))
    _refused(form)
    return _back(event, forum_id)


def _refused(form) -> None:
    for error in form.form_errors:
        flash(error, "error")
