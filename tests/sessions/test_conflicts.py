"""Conflicts across an event's working agenda."""

from datetime import datetime

import pytest

from eventsvc.errors import Conflict
from eventsvc.extensions import db
from eventsvc.sessions.conflicts import blocking_conflicts, check_publishable, find_conflicts
from eventsvc.sessions.models import SessionStatus
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

NINE = datetime(2024, 4, 26, 9, 0)
NINE_THIRTY = datetime(2024, 4, 26, 9, 30)


def _kinds(event):
    return [(c.kind, c.session_ids) for c in find_conflicts(event)]


def _placed(forum, room, start, speakers=(), **data):
    talk = make_session(forum, start=start, room=room, **data)
    for speaker in speakers:
        add_appearance(talk, speaker)
    return talk


def test_speaker_in_two_overlapping_sessions_of_different_forums_blocks(ctx):
    event = make_event()
    speaker = make_speaker(event)
    first = _placed(make_forum(event), make_room(event), NINE, [speaker], minutes=60)
    second = _placed(make_forum(event), make_room(event), NINE_THIRTY, [speaker])
    assert _kinds(event) == [("speaker_double_booked", (first.id, second.id))]
    assert find_conflicts(event)[0].speaker is speaker
    assert [c.blocking for c in find_conflicts(event)] == [True]


def test_back_to_back_sessions_do_not_conflict(ctx):
    event = make_event()
    speaker, room, forum = make_speaker(event), make_room(event), make_forum(event)
    _placed(forum, room, NINE, [speaker], minutes=30)
    _placed(forum, room, NINE_THIRTY, [speaker], minutes=30)
    assert _kinds(event) == []


def test_room_holding_two_overlapping_sessions_blocks(ctx):
    event = make_event()
    room = make_room(event)
    first = _placed(make_forum(event), room, NINE, [make_speaker(event)], minutes=60)
    second = _placed(make_forum(event), room, NINE_THIRTY, [make_speaker(event)])
    assert _kinds(event) == [("room_double_booked", (first.id, second.id))]


def test_cancelled_session_conflicts_with_nothing(ctx):
    event = make_event()
    speaker, room, forum = make_speaker(event), make_room(event), make_forum(event)
    _placed(forum, room, NINE, [speaker], minutes=60)
    _placed(forum, room, NINE_THIRTY, [speaker], status="cancelled")
    _placed(forum, None, NINE_THIRTY, [], status=SessionStatus.CANCELLED.value)
    assert _kinds(event) == []


def test_missing_room_and_speaker_warn_and_breaks_need_no_speaker(ctx):
    event = make_event()
    forum = make_forum(event)
    talk = _placed(forum, None, NINE)
    pause = _placed(forum, make_room(event), NINE_THIRTY, kind="break")
    assert _kinds(event) == [("no_room", (talk.id,)), ("no_speaker", (talk.id,))]
    assert pause.id not in {i for c in find_conflicts(event) for i in c.session_ids}
    assert blocking_conflicts(event) == []


def test_session_outside_the_dates_in_the_event_zone_warns(ctx):
    event = make_event(start_date="2024-04-25", end_date="2024-04-29")
    forum = make_forum(event, start_date="2024-04-26", end_date="2024-04-26")
    room, speaker = make_room(event), make_speaker(event)
    # 07:00 in Beijing on the 25th is 23:00 UTC on the 24th: inside the event, outside the forum.
    early = _placed(forum, room, datetime(2024, 4, 25, 7, 0), [speaker])
    late = _placed(forum, room, datetime(2024, 4, 30, 9, 0), [speaker])
    # Ends at midnight: still the 26th.
    _placed(forum, room, datetime(2024, 4, 26, 23, 0), [speaker], minutes=60)
    assert _kinds(event) == [
        ("outside_forum_dates", (early.id,)),
        ("outside_event_dates", (late.id,)),
        ("outside_forum_dates", (late.id,)),
    ]


def test_check_publishable_refuses_blocking_conflicts_only(ctx):
    event = make_event()
    speaker = make_speaker(event)
    _placed(make_forum(event), None, NINE, [])
    check_publishable(event)
    _placed(make_forum(event), make_room(event), NINE, [speaker])
    _placed(make_forum(event), make_room(event), NINE, [speaker])
    with pytest.raises(Conflict) as refused:
        check_publishable(event)
    [blocking] = [c for c in find_conflicts(event) if c.blocking]
    assert (refused.value.status, refused.value.fields) == (
        409,
        {"conflicts": "speaker_double_booked", "keys": blocking.key},
    )


def _event_of_size(n):
    event = make_event()
    forum, room = make_forum(event), make_room(event)
    for i in range(n):
        _placed(forum, room if i % 2 else None, NINE, [make_speaker(event), make_speaker(event)])
    db.session.commit()
    return event


def test_find_conflicts_costs_the_same_queries_for_any_size(ctx, count_queries):
    counts = []
    for size in (1, 12):
        event = _event_of_size(size)
        db.session.expunge_all()
        event = db.session.merge(event, load=True)
        with count_queries() as counter:
            find_conflicts(event)
        counts.append(counter.count)
    assert counts[0] == counts[1] == 5


def _event_of_clashes(n):
    """n speakers, each in two sessions at once."""
    event = make_event()
    forum = make_forum(event)
    for _ in range(n):
        speaker = make_speaker(event)
        for _ in range(2):
            _placed(forum, make_room(event), NINE, [speaker])
    db.session.commit()
    return event


def test_find_conflicts_costs_the_same_queries_for_any_number_of_double_bookings(
    ctx, count_queries
):
    counts = []
    for size in (1, 12):
        event = _event_of_clashes(size)
        db.session.expunge_all()
        event = db.session.merge(event, load=True)
        with count_queries() as counter:
            # Labels name the speakers: their names come with the conflicts, not one by one.
            labels = [c.label("en") for c in find_conflicts(event) if c.speaker]
        counts.append((counter.count, len(labels)))
    assert counts == [(5, 1), (5, 12)]
