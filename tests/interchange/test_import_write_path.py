"""The import writes through the services: audit entries, attributed, and version bumps."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from eventsvc.audit.models import AuditEntry
from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from eventsvc.interchange.import_ import import_schedule
from tests.factories import make_event, make_user

from .helpers import FILES, file_bytes

OLD_FRAB = "frab-2015-guids.xml"
# Its tracks (Hardware, Netz, Orga) become forums; its rooms are Medientheater and Vortragsraum.
FORUMS, ROOMS = 3, 2


def _gpn():
    return make_event(start_date="2015-06-04", end_date="2015-06-05", timezone="Europe/Berlin")


def _trail(event, object_types=("session", "speaker")) -> Counter:
    return Counter(
        (e.object_type, e.action, e.actor_email)
        for e in db.session.scalars(select(AuditEntry).where(AuditEntry.event_id == event.id))
        if e.object_type in object_types
    )


def test_import_writes_one_audit_entry_per_created_object_as_the_actor(ctx):
    event, user = _gpn(), make_user(email="importer@example.org", role="admin")
    import_schedule(event, file_bytes(OLD_FRAB), OLD_FRAB, actor=user)
    assert _trail(event, ("session", "speaker", "forum", "room")) == {
        ("session", "created", "importer@example.org"): 5,
        ("speaker", "created", "importer@example.org"): 3,
        ("forum", "created", "importer@example.org"): FORUMS,
        ("room", "created", "importer@example.org"): ROOMS,
    }


def test_reimport_of_a_changed_file_writes_one_entry_per_changed_session(ctx):
    event = _gpn()
    import_schedule(event, file_bytes(OLD_FRAB), OLD_FRAB)
    db.session.commit()
    before = _trail(event)
    changed = (
        file_bytes(OLD_FRAB)
        .replace(b"Funk ohne Lizenz", b"Funk mit Lizenz")
        .replace(b"Tor-Relays betreiben", b"Tor-Relays")
    )
    import_schedule(event, changed, OLD_FRAB)
    assert _trail(event) - before == {("session", "updated", ""): 2}


def test_reimport_of_the_same_file_writes_no_audit_entry(ctx):
    event = _gpn()
    import_schedule(event, file_bytes(OLD_FRAB), OLD_FRAB)
    db.session.commit()
    before = _trail(event, ("session", "speaker", "forum", "room", "event"))
    import_schedule(event, file_bytes(OLD_FRAB), OLD_FRAB)
    assert _trail(event, ("session", "speaker", "forum", "room", "event")) == before


def test_patch_with_an_etag_read_before_the_import_is_412(app, client):
    with app.app_context():
        event = _gpn()
        report = import_schedule(event, file_bytes(OLD_FRAB), OLD_FRAB)
        uid, slug = report.derived_guids["HOqeNIb6G7M4hYFKFRkCmQ"], event.slug
        _, token = create_api_token(make_user(role="organizer", event=event))
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    stale = client.get(f"/api/v1/events/{slug}/draft/sessions/{uid}", headers=headers)
    with app.app_context():
        changed = file_bytes(OLD_FRAB).replace(b"<title>Er\xc3\xb6ffnung", b"<title>Auftakt")
        import_schedule(db.session.merge(event), changed, OLD_FRAB)
        db.session.commit()
    answer = client.patch(
        f"/api/v1/events/{slug}/sessions/{uid}",
        headers={**headers, "If-Match": stale.headers["ETag"]},
        json={"title": "Hallo"},
    )
    assert (stale.status_code, answer.status_code) == (200, 412)


def _entries_after_setup():
    """The trail's entries after the event's own creation (made by the test, not the import)."""
    return select(AuditEntry.actor_email).where(AuditEntry.object_type != "event")


def test_cli_import_records_command_line_without_as(app):
    with app.app_context():
        slug = _gpn().slug
        db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["import-schedule", str(FILES / OLD_FRAB), "--event", slug]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        actors = set(db.session.scalars(_entries_after_setup()))
    assert actors == {"command line"}


def test_cli_import_records_the_user_named_by_as(app):
    with app.app_context():
        slug = _gpn().slug
        make_user(email="lena@example.org", role="admin")  # no event: no entry
        db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["import-schedule", str(FILES / OLD_FRAB), "--event", slug, "--as", "Lena@example.org"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        actors = set(db.session.scalars(_entries_after_setup()))
    assert actors == {"lena@example.org"}


def test_cli_import_as_an_unknown_user_fails_and_writes_nothing(app):
    with app.app_context():
        slug = _gpn().slug
        db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["import-schedule", str(FILES / OLD_FRAB), "--event", slug, "--as", "x@example.org"]
    )
    assert (result.exit_code, result.output) == (1, "Error: no user x@example.org\n")
    with app.app_context():
        assert db.session.scalars(_entries_after_setup()).all() == []
