"""/manage/events/{event}/mail: what was sent to whom."""

from __future__ import annotations

import re

from eventsvc.extensions import db
from eventsvc.mail import queue
from tests.factories import make_event, make_user
from tests.web.manage.helpers import sign_in


def _event_with_mail(app, client, count: int) -> str:
    with app.app_context():
        event = make_event()
        for n in range(count):
            queue(
                f"p{n}@example.org", f"Notice {n}", "text", event_id=event.id, kind="speaker_notice"
            )
        queue("elsewhere@example.org", "Other event", "text", kind="speaker_notice")
        user = make_user(role="staff", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return event.slug


def test_outbox_lists_each_message_of_the_event_with_recipient_and_status(app, client, smtp_server):
    slug = _event_with_mail(app, client, 2)
    page = client.get(f"/manage/events/{slug}/mail").get_data(as_text=True)
    rows = re.findall(
        r'<tr class="mail-(\w+)"><td>[^<]*</td><td>([^<]+)</td><td>([^<]+)</td>', page
    )
    assert sorted(rows) == [
        ("sent", "p0@example.org", "Notice 0"),
        ("sent", "p1@example.org", "Notice 1"),
    ]


def test_outbox_query_count_is_the_same_at_1_and_at_30_messages(app, client, count_queries):
    counts = []
    for size in (1, 30):
        slug = _event_with_mail(app, client, size)
        with count_queries() as counter:
            assert client.get(f"/manage/events/{slug}/mail").status_code == 200
        counts.append(len(counter.statements))
    assert counts[0] == counts[1]
