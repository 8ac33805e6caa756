"""The database holds the years sessions/times.py allows: a row outside them is refused, on
SQLite and PostgreSQL alike, however it is written."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from eventsvc.events.models import Event, Forum
from eventsvc.extensions import db
from eventsvc.sessions.models import Talk
from tests.factories import make_event, make_forum, make_session


@pytest.fixture
def talk_id(app):
    with app.app_context():
        talk = make_session(make_forum(make_event()))
        db.session.commit()
        return talk.id


def _refused(statement, params=None) -> bool:
    try:
        with db.session.begin_nested():
            db.session.execute(statement, params or {})
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "start, end, refused",
    [
        ("9999-12-31 09:59:59", "9999-12-31 10:59:59", True),
        ("2199-12-31 22:00:00", "2200-01-01 00:00:00", True),
        ("1899-12-31 23:59:59", "1900-01-01 01:00:00", True),
        ("2024-04-29 10:00:00", "2024-04-29 09:00:00", True),
        ("1900-01-01 00:00:00", "2199-12-31 23:59:59", False),
    ],
)
def test_session_times_outside_the_years_are_refused_by_the_database(
    app, talk_id, start, end, refused
):
    """Plain SQL, as a tool beside the service would write it: no Python type in between."""
    with app.app_context():
        statement = text("UPDATE sessions SET start_at = :start, end_at = :end WHERE id = :id")
        params = {
            "start": datetime.fromisoformat(start),
            "end": datetime.fromisoformat(end),
            "id": talk_id,
        }
        assert _refused(statement, params) is refused
        db.session.rollback()


def test_an_orm_write_past_the_bound_is_refused(app, talk_id):
    with app.app_context():
        late = datetime(9999, 12, 31, 9, tzinfo=UTC)
        statement = update(Talk).where(Talk.id == talk_id).values(end_at=late)
        assert _refused(statement)
        db.session.rollback()


@pytest.mark.parametrize(
    "model, values",
    [
        (Event, {"end_date": date(9999, 12, 31)}),
        (Event, {"start_date": date(1, 1, 1)}),
        (Forum, {"start_date": date(1949, 12, 31)}),
        (Forum, {"end_date": date(2151, 1, 1)}),
    ],
)
def test_event_and_forum_dates_outside_the_years_are_refused(app, talk_id, model, values):
    with app.app_context():
        assert _refused(update(model).values(**values))
        db.session.rollback()
        assert not _refused(update(model).values(start_date=date(1950, 1, 1)))
        assert not _refused(update(model).values(end_date=date(2150, 12, 31)))
        db.session.rollback()
