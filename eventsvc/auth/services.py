"""Creating users, granting roles and issuing tokens."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..audit.services import diff, record
from ..db import utcnow
from ..errors import Conflict, Forbidden, ValidationError
from ..events.models import Event, Forum
from ..extensions import db
from .models import ApiToken, Role, RoleGrant, User
from .secrets import hash_password, new_token, token_digest, verify_password

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


def normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise ValidationError(
            _l("%(email)s is not an email address", email=repr(email)), {"email": "invalid"}
        )
    return email


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValidationError(
            _l("the password needs at least %(count)d characters", count=MIN_PASSWORD),
            {"password": "too short"},
        )
    return password


def create_user(email: str, password: str, display_name: str = "") -> User:
    """An account. Accounts belong to no event, so no event's trail records this; the roles
    that give it a place in an event do (grant())."""
    email = normalize_email(email)
    user = User(
        email=email,
        password_hash=hash_password(check_password(password)),
        display_name=display_name.strip(),
    )
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise Conflict(_l("a user with email %(email)s exists", email=email), {"email": "taken"})
    db.session.add(user)
    db.session.flush()
    return user


def grant_state(email: str, role: Role, forum: Forum | None) -> dict:
    """A role, as the audit trail records it for grants and invitations."""
    return {"email": email, "role": Role(role).value, "forum": forum.slug if forum else None}


def grant(
    user: User,
    role: str,
    event: Event | None = None,
    forum: Forum | None = None,
    actor=None,
) -> RoleGrant:
    """Give user the role; one in an event goes to that event's audit trail."""
    try:
        role = Role(role)
    except ValueError as exc:
        raise ValidationError(
            _l("role must be one of %(roles)s", roles=", ".join(Role)), {"role": "invalid"}
        ) from exc
    if forum is not None:
        if role is not Role.ORGANIZER:
            raise ValidationError(
                _l("only organizers are granted a forum"), {"forum": "not allowed"}
            )
        event = event or forum.event
        if forum.event_id != event.id:
            raise ValidationError(
                _l("the forum belongs to another event"), {"forum": "other event"}
            )
    if role is Role.ADMIN and event is not None:
        raise ValidationError(_l("admins are not scoped to an event"), {"event": "not allowed"})
    if role in (Role.STAFF, Role.ORGANIZER) and event is None:
        raise ValidationError(_l("a %(role)s needs an event", role=role), {"event": "required"})
    role_grant = RoleGrant(
        user_id=user.id,
        role=role,
        event_id=event.id if event else None,
        forum_id=forum.id if forum else None,
    )
    user.grants.append(role_grant)
    db.session.flush()
    if event is not None:
        state = grant_state(user.email, role, forum)
        record(event.id, actor, "created", "grant", role_grant.id, user.email, diff({}, state))
    return role_grant


def create_api_token(user: User, label: str = "") -> tuple[ApiToken, str]:
    """A new token; its plain text is returned once and never stored."""
    plain = new_token()
    token = ApiToken(user_id=user.id, token_hash=token_digest(plain), prefix=plain[:8], label=label)
    db.session.add(token)
    db.session.flush()
    return token, plain


# Verified against when the email is unknown, so both failures take the same time.
# Made on first use, with the configured argon2 cost.
_decoy_hash: str | None = None


def _decoy() -> str:
    global _decoy_hash
    if _decoy_hash is None:
        _decoy_hash = hash_password(new_token())
    return _decoy_hash


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (saying nothing about which failed)."""
    email = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    if user is None:
        verify_password(_decoy(), password or "")
        return None
    if not verify_password(user.password_hash, password or "") or not user.is_active:
        return None
    return user


def register_attendee(email: str, password: str, display_name: str = "") -> User:
    """Self-registration: a new account that may star sessions and nothing more."""
    user = create_user(email, password, display_name)
    grant(user, Role.ATTENDEE)
    return user


def revoke_api_token(token: ApiToken, actor: User) -> None:
    """Only the token's owner revokes it (a token belongs to no event's trail)."""
    if actor is None or token.user_id != actor.id:
        raise Forbidden(_l("only its owner revokes a token"))
    token.revoked_at = utcnow()
    db.session.flush()
