"""The permission predicates against the contract's role table."""

import pytest

from eventsvc.auth import permissions as p
from eventsvc.extensions import db
from tests.factories import make_event, make_forum, make_user


@pytest.fixture
def world(ctx):
    event, other = make_event(), make_event()
    forum_a, forum_b = make_forum(event), make_forum(event)
    users = {
        "attendee": make_user(role="attendee"),
        "staff": make_user(role="staff", event=event),
        "staff_other": make_user(role="staff", event=other),
        "forum_a_org": make_user(role="organizer", event=event, forum=forum_a),
        "event_org": make_user(role="organizer", event=event),
        "admin": make_user(role="admin"),
    }
    db.session.commit()
    return event, forum_a, forum_b, users


@pytest.mark.parametrize(
    "who, forum_a, forum_b, speakers, publish_event, event_wide",
    [
        ("anonymous", False, False, False, False, False),
        ("attendee", False, False, False, False, False),
        ("staff", False, False, True, False, False),
        ("staff_other", False, False, False, False, False),
        ("forum_a_org", True, False, True, False, False),
        ("event_org", True, True, True, True, True),
        ("admin", True, True, True, True, True),
    ],
)
def test_permissions_follow_the_role_table(
    world, who, forum_a, forum_b, speakers, publish_event, event_wide
):
    event, fa, fb, users = world
    user = users.get(who)
    assert p.can_manage_forum(user, event.id, fa.id) is forum_a
    assert p.can_manage_forum(user, event.id, fb.id) is forum_b
    assert p.can_manage_speakers(user, event.id) is speakers
    assert p.can_publish(user, event.id) is publish_event
    assert p.can_publish(user, event.id, fa.id) is forum_a
    # Forums, rooms and organizations belong to the whole event: its organizers create and
    # delete them, never the organizers of one forum.
    assert p.can_create_forum(user, event.id) is event_wide
    assert p.can_delete_forum(user, event.id) is event_wide
    assert p.can_manage_rooms(user, event.id) is event_wide
    assert p.can_manage_organizations(user, event.id) is event_wide
    assert p.can_create_event(user) is (who == "admin")
