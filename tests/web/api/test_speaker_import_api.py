"""POST /api/v1/events/{event}/speakers/import."""

import io

import pytest
from sqlalchemy import func, select

from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_user

GOOD = b"email,family_name,given_name\r\na@example.org,Wu,Ann\r\nb@example.org,Li,Bo\r\n"
BAD = GOOD + b"not-an-address,Xu,Cy\r\n"


@pytest.fixture
def event(app):
    with app.app_context():
        event = make_event()
        tokens = {
            role: create_api_token(make_user(role=role, event=event))[1]
            for role in ("staff", "attendee")
        }
        db.session.commit()
        return {"slug": event.slug, "tokens": tokens}


def _post(client, event, body, who="staff", query="", content_type="text/csv", **kwargs):
    return client.post(
        f"/api/v1/events/{event['slug']}/speakers/import{query}",
        data=body,
        content_type=content_type,
        headers={"Authorization": f"Bearer {event['tokens'][who]}"},
        **kwargs,
    )


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Speaker))


def test_import_creates_and_reports(app, client, event):
    response = _post(client, event, GOOD)
    assert response.status_code == 200
    assert (response.json["created"], response.json["updated"], response.json["errors"]) == (
        2,
        0,
        0,
    )
    assert response.json["rows"][0] == {
        "line": 2,
        "outcome": "created",
        "email": "a@example.org",
        "speaker": "ann-wu",
        "field": None,
        "reason": None,
    }
    assert _count(app) == 2


def test_dry_run_reports_and_writes_nothing(app, client, event):
    response = _post(client, event, BAD, query="?dry_run=true")
    assert response.status_code == 200
    assert (response.json["dry_run"], response.json["created"], response.json["errors"]) == (
        True,
        2,
        1,
    )
    assert response.json["rows"][2] == {
        "line": 4,
        "outcome": "error",
        "email": "not-an-address",
        "speaker": None,
        "field": "email",
        "reason": "invalid",
    }
    assert _count(app) == 0


def test_import_with_a_bad_row_is_422_and_writes_nothing(app, client, event):
    response = _post(client, event, BAD)
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"line 4": "email: invalid"}
    assert response.json["report"]["errors"] == 1
    assert _count(app) == 0


def test_multipart_upload_is_accepted(app, client, event):
    response = _post(
        client,
        event,
        {"file": (io.BytesIO(GOOD), "speakers.csv")},
        content_type="multipart/form-data",
    )
    assert (response.status_code, response.json["created"]) == (200, 2)


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b'{"email": "a@example.org"}', "application/json", 415),
        (b"email,shoe_size\r\n", "text/csv", 422),
        (b"email,family_name\r\n" + b"x" * (2 * 1024 * 1024), "text/csv", 413),
    ],
)
def test_unacceptable_bodies_are_refused_with_nothing_written(
    app, client, event, body, content_type, status
):
    response = _post(client, event, body, content_type=content_type)
    assert (response.status_code, _count(app)) == (status, 0)
    assert set(response.json["error"]) == {"code", "message", "fields"}


def test_attendee_may_not_import(app, client, event):
    response = _post(client, event, GOOD, who="attendee")
    assert (response.status_code, _count(app)) == (403, 0)
