"""Backup and restore of one event: a restore gives back the same event, ids, uids and release
bytes."""

import copy
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eventsvc.agenda.current import agenda_for, current_release
from eventsvc.backup import tables
from eventsvc.backup.export import dumps, export_event
from eventsvc.backup.restore import BackupError, restore
from eventsvc.errors import Conflict
from eventsvc.events import services as events
from eventsvc.events.models import Event, Forum
from eventsvc.extensions import db
from eventsvc.releases.models import Release
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import SessionStatus, Talk
from eventsvc.sessions.services import add_appearance
from eventsvc.speakers.models import Speaker
from tests.conftest import empty_tables
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user

PUBLISHER = "publisher@example.org"


def _conference(extra: int = 0, publisher: str = PUBLISHER) -> str:
    """A small event with every kind of row: roles, two scripts, private contacts, a
    cancelled and a moved session, and two releases, the second by an organizer."""
    event = make_event()
    org = events.create_organization(
        event, {"slug": "cast", "name": {"en": "CAST", "zh": "中国科协"}}
    )
    forum_a, forum_b = make_forum(event, theme={"en": "Diplomacy"}), make_forum(event)
    events.add_organization_role(org, "host")
    events.add_organization_role(org, "organizer", forum_a)
    room = make_room(event, capacity=300)
    chen = make_speaker(
        event,
        names=[
            {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
            {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
        ],
        email="chen@example.org",
        phone="+86 10 5555 0101",
        organization_id=org.id,
        precedence=1,
    )
    other = make_speaker(event, family="Phanraksa", given="Orakanoke")
    talks = [make_session(forum_a, room=room), make_session(forum_b), make_session(forum_b)]
    for _ in range(extra):
        add_appearance(make_session(forum_b, room=room), make_speaker(event, email="x@example.org"))
    add_appearance(talks[0], chen, "keynote", title={"en": "Academician"})
    add_appearance(talks[0], other, "moderator")
    publish(event, None, "First agenda")
    talks[1].status = SessionStatus.CANCELLED
    talks[2].start_at += timedelta(hours=1)
    talks[2].end_at += timedelta(hours=1)
    publish(event, make_user(email=publisher, role="organizer", event=event), "Second agenda")
    db.session.commit()
    return event.slug


def _restore(app, document) -> None:
    with app.app_context():
        restore(document)
        db.session.commit()
        db.session.remove()


def _export(app, slug) -> dict:
    with app.app_context():
        try:
            return export_event(slug)
        finally:
            db.session.remove()


def _snapshots(app, slug) -> list[tuple[int, str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Release.number, Release.digest, Release.snapshot)
            .join(Event)
            .where(Event.slug == slug)
            .order_by(Release.number)
        ).all()
        db.session.remove()
    return [tuple(r) for r in rows]


def test_round_trip_gives_back_identical_backup_and_release_bytes(app, demo):
    with app.app_context():
        slug = _conference()
        db.session.remove()
    backups = {s: _export(app, s) for s in (demo, slug)}
    releases = {s: _snapshots(app, s) for s in (demo, slug)}
    empty_tables(app)
    with app.app_context():
        make_user(email=PUBLISHER)
        db.session.commit()
    for document in backups.values():
        _restore(app, json.loads(dumps(document)))
    for s in (demo, slug):
        assert dumps(_export(app, s)) == dumps(backups[s])
        assert _snapshots(app, s) == releases[s]


def test_round_trip_keeps_what_the_backup_promises(app):
    with app.app_context():
        slug = _conference()
        db.session.remove()
    document = _export(app, slug)
    rows = document["tables"]
    assert [r["number"] for r in rows["releases"]] == [1, 2]
    assert [r["actor_id"] for r in rows["releases"]] == [None, {"email": PUBLISHER}]
    assert sorted(r["status"] for r in rows["sessions"]) == ["cancelled", "confirmed", "confirmed"]
    assert sorted(r["script"] for r in rows["speaker_names"]) == ["Hans", "Latn", "Latn"]
    assert {r["email"] for r in rows["speakers"]} == {"chen@example.org", None}
    assert sorted(r["role"] for r in rows["organization_roles"]) == ["host", "organizer"]


def test_restored_release_is_served_with_the_same_digest(app, demo):
    document = _export(app, demo)
    with app.app_context():
        before = current_release(demo)
        db.session.remove()
    empty_tables(app)
    _restore(app, document)
    with app.app_context():
        after = current_release(demo)
        assert (after.number, after.digest, after.published_at) == (
            before.number,
            before.digest,
            before.published_at,
        )


def test_restored_snapshot_ids_still_name_the_same_rows(app, demo):
    document = _export(app, demo)
    empty_tables(app)
    _restore(app, document)
    with app.app_context():
        agenda = agenda_for(current_release(demo))
        talks = {t.uid: t for t in db.session.scalars(select(Talk))}
        assert {s.uid: (s.forum_id, s.room_id) for s in agenda.sessions} == {
            uid: (t.forum_id, t.room_id) for uid, t in talks.items()
        }
        assert {i: s["slug"] for i, s in agenda.speakers.items()} == {
            s.id: s.slug for s in db.session.scalars(select(Speaker))
        }


def test_restore_without_the_publisher_account_leaves_the_actor_empty(app):
    with app.app_context():
        slug = _conference()
        db.session.remove()
    document = _export(app, slug)
    empty_tables(app)
    with app.app_context():
        restored = restore(document)
        db.session.commit()
        actors = db.session.scalars(select(Release.actor_id).order_by(Release.number)).all()
    assert restored.missing_accounts == [PUBLISHER]
    assert actors == [None, None]


def test_restore_moves_id_sequences_past_restored_rows(app, demo):
    document = _export(app, demo)
    empty_tables(app)
    _restore(app, document)
    highest = max(r["id"] for r in document["tables"]["forums"])
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == demo))
        forum = make_forum(event)
        db.session.commit()
        assert forum.id == highest + 1


