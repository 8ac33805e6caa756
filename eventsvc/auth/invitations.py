"""Invitations by email to a role, and the grants they become (listed and revoked in /manage).

An invitation's link carries its id and a random nonce, signed (auth/links.py); the row keeps
the nonce's hash, when it expires, and whether it was accepted or revoked: a link works once,
until it expires. Accepting makes a new account (with the password chosen on the page) or
adds the role to the existing account of that email, signed in.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import diff, record
from ..db import utcnow
from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..events.models import Event, Forum
from ..extensions import db
from ..mail import queue
from . import links
from .models import Invitation, Role, RoleGrant, User
from .secrets import new_token, token_digest
from .services import create_user, grant, grant_state, normalize_email

PURPOSE = "invitation"
INVITABLE = (Role.ORGANIZER, Role.STAFF)


def invite(
    email: str,
    role: str,
    event: Event,
    forum: Forum | None = None,
    *,
    actor: User,
    link: Callable[[str], str],
) -> Invitation:
    """Invite email to role at event (or one forum of it) and mail the link (link(token) is
    its absolute URL). The caller has checked that actor may give this role."""
    email = normalize_email(email)
    wanted = next((r for r in INVITABLE if r.value == role), None)
    if wanted is None:
        raise ValidationError(_l("one may be invited as organizer or staff"), {"role": "invalid"})
    if forum is not None and (wanted is not Role.ORGANIZER or forum.event_id != event.id):
        raise ValidationError(_l("a forum of this event has organizers only"), {"forum": "invalid"})
    if _holds(email, wanted, event, forum):
        raise Conflict(
            _l("%(email)s has this role already", email=email), {"email": "has the role"}
        )
    nonce = new_token()
    hours = current_app.config["INVITATION_LINK_HOURS"]
    invitation = Invitation(
        email=email,
        role=wanted,
        event_id=event.id,
        forum_id=forum.id if forum else None,
        nonce_hash=token_digest(nonce),
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(hours=hours),
    )
    db.session.add(invitation)
    db.session.flush()
    url = link(links.sign(PURPOSE, [invitation.id, nonce]))
    subject, text = _compose(invitation, event, forum, actor, url, hours)
    queue(email, subject, text, event_id=event.id, kind="invitation")
    _record(invitation, actor, "created")
    return invitation


def _record(invitation: Invitation, actor, action: str) -> None:
    """The trail's entry for an invitation: to whom, which role, where, until when."""
    state = grant_state(invitation.email, invitation.role, invitation.forum) | {
        "expires_at": invitation.expires_at.isoformat()
    }
    changes = diff(state, {}) if action == "deleted" else diff({}, state)
    key, label = invitation.id, invitation.email
    record(invitation.event_id, actor, action, "invitation", key, label, changes)


def _holds(email: str, role: Role, event: Event, forum: Forum | None) -> bool:
    return (
        db.session.scalar(
            select(RoleGrant.id)
            .join(User)
            .where(
                User.email == email,
                RoleGrant.role == role,
                RoleGrant.event_id == event.id,
                RoleGrant.forum_id.is_(None) if forum is None else RoleGrant.forum_id == forum.id,
            )
        )
        is not None
    )


