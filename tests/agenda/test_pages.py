"""The agenda in one language: days, forums side by side, sessions, filters, the timetable grid."""

from datetime import UTC, date, datetime

import pytest

from eventsvc.agenda import pages, query, timetable
from eventsvc.errors import NotFound, ValidationError
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from tests.factories import make_event, make_forum, make_room, make_session


def _utc(hour, minute=0, day=29):
    return datetime(2024, 4, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def two_forums(app):
    """Two forums in two rooms on two days; forum B is set before forum A."""
    with app.app_context():
        event = make_event()
        hall, side = (
            make_room(event, slug="hall", position=0),
            make_room(event, slug="side", position=1),
        )
        b = make_forum(event, slug="b", name={"en": "B", "zh": "乙"}, position=0)
        a = make_forum(event, slug="a", name={"en": "A", "zh": "甲"}, position=1)
        make_session(a, start=_utc(1), minutes=60, room=hall, title={"en": "A1"})
        make_session(b, start=_utc(1, 30), minutes=30, room=side, title={"en": "B1"})
        make_session(a, start=_utc(2, day=28), minutes=20, title={"en": "A0"})
        publish(event, None)
        db.session.commit()
        return event.slug


def test_days_hold_forums_in_their_set_order(two_forums, published):
    agenda = published(two_forums)
    shown = [
        (d.date, [(c.forum.name, [s.title for s in c.sessions]) for c in d.forums])
        for d in pages.days(agenda, "zh")
    ]
    assert shown == [
        (date(2024, 4, 28), [("甲", ["A0"])]),
        (date(2024, 4, 29), [("乙", ["B1"]), ("甲", ["A1"])]),
    ]


def test_filters_narrow_by_day_forum_and_room(two_forums, published):
    agenda = published(two_forums)

    def titles(**args):
        return [s.title["en"] for s in query.sessions(agenda, query.parse_filters(agenda, args))]

    assert titles() == ["A0", "A1", "B1"]
    assert titles(day="2024-04-29") == ["A1", "B1"]
    assert titles(forum="a") == ["A0", "A1"]
    assert titles(room="side") == ["B1"]
    assert titles(forum="a", room="side") == []


def test_filters_refuse_unknown_forum_and_bad_day(two_forums, published):
    agenda = published(two_forums)
    with pytest.raises(NotFound):
        query.parse_filters(agenda, {"forum": "zz"})
    with pytest.raises(ValidationError):
        query.parse_filters(agenda, {"day": "tomorrow"})


def test_timetable_columns_are_rooms_and_rows_five_minutes(two_forums, published):
    agenda = published(two_forums)
    grid = timetable.build(agenda, "en", date(2024, 4, 29))
    assert [r.slug for r in grid.rooms] == ["hall", "side"]
    assert [(b.session.title, b.column, b.row_start, b.row_end) for b in grid.blocks] == [
        ("A1", 1, 1, 13),
        ("B1", 2, 7, 13),
    ]
    assert grid.rows == 12
    assert [m.time.strftime("%H:%M") for m in grid.marks] == ["09:00", "09:30"]


def test_timetable_puts_sessions_without_room_in_a_last_column(two_forums, published):
    grid = timetable.build(published(two_forums), "en", date(2024, 4, 28))
    assert [(r.slug, b.column) for r, b in zip(grid.rooms, grid.blocks, strict=False)] == [("", 1)]


@pytest.fixture
def crossing(app):
    """Two rooms, sessions alternating between them in time: B1 hall, A1 side, B2 hall."""
    with app.app_context():
        event = make_event()
        hall, side = make_room(event, slug="hall"), make_room(event, slug="side")
        b = make_forum(event, slug="b", name={"en": "B"}, position=0)
        a = make_forum(event, slug="a", name={"en": "A"}, position=1)
        make_session(b, start=_utc(1), minutes=30, room=hall, title={"en": "B1"})
        make_session(a, start=_utc(1, 15), minutes=30, room=side, title={"en": "A1"})
        make_session(b, start=_utc(2), minutes=30, room=hall, title={"en": "B2"})
        publish(event, None)
        db.session.commit()
        return event.slug


def test_timetable_blocks_run_down_each_room_before_the_next(crossing, published):
    grid = timetable.build(published(crossing), "en", date(2024, 4, 29))
    assert [b.session.title for b in grid.blocks] == ["B1", "B2", "A1"]


def test_timetable_gives_each_forum_its_colour_in_set_order(crossing, published):
    grid = timetable.build(published(crossing), "en", date(2024, 4, 29))
    assert [(b.session.title, b.colour) for b in grid.blocks] == [("B1", 0), ("B2", 0), ("A1", 1)]


def test_timetable_legend_lists_the_days_forums_with_their_colours(crossing, published):
    grid = timetable.build(published(crossing), "en", date(2024, 4, 29))
    assert [(k.forum.name, k.colour) for k in grid.legend] == [("B", 0), ("A", 1)]


def test_timetable_forum_filter_keeps_only_that_forum(crossing, published):
    grid = timetable.build(published(crossing), "en", date(2024, 4, 29), forum="a")
    assert ([b.session.title for b in grid.blocks], [r.slug for r in grid.rooms]) == (
        ["A1"],
        ["side"],
    )


def test_timetable_top_is_the_first_rows_time_in_the_events_zone(crossing, published):
    grid = timetable.build(published(crossing), "en", date(2024, 4, 29))
    assert grid.top.isoformat() == "2024-04-29T09:00:00+08:00"
