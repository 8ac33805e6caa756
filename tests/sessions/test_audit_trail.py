"""Every change to a session's speakers moves its version and is in the audit trail."""

from sqlalchemy import select

from eventsvc.audit.models import AuditEntry
from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance, update_session
from tests.factories import make_event, make_forum, make_session, make_speaker, make_user


def _entries(talk):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_key == talk.uid).order_by(AuditEntry.id)
    ).all()


def test_lineup_changes_are_audited_and_bump_the_version(ctx):
    event = make_event()
    talk = make_session(make_forum(event))
    first, second = make_speaker(event, family="First"), make_speaker(event, family="Second")
    editor = make_user(role="organizer", event=event)
    add_appearance(talk, first, actor=editor)
    add_appearance(talk, second, actor=editor)
    update_session(
        talk,
        {"speakers": [{"speaker": second, "role": "moderator"}, {"speaker": first}]},
        actor=editor,
    )
    update_session(talk, {"speakers": [{"speaker": second, "role": "moderator"}]}, actor=editor)
    db.session.flush()
    entries = _entries(talk)
    assert [(e.action, e.actor_email) for e in entries] == [("created", "")] + [
        ("updated", editor.email)
    ] * 4
    assert [e.changes[0]["after"] for e in entries[1:]] == [
        [[first.slug, "speaker"]],
        [[first.slug, "speaker"], [second.slug, "speaker"]],
        [[second.slug, "moderator"], [first.slug, "speaker"]],
        [[second.slug, "moderator"]],
    ]
    assert talk.version == 5