def _compose(invitation, event, forum, actor, url, hours) -> tuple[str, str]:
    """Subject and text in each interface language, the inviter's first: the invitee's own
    language is unknown, and at the Zhongguancun Forum it may be either."""
    new_account = account_for(invitation) is None
    subjects, texts = [], []
    for lang in _languages():
        with force_locale(lang):
            scope = scope_phrase(invitation.role, event, forum, lang)
            subjects.append(_("Invitation: %(scope)s", scope=scope))
            texts.append(
                render_template(
                    "mail/invitation.txt",
                    invitation=invitation,
                    actor=actor,
                    scope=scope,
                    url=url,
                    days=max(hours // 24, 1),
                    new_account=new_account,
                )
            )
    return " / ".join(subjects), "\n----\n\n".join(texts)


def _languages() -> list[str]:
    languages = list(current_app.config["UI_LANGUAGES"])
    current = str(get_locale() or languages[0])
    return [current] + [lang for lang in languages if lang != current]


def scope_phrase(role: Role | str, event: Event, forum: Forum | None, lang: str) -> str:
    """ "organizer of the Forum on X (Event Y)", in the current language."""
    from ..i18n import pick

    event_name = pick(event.name, lang, event.default_language)
    if forum is not None:
        return _(
            "organizer of %(forum)s (%(event)s)",
            forum=pick(forum.name, lang, event.default_language),
            event=event_name,
        )
    if Role(role) is Role.STAFF:
        return _("staff of %(event)s", event=event_name)
    return _("organizer of %(event)s", event=event_name)


def find(token: str) -> Invitation:
    """The invitation of a link, whatever its state (see check_usable); NotFound if forged."""
    payload = links.unsign(PURPOSE, token)
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        raise NotFound(_l("this link is not valid"))
    invitation = db.session.get(Invitation, payload[0])
    if invitation is None or not hmac.compare_digest(
        invitation.nonce_hash, token_digest(str(payload[1]))
    ):
        raise NotFound(_l("this link is not valid"))
    return invitation


def check_usable(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise links.LinkUsed(_l("this invitation has been accepted already"))
    if invitation.revoked_at is not None:
        raise links.LinkUsed(_l("this invitation has been withdrawn"))
    if invitation.expires_at <= utcnow():
        raise links.LinkExpired(_l("this invitation has expired"))


def account_for(invitation: Invitation) -> User | None:
    return db.session.scalar(select(User).where(User.email == invitation.email))


def accept_with_new_account(invitation: Invitation, password: str, display_name: str) -> User:
    check_usable(invitation)
    if account_for(invitation) is not None:
        raise Conflict(
            _l("an account with this email exists: sign in to accept"), {"email": "taken"}
        )
    user = create_user(invitation.email, password, display_name)
    _accept(invitation, user)
    return user


def accept_as(invitation: Invitation, user: User) -> RoleGrant:
    """Add the role to the signed-in account the invitation was sent to."""
    check_usable(invitation)
    if user.email != invitation.email:
        raise Forbidden(
            _l(
                "this invitation is for %(email)s: sign in as that account",
                email=invitation.email,
            )
        )
    return _accept(invitation, user)


def _accept(invitation: Invitation, user: User) -> RoleGrant:
    existing = db.session.scalar(
        select(RoleGrant).where(
            RoleGrant.user_id == user.id,
            RoleGrant.role == invitation.role,
            RoleGrant.event_id == invitation.event_id,
            RoleGrant.forum_id.is_(None)
            if invitation.forum_id is None
            else RoleGrant.forum_id == invitation.forum_id,
        )
    )
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    if existing is not None:
        db.session.flush()
        return existing
    return grant(user, invitation.role, invitation.event, invitation.forum, actor=user)


def revoke_invitation(invitation: Invitation, *, actor: User) -> None:
    if not invitation.open:
        raise Conflict(_l("this invitation is no longer open"), {"invitation": "closed"})
    invitation.revoked_at = utcnow()
    db.session.flush()
    _record(invitation, actor, "deleted")


def revoke_grant(role_grant: RoleGrant, *, actor: User) -> None:
    if role_grant.user_id == actor.id:
        raise Forbidden(_l("you cannot take away your own role: ask another organizer"))
    if role_grant.event_id is None:
        raise ValidationError(
            _l("an admin's role belongs to no event"), {"grant": "not at an event"}
        )
    event = db.session.get_one(Event, role_grant.event_id)
    forum = db.session.get(Forum, role_grant.forum_id) if role_grant.forum_id else None
    email = role_grant.user.email
    state = grant_state(email, role_grant.role, forum)
    db.session.delete(role_grant)
    db.session.flush()
    record(event.id, actor, "deleted", "grant", role_grant.id, email, diff(state, {}))
