"""Who may do what: small named predicates over a user's role grants (the contract's table).

Each takes the acting user (or None for anonymous) and the object in question; routes call
them before doing anything, pages and API alike. Forum organizers manage their forum only.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Role, User

# What the views' scope checks take: may this user (None when signed out) act on this event?
EventPredicate = Callable[[User | None, int], bool]


def _grants(user: User | None):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return user.grants


def is_admin(user: User | None) -> bool:
    return any(g.role is Role.ADMIN for g in _grants(user))


def organizes_event(user: User | None, event_id: int) -> bool:
    """An organizer of the whole event (not only of one of its forums), or an admin."""
    return is_admin(user) or any(
        g.role is Role.ORGANIZER and g.event_id == event_id and g.forum_id is None
        for g in _grants(user)
    )


def can_manage_forum(user: User | None, event_id: int, forum_id: int) -> bool:
    """Edit the forum, its sessions, their speakers' roles and its organizations' roles."""
    return organizes_event(user, event_id) or any(
        g.role is Role.ORGANIZER and g.forum_id == forum_id for g in _grants(user)
    )


def can_create_forum(user: User | None, event_id: int) -> bool:
    return organizes_event(user, event_id)


def can_delete_forum(user: User | None, event_id: int) -> bool:
    """Delete a forum of the event: its organizers, not the forum's own."""
    return organizes_event(user, event_id)


def can_manage_rooms(user: User | None, event_id: int) -> bool:
    """Rooms are shared by every forum of the event."""
    return organizes_event(user, event_id)


def can_manage_organizations(user: User | None, event_id: int) -> bool:
    """Organizations are shared by every forum of the event (a forum's organizers still give
    them roles at their forum: can_manage_forum)."""
    return organizes_event(user, event_id)


def can_manage_speakers(user: User | None, event_id: int) -> bool:
    """Register, edit and import speakers: staff and any organizer of the event."""
    return is_admin(user) or any(
        g.role in (Role.STAFF, Role.ORGANIZER) and g.event_id == event_id for g in _grants(user)
    )


def can_read_drafts(user: User | None, event_id: int) -> bool:
    """The working agenda, conflicts, private speaker contacts, the audit trail."""
    return can_manage_speakers(user, event_id)


def can_publish(user: User | None, event_id: int, forum_id: int | None = None) -> bool:
    """Publish the whole event (forum_id None) or one forum's part of it."""
    if forum_id is None:
        return organizes_event(user, event_id)
    return can_manage_forum(user, event_id, forum_id)


def can_manage_people(user: User | None, event_id: int, forum_id: int | None = None) -> bool:
    """Invite people to roles and revoke grants: the event's organizers for the whole event
    (organizers, staff, and the organizers of every forum), a forum's organizers for it."""
    if forum_id is None:
        return organizes_event(user, event_id)
    return can_manage_forum(user, event_id, forum_id)


def can_create_event(user: User | None) -> bool:
    return is_admin(user)


def can_manage_users(user: User | None) -> bool:
    return is_admin(user)


def manageable_event_ids(user: User | None) -> set[int] | None:
    """The events a user may open in /manage; None means all of them (admin)."""
    if is_admin(user):
        return None
    return {g.event_id for g in _grants(user) if g.role in (Role.STAFF, Role.ORGANIZER)}


def can_star(user: User | None) -> bool:
    """Star sessions and read or rotate the own personal feed: any signed-in account."""
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active
