"""Events, forums, rooms, organizations, their roles, grants and imports write the audit trail:
who, and each field as old -> new."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsvc.audit.models import AuditEntry
from eventsvc.auth.services import grant
from eventsvc.errors import ValidationError
from eventsvc.events import deletion, updates
from eventsvc.events import services as events
from eventsvc.extensions import db
from tests.factories import make_event, make_forum, make_room, make_user


def _entries(event, object_type: str) -> list[tuple]:
    return [
        (e.action, e.object_key, e.actor_email, e.changes)
        for e in db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.event_id == event.id, AuditEntry.object_type == object_type)
            .order_by(AuditEntry.id)
        )
    ]


def test_event_creation_and_edit_are_recorded_with_the_actor(ctx):
    admin = make_user(email="admin@example.org", role="admin")
    event = make_event(slug="zgc", name={"en": "ZGC"}, languages=["en"])
    updates.update_event(event, {"timezone": "Europe/Berlin", "name": "ZGC 2024"}, actor=admin)
    created, edited = _entries(event, "event")
    assert created[:3] == ("created", "zgc", "")
    assert {"field": "name", "before": None, "after": {"en": "ZGC"}} in created[3]
    assert edited == (
        "updated",
        "zgc",
        "admin@example.org",
        [
            {"field": "name", "before": {"en": "ZGC"}, "after": {"en": "ZGC 2024"}},
            {"field": "timezone", "before": "Asia/Shanghai", "after": "Europe/Berlin"},
        ],
    )


def test_forum_edit_and_delete_are_recorded(ctx):
    event = make_event()
    org = make_user(email="org@example.org", role="organizer", event=event)
    forum = make_forum(event, slug="ai", name={"en": "AI"})
    updates.update_forum(forum, {"theme": {"en": "Machines"}}, actor=org)
    deletion.delete_forum(forum, actor=org)
    assert [e[:3] for e in _entries(event, "forum")] == [
        ("created", "ai", ""),
        ("updated", "ai", "org@example.org"),
        ("deleted", "ai", "org@example.org"),
    ]
    assert _entries(event, "forum")[1][3] == [
        {"field": "theme", "before": None, "after": {"en": "Machines"}}
    ]


def test_room_edit_that_changes_nothing_writes_no_entry(ctx):
    event = make_event()
    room = make_room(event, slug="hall", capacity=100)
    updates.update_room(room, {"capacity": 100}, actor=None)
    updates.update_room(room, {"capacity": 120}, actor=None)
    assert [(e[0], e[3]) for e in _entries(event, "room")][1:] == [
        ("updated", [{"field": "capacity", "before": 100, "after": 120}])
    ]


def test_organization_and_its_roles_are_recorded_and_go_together(ctx):
    event = make_event()
    org_user = make_user(email="org@example.org", role="organizer", event=event)
    forum = make_forum(event, slug="ai")
    org = events.create_organization(
        event, {"slug": "cast", "name": {"en": "CAST"}}, actor=org_user
    )
    link = events.add_organization_role(org, "host", forum, actor=org_user)
    updates.move_organization_role(link, 3, actor=org_user)
    deletion.delete_organization(org, actor=org_user)
    assert _entries(event, "organization_role") == [
        (
            "created",
            str(link.id),
            "org@example.org",
            [
                {"field": "organization", "before": None, "after": "cast"},
                {"field": "role", "before": None, "after": "host"},
                {"field": "forum", "before": None, "after": "ai"},
                {"field": "position", "before": None, "after": 0},
            ],
        ),
        (
            "updated",
            str(link.id),
            "org@example.org",
            [{"field": "position", "before": 0, "after": 3}],
        ),
        (
            "deleted",
            str(link.id),
            "org@example.org",
            [
                {"field": "organization", "before": "cast", "after": None},
                {"field": "role", "before": "host", "after": None},
                {"field": "forum", "before": "ai", "after": None},
                {"field": "position", "before": 3, "after": None},
            ],
        ),
    ]
    assert [e[:3] for e in _entries(event, "organization")] == [
        ("created", "cast", "org@example.org"),
        ("deleted", "cast", "org@example.org"),
    ]


def test_grant_in_an_event_is_recorded_with_its_role_and_forum(ctx):
    event = make_event()
    admin = make_user(email="admin@example.org", role="admin")
    forum = make_forum(event, slug="ai")
    grant(make_user(email="new@example.org"), "organizer", event, forum, actor=admin)
    assert _entries(event, "grant")[-1][2:] == (
        "admin@example.org",
        [
            {"field": "email", "before": None, "after": "new@example.org"},
            {"field": "role", "before": None, "after": "organizer"},
            {"field": "forum", "before": None, "after": "ai"},
        ],
    )


def test_refused_edit_writes_no_entry(ctx):
    event = make_event()
    forum = make_forum(event)
    before = _entries(event, "forum")
    with pytest.raises(ValidationError):
        updates.update_forum(forum, {"start_date": "2024-05-02", "end_date": "2024-05-01"})
    assert _entries(event, "forum") == before