def test_restore_refuses_an_existing_event_and_writes_nothing(app, demo):
    document = _export(app, demo)
    with app.app_context():
        with pytest.raises(Conflict, match="already exists"):
            restore(document)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Forum)) == 1


def test_restore_refuses_ids_taken_by_another_event(app, demo):
    document = _export(app, demo)
    document["tables"]["events"][0]["slug"] = document["event"] = "another"
    for row in document["tables"]["events"]:
        row["id"] += 100
    for rows in document["tables"].values():
        for row in rows:
            if "event_id" in row:
                row["event_id"] += 100
    with app.app_context():
        with pytest.raises(Conflict, match="ids are in use here: restore into an empty database"):
            restore(document)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def _broken(document, change):
    broken = copy.deepcopy(document)
    change(broken)
    return broken


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(format=2), "unsupported backup format 2 (this version reads 1)"),
        (lambda d: d.pop("tables"), 'not an eventsvc backup: no "tables" object'),
        (lambda d: d["tables"].pop("rooms"), "table 'rooms' is missing in this backup"),
        (lambda d: d["tables"].update(audit=[]), "table 'audit' is unknown in this backup"),
        (lambda d: d["tables"]["forums"][0].update(colour="red"), "forums.colour is not a column"),
        (lambda d: d["tables"]["forums"][0].pop("name"), "a row of 'forums' lacks 'name'"),
        (
            lambda d: d["tables"]["sessions"][0].update(start_at="soon"),
            "sessions row 1: Invalid isoformat",
        ),
        (
            lambda d: d["tables"]["appearances"][0].update(speaker_id=999),
            "appearances row 1: speaker_id=999",
        ),
        (
            lambda d: d["tables"]["releases"][0].update(snapshot="{}"),
            "release 1: the snapshot does not match",
        ),
        (
            lambda d: d["tables"]["events"].append(d["tables"]["events"][0]),
            "exactly one event, this one 2",
        ),
        (
            lambda d: d.update(event="other"),
            "the backup names the event 'other' but holds 'zgc-forum-2024'",
        ),
        (
            lambda d: d["tables"]["sessions"][0].update(title={"en": "Lone \ud800"}),
            "sessions row 1: title holds a character that cannot be stored (U+D800)",
        ),
        (
            lambda d: d["tables"]["speakers"][0].update(bio={"en": "bell \x07"}),
            "holds a character that cannot be stored (U+0007)",
        ),
    ],
)
def test_restore_refuses_a_broken_backup_and_writes_nothing(app, demo, change, message):
    document = _broken(_export(app, demo), change)
    empty_tables(app)
    with app.app_context():
        with pytest.raises(BackupError) as raised:
            restore(document)
        db.session.rollback()
        assert message in raised.value.message
        assert "\n" not in raised.value.message
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_every_table_of_an_event_is_exported_or_excluded_with_a_reason(app):
    scoped = tables.event_scoped(db.metadata)
    assert scoped == tables.EXPORTED | set(tables.EXCLUDED)
    assert tables.EXPORTED.isdisjoint(tables.EXCLUDED)
    assert all(len(reason) > 20 for reason in tables.EXCLUDED.values())


def test_export_refuses_a_table_nobody_classified(app):
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

    metadata = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("event_id", ForeignKey("events.id")),
    )
    with pytest.raises(tables.UnclassifiedTable, match="'notes' belongs to events"):
        tables.exported_tables(metadata)


def test_export_costs_the_same_queries_whatever_the_event_size(app, count_queries):
    with app.app_context():
        small, large = _conference(), _conference(extra=20, publisher="other@example.org")
        db.session.remove()
    counts = []
    for slug in (small, large):
        with count_queries() as counter:
            _export(app, slug)
        counts.append(counter.count)
    assert counts[0] == counts[1]
