"""Schedule files as they exist in the wild: frab's old guids, events without a guid."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from eventsvc.errors import Conflict
from eventsvc.extensions import db
from eventsvc.interchange.import_ import import_schedule
from eventsvc.sessions.models import SessionKind, Talk
from tests.factories import make_event

from .helpers import file_bytes

OLD_FRAB = "frab-2015-guids.xml"
NOT_UUIDS = [
    "HOqeNIb6G7M4hYFKFRkCmQ",
    "Lx3Vb1cQ4kq9mZyT0aPwRg",
    "id:4713",
    "8vJfQwZ2T0WmLr5pYc1a9A",
]


def _gpn():
    return make_event(start_date="2015-06-04", end_date="2015-06-05", timezone="Europe/Berlin")


def _import(event, name=OLD_FRAB, **options):
    return import_schedule(event, file_bytes(name), name, **options)


def _talk(uid: str) -> Talk:
    return db.session.scalar(select(Talk).where(Talk.uid == uid))


def _talks(event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Talk).where(Talk.event_id == event.id)
    )


def test_old_frab_guids_imported_twice_make_no_duplicates(ctx):
    event = _gpn()
    first = _import(event)
    db.session.commit()
    second = _import(event)
    db.session.commit()
    assert (first.created["sessions"], second.created["sessions"]) == (5, 0)
    assert second.unchanged == {"sessions": 5}
    assert _talks(event) == 5


def test_old_frab_guids_become_stable_uuid5s_shown_in_the_report(ctx):
    first = _import(_gpn())
    db.session.rollback()
    again = _import(_gpn())
    assert list(first.derived_guids) == NOT_UUIDS
    assert first.derived_guids == again.derived_guids
    assert {uuid.UUID(uid).version for uid in first.derived_guids.values()} == {5}


def test_old_frab_report_lists_each_guid_with_its_uid(ctx):
    report = _import(_gpn())
    lines = report.lines()
    start = lines.index("  guids that are not UUIDs: 4 (file -> our uid)")
    assert lines[start + 1 : start + 5] == [
        f"    {given} -> {report.derived_guids[given]}" for given in NOT_UUIDS
    ]


def test_old_frab_session_fields_arrive(ctx):
    report = _import(_gpn())
    talk = _talk(report.derived_guids["Lx3Vb1cQ4kq9mZyT0aPwRg"])
    assert (
        talk.title,
        talk.start_at,
        talk.end_at,
        talk.room.name,
        talk.forum.name,
        talk.kind,
        talk.language,
        [a.speaker.slug for a in talk.appearances],
    ) == (
        {"en": "Funk ohne Lizenz"},
        datetime(2015, 6, 4, 15, 0, tzinfo=UTC),
        datetime(2015, 6, 4, 16, 0, tzinfo=UTC),
        {"en": "Medientheater"},
        {"en": "Hardware"},
        SessionKind.OTHER,
        "de",
        ["tom-berger", "lena-weber"],
    )


def test_event_without_guid_is_found_by_its_id(ctx):
    event = _gpn()
    report = _import(event)
    db.session.commit()
    renamed = file_bytes(OLD_FRAB).replace(b"Lightning Talks", b"Blitztalks")
    again = import_schedule(event, renamed, "schedule.xml")
    assert (again.created["sessions"], again.updated["sessions"]) == (0, 1)
    assert _talk(report.derived_guids["id:4713"]).title == {"en": "Blitztalks"}


def test_guid_of_another_event_refuses_the_file_and_writes_nothing(ctx):
    _import(_gpn())
    db.session.commit()
    other = _gpn()
    db.session.commit()
    with pytest.raises(Conflict) as caught:
        _import(other)
    assert caught.value.code == "guids_taken"
    assert caught.value.message == (
        "5 guid(s) of the file are sessions of another event: HOqeNIb6G7M4hYFKFRkCmQ, "
        "Lx3Vb1cQ4kq9mZyT0aPwRg, id:4713, 8vJfQwZ2T0WmLr5pYc1a9A, "
        "c6a4f1de-1b8e-4a44-9d5f-6b0b7a2e1c55; "
        "import with --new-guids to give these sessions new uids"
    )
    db.session.rollback()
    assert _talks(other) == 0


def test_guid_of_another_event_with_new_guids_mints_new_uids(ctx):
    first = _import(_gpn())
    db.session.commit()
    other = _gpn()
    report = _import(other, new_guids=True)
    db.session.commit()
    assert report.taken_guids == [*NOT_UUIDS, "c6a4f1de-1b8e-4a44-9d5f-6b0b7a2e1c55"]
    assert set(report.minted_guids) == set(report.taken_guids)
    assert set(report.minted_guids.values()).isdisjoint(first.derived_guids.values())
    assert _talks(other) == 5


def test_guid_of_another_event_minted_once_is_found_again(ctx):
    _import(_gpn())
    other = _gpn()
    _import(other, new_guids=True)
    db.session.commit()
    again = _import(other)
    assert (again.created["sessions"], again.unchanged["sessions"]) == (0, 5)
