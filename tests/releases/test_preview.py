"""The publish preview: the changelog that publishing now would write, event or forum."""

from datetime import datetime

import pytest

from eventsvc.extensions import db
from eventsvc.releases.preview import pending_changes
from eventsvc.releases.publish import latest, publish
from eventsvc.sessions.services import add_appearance, update_session
from eventsvc.speakers.services import update_speaker
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

# The withdrawn speaker leaves every forum's sessions at once, whichever forum publishes.
WITHDRAWN = ("speaker_removed", "A session")


def _published_then_edited():
    """Two forums published once, then edited in every way a changelog names."""
    event = make_event()
    forum_a, forum_b = make_forum(event), make_forum(event)
    room, other_room = make_room(event), make_room(event)
    kept, leaving = make_speaker(event), make_speaker(event, registration="confirmed")
    moved = make_session(forum_a, start=datetime(2024, 4, 29, 9), room=room)
    retitled = make_session(forum_a, start=datetime(2024, 4, 29, 10), title={"en": "Old"})
    with_speakers = make_session(forum_b, start=datetime(2024, 4, 29, 9))
    add_appearance(with_speakers, kept)
    add_appearance(with_speakers, leaving)
    doomed = make_session(forum_b, start=datetime(2024, 4, 29, 11))
    publish(event, None)
    update_session(moved, {"room": other_room, "start": datetime(2024, 4, 29, 8)})
    update_session(retitled, {"title": {"en": "New"}, "description": {"en": "More"}})
    update_session(doomed, {"status": "cancelled"})
    update_speaker(leaving, event, {"registration": "withdrawn"})
    make_session(forum_a, title={"en": "Added to A"})
    make_session(forum_b, title={"en": "Added to B"})
    add_appearance(retitled, kept)
    return event, forum_a, forum_b


def _types(entries):
    return sorted((e["type"], e["title"]["en"]) for e in entries)


def test_event_preview_is_the_changelog_that_publishing_writes(ctx):
    event, _, _ = _published_then_edited()
    preview = pending_changes(event, latest(event.id))
    assert preview == publish(event, None).changelog
    assert _types(preview) == [
        ("added", "Added to A"),
        ("added", "Added to B"),
        ("cancelled", "A session"),
        ("moved", "A session"),
        ("rescheduled", "A session"),
        ("retitled", "New"),
        ("speaker_added", "New"),
        WITHDRAWN,
    ]


@pytest.mark.parametrize(
    "which, expected",
    [
        (0, [("added", "Added to A"), ("moved", "A session"), ("rescheduled", "A session"),
             ("retitled", "New"), ("speaker_added", "New"), WITHDRAWN]),
        (1, [("added", "Added to B"), ("cancelled", "A session"), WITHDRAWN]),
    ],
)  # fmt: skip
def test_forum_preview_is_the_changelog_that_publishing_the_forum_writes(ctx, which, expected):
    event, *forums = _published_then_edited()
    preview = pending_changes(event, latest(event.id), forums[which])
    assert preview == publish(event, None, forum=forums[which]).changelog
    assert _types(preview) == expected


def test_preview_before_the_first_release_adds_every_session(ctx):
    event = make_event()
    forum = make_forum(event)
    make_session(forum, title={"en": "First"})
    make_session(make_forum(event), title={"en": "Elsewhere"})
    assert [_types(pending_changes(event, None)), _types(pending_changes(event, None, forum))] == [
        [("added", "Elsewhere"), ("added", "First")],
        [("added", "First")],
    ]


def test_preview_after_publishing_is_empty(ctx):
    event, _, _ = _published_then_edited()
    publish(event, None)
    db.session.flush()
    assert pending_changes(event, latest(event.id)) == []
