"""The draft read and the audit trail cost a fixed number of queries, whatever their size."""

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import update_session
from tests.factories import make_speaker
from tests.web.api.world import build_world


def _queries(client, count_queries, url, headers) -> int:
    with count_queries() as counter:
        assert client.get(url, headers=headers).status_code == 200
    return counter.count


def test_draft_session_costs_the_same_with_many_speakers(app, client, count_queries):
    with app.app_context():
        world = build_world()
    url = f"/api/v1/events/{world.event}/draft/sessions/{world.session_b}"
    headers = world.headers("staff")
    few = _queries(client, count_queries, url, headers)
    with app.app_context():
        event = db.session.query(Event).filter_by(slug=world.event).one()
        talk = db.session.query(Talk).filter_by(uid=world.session_b).one()
        update_session(talk, {"speakers": [{"speaker": make_speaker(event)} for _ in range(12)]})
        db.session.commit()
    many = _queries(client, count_queries, url, headers)
    assert many == few


def test_audit_trail_costs_the_same_when_longer(app, client, count_queries):
    with app.app_context():
        world = build_world()
    url = f"/api/v1/events/{world.event}/audit"
    headers = world.headers("staff")
    short = _queries(client, count_queries, url, headers)
    for n in range(20):
        client.patch(
            f"/api/v1/events/{world.event}/sessions/{world.session_b}",
            headers=world.headers("event_org"),
            json={"title": f"Title {n}"},
        )
    assert _queries(client, count_queries, url, headers) == short
