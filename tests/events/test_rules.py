"""The model's rules: rejected with a clear error, and nothing written."""

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsvc.errors import Conflict, ValidationError
from eventsvc.events.models import Event, Forum
from eventsvc.extensions import db
from eventsvc.sessions.models import Talk
from eventsvc.speakers.models import Speaker
from eventsvc.speakers.services import create_speaker
from tests.factories import make_event, make_forum, make_session, make_speaker


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_session_ending_before_start_is_rejected(ctx):
    forum = make_forum(make_event())
    db.session.commit()
    with pytest.raises(ValidationError) as err:
        make_session(forum, start=datetime(2024, 4, 29, 10), minutes=-30)
    assert err.value.fields == {"end": "not after start"}
    db.session.rollback()
    assert _count(Talk) == 0


def test_session_ending_before_start_is_refused_by_the_database_too(ctx):
    forum = make_forum(make_event())
    talk = make_session(forum)
    db.session.commit()
    talk.end_at = talk.start_at
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Talk, talk.id).end_at > db.session.get(Talk, talk.id).start_at


def test_duplicate_forum_slug_is_rejected(ctx):
    event = make_event()
    make_forum(event, slug="science-diplomacy")
    db.session.commit()
    with pytest.raises(Conflict) as err:
        make_forum(event, slug="science-diplomacy")
    assert err.value.fields == {"slug": "taken"}
    db.session.rollback()
    assert _count(Forum) == 1


def test_duplicate_slug_is_refused_by_the_database_too(ctx):
    event = make_event()
    make_forum(event, slug="twice")
    db.session.commit()
    db.session.add(Forum(event_id=event.id, slug="twice", name={"en": "Again"}))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _count(Forum) == 1


def test_same_forum_slug_in_two_events_is_allowed(ctx):
    make_forum(make_event(), slug="opening")
    make_forum(make_event(), slug="opening")
    db.session.commit()
    assert _count(Forum) == 2


def test_duplicate_event_slug_is_rejected(ctx):
    make_event(slug="zgc")
    db.session.commit()
    with pytest.raises(Conflict):
        make_event(slug="zgc")
    db.session.rollback()
    assert _count(Event) == 1


def test_unknown_time_zone_is_rejected(ctx):
    with pytest.raises(ValidationError) as err:
        make_event(timezone="Asia/Peking")
    assert err.value.message == "unknown time zone 'Asia/Peking'"
    assert err.value.fields == {"timezone": "unknown time zone"}
    db.session.rollback()
    assert _count(Event) == 0


def test_unknown_time_zone_cannot_be_set_on_a_model(ctx):
    event = make_event()
    with pytest.raises(ValidationError):
        event.timezone = "Mars/Olympus_Mons"
    assert event.timezone == "Asia/Shanghai"


def test_speaker_with_no_name_is_rejected(ctx):
    event = make_event()
    db.session.commit()
    for names in (None, [], [{"script": "Latn", "family": " ", "given": ""}]):
        with pytest.raises(ValidationError) as err:
            create_speaker(event, {"names": names, "email": "nobody@example.org"})
        assert err.value.fields == {"names": "required"}
        db.session.rollback()
    assert _count(Speaker) == 0


def test_speaker_with_no_name_is_refused_by_the_database_too(ctx):
    event = make_event()
    db.session.add(Speaker(event_id=event.id, slug="nobody", sort_name=""))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _count(Speaker) == 0


def test_event_end_before_start_is_rejected(ctx):
    with pytest.raises(ValidationError):
        make_event(start_date="2024-04-29", end_date="2024-04-25")
    db.session.rollback()
    assert _count(Event) == 0


def test_bad_slug_is_rejected(ctx):
    for slug in ("Has Space", "", "UPPER", "-dash-first", None):
        with pytest.raises(ValidationError):
            make_event(slug=slug)
        db.session.rollback()
    assert _count(Event) == 0


def test_deleting_an_event_deletes_its_agenda(ctx):
    event = make_event()
    forum = make_forum(event)
    speaker = make_speaker(event)
    talk = make_session(forum)
    from eventsvc.sessions.services import add_appearance

    add_appearance(talk, speaker)
    db.session.commit()
    db.session.execute(db.delete(Event).where(Event.id == event.id))
    db.session.commit()
    assert (_count(Forum), _count(Talk), _count(Speaker)) == (0, 0, 0)
