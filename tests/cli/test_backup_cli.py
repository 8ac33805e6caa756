"""eventsvc export SLUG and eventsvc import FILE."""

from sqlalchemy import func, select

from eventsvc.events.models import Event
from eventsvc.extensions import db
from tests.conftest import empty_tables


def test_export_then_import_into_an_empty_database_restores_the_event(app, demo, tmp_path):
    exported = app.test_cli_runner().invoke(args=["export", demo])
    assert exported.exit_code == 0
    backup = tmp_path / "event.json"
    backup.write_text(exported.stdout, encoding="utf-8")
    empty_tables(app)
    imported = app.test_cli_runner().invoke(args=["import", str(backup)])
    assert imported.exit_code == 0
    assert (
        imported.stdout
        == "Restored event 'zgc-forum-2024': 1 forums, 4 sessions, 3 speakers, 1 releases.\n"
    )
    assert app.test_cli_runner().invoke(args=["export", demo]).stdout == exported.stdout


def test_export_of_an_unknown_event_is_one_line(app):
    result = app.test_cli_runner().invoke(args=["export", "nothing-here"])
    assert result.exit_code == 1
    assert result.stderr == "Error: no event 'nothing-here'\n"


def test_import_of_a_file_that_is_not_json_is_one_line_and_writes_nothing(app, tmp_path):
    backup = tmp_path / "event.json"
    backup.write_text("{not json", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import", str(backup)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {backup}: not JSON (Expecting property name enclosed in double quotes "
        "at line 1, column 2)\n"
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0
