"""Commands on a database without tables: they create the schema, or stop with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventsvc.backup.export import dumps, export_event

FILES = Path(__file__).parents[1] / "interchange" / "files"
NO_SCHEMA = "eventsvc: the database has no tables yet: run `eventsvc db upgrade` first\n"


def _run(tmp_path, *args, stdin: str = "") -> subprocess.CompletedProcess:
    """The real command, on a new SQLite file: nothing has created its tables."""
    env = {
        **os.environ,
        "EVENTSVC_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}",
        "EVENTSVC_ENV": "testing",
    }
    return subprocess.run(
        [sys.executable, "-m", "eventsvc.cli", *map(str, args)],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("users", "create", "a@example.org", "--role", "admin"),
        ("tokens", "create", "a@example.org"),
        ("publish", "any-event", "--accept-conflicts", "a reason"),
    ],
    ids=["users create", "tokens create", "publish"],
)
def test_command_on_an_empty_database_names_db_upgrade(tmp_path, args):
    result = _run(tmp_path, *args, stdin="a long enough password\n")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", NO_SCHEMA)


def test_generate_on_an_empty_database_creates_the_schema(tmp_path):
    result = _run(
        tmp_path,
        "generate",
        "--event",
        "big",
        "--forums",
        "1",
        "--sessions",
        "3",
        "--speakers",
        "2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Published release 1 in ")


def test_import_schedule_on_an_empty_database_creates_the_schema(tmp_path):
    result = _run(tmp_path, "import-schedule", FILES / "frab-schedule.xml", "--event", "fossgis")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "  created: 3 forums, 2 rooms, 3 speakers, 3 sessions"


def test_import_of_a_backup_on_an_empty_database_creates_the_schema(app, demo, tmp_path):
    with app.app_context():
        backup = tmp_path / "backup.json"
        backup.write_text(dumps(export_event(demo)), encoding="utf-8")
    result = _run(tmp_path, "import", backup)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Restored event '{demo}': 1 forums, 4 sessions")
