"""The contract's commands: demo, users create, tokens create, db current."""

import os
import subprocess
import sys

from sqlalchemy import func, select

from eventsvc.auth.models import ApiToken, Role, User
from eventsvc.auth.secrets import token_digest, verify_password
from eventsvc.extensions import db
from eventsvc.models import Event, Forum, Release, Speaker, Talk
from tests.factories import make_event, make_forum


def _counts():
    return [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Event, Forum, Speaker, Talk, Release)
    ]


def test_demo_twice_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Loaded the demo event 'zgc-forum-2024' and published release 1." in first.output
    with app.app_context():
        before = _counts()
    second = runner.invoke(args=["demo"])
    assert "The demo is already loaded: nothing changed." in second.output
    with app.app_context():
        assert _counts() == before == [1, 1, 3, 4, 1]


def test_users_create_reads_the_password_from_stdin(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "Admin@Example.org", "--role", "admin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created admin@example.org (admin)."
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "admin@example.org"
        assert user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, "a long enough password")
        assert [g.role for g in user.grants] == [Role.ADMIN]


def test_users_create_forum_organizer(app, ctx):
    forum = make_forum(make_event(slug="zgc"), slug="ai")
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "o@example.org",
            "--role",
            "organizer",
            "--event",
            "zgc",
            "--forum",
            "ai",
        ],
        input="organizer password\n",
    )
    assert result.output.strip() == "Created o@example.org (organizer of zgc/ai)."
    grant = db.session.scalar(select(User).where(User.email == "o@example.org")).grants[0]
    assert (grant.event_id, grant.forum_id) == (forum.event_id, forum.id)


def test_users_create_refuses_bad_input_and_writes_nothing(app):
    runner = app.test_cli_runner()
    cases = [
        (
            ["users", "create", "not-an-email", "--role", "admin"],
            "a long enough password\n",
            "is not an email address",
        ),
        (
            ["users", "create", "a@example.org", "--role", "admin"],
            "short\n",
            "at least 10 characters",
        ),
        (
            ["users", "create", "s@example.org", "--role", "staff"],
            "a long enough password\n",
            "a staff needs an event",
        ),
        (
            ["users", "create", "s@example.org", "--role", "staff", "--event", "nope"],
            "a long enough password\n",
            "no event 'nope'",
        ),
    ]
    for args, stdin, message in cases:
        result = runner.invoke(args=args, input=stdin)
        assert result.exit_code == 1 and message in result.output, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_tokens_create_prints_a_long_random_token_stored_hashed(app):
    runner = app.test_cli_runner()
    runner.invoke(
        args=["users", "create", "t@example.org", "--role", "attendee"],
        input="a long enough password\n",
    )
    plain = runner.invoke(args=["tokens", "create", "t@example.org"]).output.strip()
    other = runner.invoke(args=["tokens", "create", "t@example.org"]).output.strip()
    assert len(plain) >= 43 and plain != other
    with app.app_context():
        hashes = set(db.session.scalars(select(ApiToken.token_hash)))
        assert hashes == {token_digest(plain), token_digest(other)}


def test_tokens_create_for_an_unknown_user_fails(app):
    result = app.test_cli_runner().invoke(args=["tokens", "create", "ghost@example.org"])
    assert result.exit_code == 1 and "no user ghost@example.org" in result.output


def test_db_current_is_at_head(app):
    # Alembic prints to the process's stdout, past click's runner: run the real command.
    env = {
        **os.environ,
        "EVENTSVC_DATABASE_URL": app.config["DATABASE_URL"],
        "EVENTSVC_ENV": "testing",
    }
    result = subprocess.run(
        [sys.executable, "-m", "eventsvc.cli", "db", "current"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().endswith("(head)"), result.stderr
