"""The CSV import's audit entries, and the API tokens page."""

from __future__ import annotations

import re

from sqlalchemy import select

from eventsvc.audit.models import AuditEntry
from eventsvc.auth.models import ApiToken
from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from eventsvc.speakers.csv_import import import_speakers
from tests.factories import make_event, make_user
from tests.web.manage.helpers import csrf_token, sign_in

CSV = b"email,family_name,given_name,title_en\r\na@example.org,Wu,Ann,Dean\r\n"


def test_csv_import_writes_one_audit_entry_per_created_or_changed_speaker(ctx):
    event = make_event()
    staff = make_user(role="staff", event=event)
    import_speakers(event, CSV, actor=staff)
    import_speakers(event, CSV, actor=staff)
    import_speakers(event, CSV.replace(b"Dean", b"Provost"), actor=staff)
    db.session.commit()
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "speaker").order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.object_key, e.actor_email) for e in entries] == [
        ("created", "ann-wu", staff.email),
        ("updated", "ann-wu", staff.email),
    ]
    assert entries[1].changes == [
        {"field": "title", "before": {"en": "Dean"}, "after": {"en": "Provost"}}
    ]


def test_tokens_page_creates_shows_once_and_revokes(app, client):
    with app.app_context():
        user = make_user(role="staff", event=make_event())
        db.session.commit()
        sign_in(client, user.id)
    token = csrf_token(app, client)
    created = client.post("/manage/tokens", data={"label": "badge printer", "csrf_token": token})
    secret = re.search(r'<code id="secret">([^<]+)</code>', created.get_data(as_text=True)).group(1)
    assert created.status_code == 201
    bearer = app.test_client()  # no session cookie: only the token speaks
    assert (
        bearer.get("/api/v1/me/tokens", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )
    assert secret not in client.get("/manage/tokens").get_data(as_text=True)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    assert (
        client.post(f"/manage/tokens/{token_id}/revoke", data={"csrf_token": token}).status_code
        == 302
    )
    assert (
        bearer.get("/api/v1/me/tokens", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_nobody_revokes_another_users_token(app, client):
    with app.app_context():
        owner, other = make_user(), make_user()
        mine, _plain = create_api_token(owner)
        db.session.commit()
        sign_in(client, other.id)
        token_id = mine.id
    response = client.post(
        f"/manage/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(app, client)}
    )
    with app.app_context():
        assert (response.status_code, db.session.get(ApiToken, token_id).revoked_at) == (404, None)
