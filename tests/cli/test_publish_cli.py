"""eventsvc publish SLUG [--forum SLUG] [--comment TEXT] [--accept-conflicts REASON] [--as EMAIL]"""

from datetime import datetime

from sqlalchemy import func, select

from eventsvc.extensions import db
from eventsvc.releases.models import ConflictAcceptance, Release
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_session, make_speaker, make_user


def _booked(slug="zgc"):
    event = make_event(slug=slug)
    forum = make_forum(event, slug="ai")
    speaker = make_speaker(event, family="Chen", given="Jiachang")
    for title in ("Opening", "Keynote"):
        talk = make_session(forum, start=datetime(2024, 4, 26, 9), title={"en": title})
        add_appearance(talk, speaker)
    db.session.commit()
    return event


def _releases():
    return db.session.scalar(select(func.count()).select_from(Release))


def test_publish_refuses_blocking_conflicts_and_names_them(app, ctx):
    _booked()
    result = app.test_cli_runner().invoke(args=["publish", "zgc"])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "  speaker_double_booked: Jiachang Chen: Opening / Keynote",
        "Publish past them with --accept-conflicts REASON.",
    ]
    assert _releases() == 0


def test_publish_accepts_conflicts_with_a_reason(app, ctx):
    _booked()
    make_user(email="org@example.org", role="admin")
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=[
            "publish",
            "zgc",
            "--comment",
            "First",
            "--accept-conflicts",
            "Stand-in",
            "--as",
            "org@example.org",
        ]
    )
    assert result.output.strip() == (
        "Published release 1 of zgc: 2 change(s); 1 conflict(s) accepted."
    )
    acceptance = db.session.scalar(select(ConflictAcceptance))
    assert (acceptance.reason, acceptance.actor_email, acceptance.release.comment) == (
        "Stand-in",
        "org@example.org",
        {"en": "First"},
    )


def test_publish_one_forum(app, ctx):
    event = make_event(slug="zgc")
    make_session(make_forum(event, slug="ai"))
    make_session(make_forum(event, slug="bio"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["publish", "zgc", "--forum", "ai"])
    assert result.output.strip() == "Published release 1 of forum ai of zgc: 1 change(s)."


def test_publish_an_unknown_event_is_one_line(app, ctx):
    result = app.test_cli_runner().invoke(args=["publish", "nope"])
    assert (result.exit_code, result.output) == (1, "Error: no event 'nope'\n")
