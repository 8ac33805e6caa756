"""People and roles: invitations by mail (a real SMTP server on loopback), their links, grants."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eventsvc.audit.models import AuditEntry
from eventsvc.auth.models import Invitation, Role, RoleGrant, User
from eventsvc.db import utcnow
from eventsvc.extensions import db
from tests.factories import make_event, make_forum, make_user
from tests.web.forms import post_form
from tests.web.manage.helpers import csrf_token, sign_in

PASSWORDS = {
    "display_name": "Wang",
    "password": "a long passphrase",
    "confirm": "a long passphrase",
}


@pytest.fixture
def scene(app):
    with app.app_context():
        event = make_event()
        forum = make_forum(event, name={"en": "Forum on AI", "zh": "人工智能论坛"})
        organizer = make_user("org@example.org", role="organizer", event=event)
        db.session.commit()
        return {"event": event.slug, "forum": forum.slug, "organizer": organizer.id}


def _invite(client, scene, email="new@example.org", role="staff", lang="en"):
    sign_in(client, scene["organizer"])
    return post_form(
        client,
        f"/manage/events/{scene['event']}/people?lang={lang}",
        {"email": email, "role": role},
    )


def _link(message) -> str:
    return re.search(r"http://localhost(/invitations/accept\?token=\S+)", message.get_content())[1]


def _roles(email: str) -> list[tuple]:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        return []
    return [(g.role, g.forum_id is not None) for g in user.grants]


def _sign_out(client) -> None:
    with client.session_transaction() as cookie:
        cookie.clear()


def test_invitation_mailed_to_the_invitee(client, scene, smtp_server):
    _invite(client, scene)
    assert [m["To"] for m in smtp_server.messages] == ["new@example.org"]


def test_invitation_mail_carries_both_languages(client, scene, smtp_server):
    _invite(client, scene, role=f"forum:{scene['forum']}")
    [message] = smtp_server.messages
    assert message["Subject"] == (
        f"Invitation: organizer of Forum on AI (Event {scene['event'].split('-')[1]}) / "
        f"邀请：会议{scene['event'].split('-')[1]}人工智能论坛组织者"
    )


def test_invitation_link_makes_an_account_with_the_role(app, client, scene, smtp_server):
    _invite(client, scene)
    _sign_out(client)
    answer = post_form(client, _link(smtp_server.messages[0]), PASSWORDS)
    assert answer.location == f"/manage/events/{scene['event']}/"
    with app.app_context():
        assert _roles("new@example.org") == [(Role.STAFF, False)]


def test_new_member_opens_what_the_role_allows(client, scene, smtp_server):
    _invite(client, scene)
    _sign_out(client)
    post_form(client, _link(smtp_server.messages[0]), PASSWORDS)
    assert client.get(f"/manage/events/{scene['event']}/speakers/").status_code == 200


def test_invitation_link_works_once(client, scene, smtp_server):
    _invite(client, scene)
    _sign_out(client)
    link = _link(smtp_server.messages[0])
    post_form(client, link, PASSWORDS)
    _sign_out(client)
    assert client.get(link).status_code == 410


def test_expired_invitation_refused(app, client, scene, smtp_server):
    _invite(client, scene)
    _sign_out(client)
    link = _link(smtp_server.messages[0])
    with app.app_context():
        db.session.execute(
            Invitation.__table__.update().values(expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    answer = client.get(link)
    assert (answer.status_code, "This link has expired." in answer.get_data(as_text=True)) == (
        410,
        True,
    )


def test_expired_invitation_creates_no_account(app, client, scene, smtp_server):
    _invite(client, scene)
    _sign_out(client)
    link = _link(smtp_server.messages[0])
    with app.app_context():
        db.session.execute(
            Invitation.__table__.update().values(expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    client.post(link, data=PASSWORDS)
    with app.app_context():
        assert _roles("new@example.org") == []


def test_withdrawn_invitation_refused(app, client, scene, smtp_server):
    _invite(client, scene)
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    page = client.get(f"/manage/events/{scene['event']}/people")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(True))[1]
    client.post(
        f"/manage/events/{scene['event']}/invitations/{invitation_id}/revoke",
        data={"csrf_token": token},
    )
    _sign_out(client)
    assert client.get(_link(smtp_server.messages[0])).status_code == 410


def test_altered_invitation_link_refused(client, scene, smtp_server):
    _invite(client, scene)
    _sign_out(client)
    assert client.get(_link(smtp_server.messages[0])[:-4] + "AAAA").status_code == 404


def test_existing_account_must_sign_in_to_accept(app, client, scene, smtp_server):
    with app.app_context():
        make_user("known@example.org")
        db.session.commit()
    _invite(client, scene, email="known@example.org")
    _sign_out(client)
    link = _link(smtp_server.messages[0])
    page = client.get(link).get_data(as_text=True)
    assert "Log in as known@example.org" in page


def test_existing_account_accepts_when_signed_in(app, client, scene, smtp_server):
    with app.app_context():
        known = make_user("known@example.org").id
        db.session.commit()
    _invite(client, scene, email="known@example.org")
    _sign_out(client)
    sign_in(client, known)
    post_form(client, _link(smtp_server.messages[0]), {})
    with app.app_context():
        assert _roles("known@example.org") == [(Role.ATTENDEE, False), (Role.STAFF, False)]


def test_other_account_cannot_accept(app, client, scene, smtp_server):
    with app.app_context():
        make_user("known@example.org")
        other = make_user("other@example.org").id
        db.session.commit()
    _invite(client, scene, email="known@example.org")
    _sign_out(client)
    sign_in(client, other)
    client.post(_link(smtp_server.messages[0]), data={"csrf_token": csrf_token(app, client)})
    with app.app_context():
        assert (_roles("known@example.org"), _roles("other@example.org")) == (
            [(Role.ATTENDEE, False)],
            [(Role.ATTENDEE, False)],
        )


def test_inviting_a_holder_of_the_role_is_refused(app, client, scene, smtp_server):
    answer = _invite(client, scene, email="org@example.org", role="organizer")
    assert (answer.status_code, smtp_server.messages) == (422, [])


def test_inviting_a_bad_address_is_refused(client, scene, smtp_server):
    answer = _invite(client, scene, email="not an address")
    assert (answer.status_code, smtp_server.messages) == (422, [])


def test_people_page_lists_roles_and_open_invitations(client, scene):
    _invite(client, scene, email="new@example.org")
    page = client.get(f"/manage/events/{scene['event']}/people").get_data(as_text=True)
    assert ("org@example.org" in page, "new@example.org" in page) == (True, True)


def test_own_grant_cannot_be_revoked(app, client, scene):
    with app.app_context():
        own = db.session.scalar(select(RoleGrant.id).where(RoleGrant.user_id == scene["organizer"]))
    sign_in(client, scene["organizer"])
    page = client.get(f"/manage/events/{scene['event']}/people").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post(f"/manage/events/{scene['event']}/grants/{own}/revoke", data={"csrf_token": token})
    with app.app_context():
        assert _roles("org@example.org") == [(Role.ORGANIZER, False)]


def test_invitation_and_acceptance_in_the_audit_trail(app, client, scene, smtp_server):
    with app.app_context():
        before = db.session.scalar(select(func.max(AuditEntry.id)))
    _invite(client, scene)
    _sign_out(client)
    post_form(client, _link(smtp_server.messages[0]), PASSWORDS)
    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry.actor_email, AuditEntry.action, AuditEntry.object_type)
            .where(AuditEntry.id > before)
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(e) for e in entries] == [
        ("org@example.org", "created", "invitation"),
        ("new@example.org", "created", "grant"),
    ]


def test_people_page_in_chinese(client, scene):
    sign_in(client, scene["organizer"])
    page = client.get(f"/manage/events/{scene['event']}/people?lang=zh").get_data(as_text=True)
    assert "<h1>人员与角色</h1>" in page


def test_people_page_costs_the_same_queries_for_any_size(app, client, count_queries):
    with app.app_context():
        admin = make_user(role="admin").id
        slugs = []
        for size in (1, 12):
            event = make_event()
            forum = make_forum(event)
            for n in range(size):
                make_user(role="staff", event=event)
                make_user(role="organizer", event=event, forum=forum)
                db.session.add(
                    Invitation(
                        email=f"i{n}@example.org",
                        role=Role.STAFF,
                        event_id=event.id,
                        nonce_hash="x" * 64,
                        expires_at=utcnow() + timedelta(days=1),
                    )
                )
            slugs.append(event.slug)
        db.session.commit()
    sign_in(client, admin)
    counts = []
    for slug in slugs:
        with count_queries() as counter:
            assert client.get(f"/manage/events/{slug}/people").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
