"""Publishing past blocking conflicts that someone accepted, with a reason."""

from datetime import datetime

import pytest
from sqlalchemy import select

from eventsvc import errors
from eventsvc.audit.models import AuditEntry
from eventsvc.extensions import db
from eventsvc.releases.models import ConflictAcceptance
from eventsvc.releases.publish import accepted_conflicts, publish
from eventsvc.sessions.conflicts import blocking_conflicts, check_publishable
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_session, make_speaker, make_user

NINE = datetime(2024, 4, 26, 9)


def _double_booked(forum_a, forum_b=None):
    """One speaker in two overlapping sessions: of forum_a, and of forum_b (or forum_a)."""
    speaker = make_speaker(forum_a.event)
    talks = [make_session(forum_a, start=NINE), make_session(forum_b or forum_a, start=NINE)]
    for talk in talks:
        add_appearance(talk, speaker)
    return talks


def _publish(event, actor=None, forum=None, accept=frozenset(), reason=""):
    check_publishable(event, forum, accept, reason)
    return publish(event, actor, "", forum, accept_conflicts=accept, accept_reason=reason)


def test_conflict_key_is_the_same_whatever_the_order_of_the_sessions(ctx):
    event = make_event()
    forum = make_forum(event)
    first, second = _double_booked(forum)
    key = blocking_conflicts(event)[0].key
    first.start_at, second.start_at = second.start_at, first.start_at
    assert [c.key for c in blocking_conflicts(event)] == [key]
    assert key.startswith("speaker_double_booked:") and len(key) <= 64


def test_blocking_conflict_refuses_publishing_with_its_key(ctx):
    event = make_event()
    _double_booked(make_forum(event))
    key = blocking_conflicts(event)[0].key
    with pytest.raises(errors.Conflict) as refused:
        check_publishable(event)
    assert (refused.value.code, refused.value.fields["keys"]) == ("blocking_conflicts", key)


def test_accepted_conflict_is_published_and_kept_with_the_release(ctx):
    event = make_event()
    _double_booked(make_forum(event))
    organizer = make_user(role="organizer", event=event)
    key = blocking_conflicts(event)[0].key
    release = _publish(event, organizer, accept=frozenset({key}), reason="Stand-in at 9:00")
    db.session.commit()
    [acceptance] = accepted_conflicts(event)
    assert (
        acceptance.key,
        acceptance.kind,
        acceptance.reason,
        acceptance.actor_email,
        acceptance.release.number,
    ) == (key, "speaker_double_booked", "Stand-in at 9:00", organizer.email, release.number)


def test_accepted_conflict_is_in_the_audit_trail(ctx):
    event = make_event()
    _double_booked(make_forum(event))
    key = blocking_conflicts(event)[0].key
    _publish(event, None, accept=frozenset({key}), reason="Stand-in")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "accepted"))
    assert (entry.object_type, entry.object_key, entry.changes) == (
        "conflict",
        key,
        [
            {"field": "kind", "before": None, "after": "speaker_double_booked"},
            {"field": "reason", "before": None, "after": "Stand-in"},
            {"field": "release", "before": None, "after": 1},
        ],
    )


def test_accepted_conflict_stays_accepted_for_later_releases(ctx):
    event = make_event()
    _double_booked(make_forum(event))
    key = blocking_conflicts(event)[0].key
    _publish(event, accept=frozenset({key}), reason="Stand-in")
    assert _publish(event).number == 2


def test_a_new_conflict_blocks_again_after_an_acceptance(ctx):
    event = make_event()
    forum = make_forum(event)
    first, _ = _double_booked(forum)
    _publish(event, accept=frozenset({blocking_conflicts(event)[0].key}), reason="Stand-in")
    add_appearance(make_session(forum, start=NINE), first.appearances[0].speaker)
    with pytest.raises(errors.Conflict) as refused:
        check_publishable(event)
    assert len(refused.value.fields["keys"].split(", ")) == 2


def test_accepting_needs_a_reason(ctx):
    event = make_event()
    _double_booked(make_forum(event))
    key = blocking_conflicts(event)[0].key
    with pytest.raises(errors.ValidationError) as refused:
        check_publishable(event, accept=frozenset({key}), reason="  ")
    assert refused.value.fields == {"accept_reason": "required to accept conflicts"}


def test_only_conflicts_in_the_scope_can_be_accepted(ctx):
    event = make_event()
    forum_a, forum_b = make_forum(event), make_forum(event)
    _double_booked(forum_b)
    key = blocking_conflicts(event)[0].key
    with pytest.raises(errors.ValidationError) as refused:
        check_publishable(event, forum_a, frozenset({key}), "not ours")
    assert refused.value.fields == {"accept_conflicts": f"not a blocking conflict here: {key}"}
    assert check_publishable(event, forum_a) == []


def test_a_forum_release_accepts_a_clash_with_another_forum(ctx):
    event = make_event()
    forum_a, forum_b = make_forum(event), make_forum(event)
    _double_booked(forum_a, forum_b)
    key = blocking_conflicts(event)[0].key
    release = _publish(event, forum=forum_a, accept=frozenset({key}), reason="Keynote swap")
    assert [a.release_id for a in accepted_conflicts(event)] == [release.id]
    assert db.session.scalar(select(ConflictAcceptance.reason)) == "Keynote swap"
