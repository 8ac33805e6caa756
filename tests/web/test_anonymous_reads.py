"""Reading what is published writes nothing: no page, feed, schedule file or API read, for
anyone and whatever Host it names, changes a row (feed times are settled at publish)."""

from __future__ import annotations

from eventsvc.auth import feeds as feed_tokens
from eventsvc.extensions import db
from eventsvc.sessions import stars
from tests.factories import make_user
from tests.web.public.reading import DEMO, FORUM, PAGES

OPENING = "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001"
READS = (
    *PAGES,
    f"/events/{DEMO}/calendar.ics",
    f"/events/{DEMO}/calendar.ics?lang=zh",
    f"/events/{DEMO}/forums/{FORUM}/calendar.ics",
    f"/events/{DEMO}/rooms/forum-hall/calendar.ics",
    f"/events/{DEMO}/speakers/xue-lan/calendar.ics",
    f"/events/{DEMO}/sessions/{OPENING}.ics",
    f"/events/{DEMO}/schedule.xml",
    f"/events/{DEMO}/schedule.json",
    f"/events/{DEMO}/schedule-v2.json",
    "/api/v1/events",
    f"/api/v1/events/{DEMO}",
    f"/api/v1/events/{DEMO}/agenda",
    f"/api/v1/events/{DEMO}/sessions",
    f"/api/v1/events/{DEMO}/sessions/{OPENING}",
    f"/api/v1/events/{DEMO}/speakers",
    f"/api/v1/events/{DEMO}/forums",
    f"/api/v1/events/{DEMO}/releases",
    f"/api/v1/events/{DEMO}/search?q=xue",
)
_WRITES = ("insert", "update", "delete", "merge", "replace")


def _personal_feed(app) -> str:
    with app.app_context():
        user = make_user()
        token = feed_tokens.feed_token(user, app.config["SECRET_KEY"], actor=user)
        stars.star(user, stars.talk_by_uid(OPENING), actor=user)
        db.session.commit()
        db.session.remove()
    return f"/feeds/{token}.ics"


def test_reading_everything_published_writes_nothing(app, client, demo, count_queries):
    urls = [*READS, _personal_feed(app)]
    with count_queries() as counter:
        for host in ("localhost", "other.example", "third.example"):
            for url in urls:
                response = client.get(url, environ_overrides={"HTTP_HOST": host})
                assert response.status_code == 200, (url, host, response.status_code)
    writes = [s for s in counter.statements if s.lstrip().lower().startswith(_WRITES)]
    assert writes == []
