"""Values the database cannot store are refused with 422, never a 500, and nothing is written."""

from sqlalchemy import func, select

from eventsvc.auth.services import create_api_token
from eventsvc.events.models import Forum
from eventsvc.extensions import db
from eventsvc.sessions.models import Talk
from tests.factories import make_user


def _token(app):
    with app.app_context():
        _, plain = create_api_token(make_user(role="admin"), "t")
        db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_position_past_the_integer_range_is_refused(app, client, demo):
    response = client.patch(
        f"/api/v1/events/{demo}/forums/science-diplomacy",
        headers=_token(app),
        json={"position": 2**50},
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"position": "invalid"}
    with app.app_context():
        assert db.session.scalar(select(Forum.position)) == 0


def test_nul_character_in_a_title_is_refused(app, client, demo):
    before = _sessions(app)
    response = client.post(
        f"/api/v1/events/{demo}/sessions",
        headers=_token(app),
        json={
            "forum": "science-diplomacy",
            "title": "Opening\u0000",
            "start": "2024-04-29T14:00:00",
            "end": "2024-04-29T15:00:00",
        },
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"title": "invalid"}
    assert _sessions(app) == before


def _sessions(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Talk))
