"""eventsvc import-schedule FILE --event SLUG [--dry-run]"""

from __future__ import annotations

from sqlalchemy import func, select

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.sessions.models import Talk
from tests.factories import make_event

from .helpers import FILES


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["import-schedule", *map(str, args)])


def _talks(app, slug) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Talk)
            .join(Event, Event.id == Talk.event_id)
            .where(Event.slug == slug)
        )


def test_import_schedule_into_existing_event_prints_the_report(app):
    with app.app_context():
        slug = make_event(start_date="2024-09-14", end_date="2024-09-16").slug
        db.session.commit()
    result = _run(app, FILES / "pretalx-schedule.xml", "--event", slug)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Imported into event '{slug}':",
        "  created: 3 forums, 2 rooms, 3 speakers, 4 sessions",
        "  updated: 0 sessions",
        "  unchanged: 0 sessions",
        "  skipped: 0",
        "Publish a release to make the imported agenda public.",
    ]
    assert _talks(app, slug) == 4


def test_import_schedule_creates_a_missing_event_from_the_conference(app):
    result = _run(app, FILES / "frab-schedule.json", "--event", "fossgis-2023", "--language", "de")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Imported into event 'fossgis-2023' (new event):"
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "fossgis-2023"))
        assert (event.name, event.timezone) == ({"de": "FOSSGIS-Konferenz 2023"}, "Europe/Berlin")
    assert _talks(app, "fossgis-2023") == 3


def test_import_schedule_dry_run_writes_nothing(app):
    result = _run(app, FILES / "frab-schedule.xml", "--event", "fossgis-2023", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Dry run (nothing written) into event 'fossgis-2023' (new event):",
        "  created: 3 forums, 2 rooms, 3 speakers, 3 sessions",
    ]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_import_schedule_bad_file_fails_with_one_line(app, tmp_path):
    bad = tmp_path / "schedule.json"
    bad.write_bytes(b'{"schedule": ')
    result = _run(app, bad, "--event", "anything")
    assert result.exit_code == 1
    assert result.output == f"Error: {bad}: broken JSON: Expecting value (line 1, column 14)\n"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0
