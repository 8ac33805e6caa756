"""Conditional requests and validators: ETag and Last-Modified move exactly with the body."""

from datetime import datetime

import pytest

from eventsvc.extensions import db
from tests.factories import make_event, make_forum, make_session


def _get(client, url, **headers):
    return client.get(url, headers=headers)


def test_if_none_match_with_the_current_etag_answers_304(client, conference):
    url = f"/events/{conference.event}/calendar.ics"
    first = _get(client, url)
    again = _get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]


def test_if_modified_since_the_last_modified_answers_304(client, conference):
    url = f"/events/{conference.event}/calendar.ics"
    first = _get(client, url)
    again = _get(client, url, **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def test_if_modified_since_an_older_date_answers_200(client, conference):
    url = f"/events/{conference.event}/calendar.ics"
    response = _get(client, url, **{"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert response.status_code == 200


def test_stale_etag_answers_200_with_the_new_body(client, conference, organizer):
    url = f"/events/{conference.event}/calendar.ics"
    first = _get(client, url)
    with organizer(conference.event) as (_event, talks):
        talks[conference.talk].title = {"en": "Renamed"}
    response = _get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 200
    assert response.headers["ETag"] != first.headers["ETag"]
    assert b"SUMMARY:Renamed" in response.data


def test_release_that_leaves_a_feed_unchanged_keeps_its_etag_and_last_modified(
    client, conference, organizer
):
    url = f"/events/{conference.event}/forums/{conference.forums[1]}/calendar.ics"
    first = _get(client, url)
    with organizer(conference.event) as (_event, talks):
        talks[conference.talk].title = {"en": "A change in the other forum"}
    second = _get(client, url)
    assert second.data == first.data
    assert (second.headers["ETag"], second.headers["Last-Modified"]) == (
        first.headers["ETag"],
        first.headers["Last-Modified"],
    )
    assert (
        _get(client, url, **{"If-Modified-Since": first.headers["Last-Modified"]}).status_code
        == 304
    )


def test_session_leaving_a_feed_moves_its_last_modified(client, conference, organizer):
    """The remaining sessions did not change, yet the body did: Last-Modified must move."""
    url = f"/events/{conference.event}/rooms/{conference.rooms[0]}/calendar.ics"
    first = _get(client, url)
    with organizer(conference.event) as (_event, talks):
        db.session.delete(talks[conference.panel])
    second = _get(client, url)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified > first.last_modified
    assert (
        _get(client, url, **{"If-Modified-Since": first.headers["Last-Modified"]}).status_code
        == 200
    )


def test_forum_renamed_moves_the_last_modified_of_its_feed(client, conference, organizer):
    """No session changed (their changed_at stay), but every DESCRIPTION names the forum."""
    url = f"/events/{conference.event}/forums/{conference.forums[1]}/calendar.ics"
    first = _get(client, url)
    with organizer(conference.event) as (event, _talks):
        forum = next(f for f in event.forums if f.slug == conference.forums[1])
        forum.name = {"en": "A better name"}
    second = _get(client, url)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified > first.last_modified


def test_etag_changes_when_and_only_when_the_body_changes(client, conference, organizer):
    urls = [f"/events/{conference.event}/calendar.ics?lang={lang}" for lang in ("en", "zh")]
    served = []  # (url, etag, last_modified, body) for: release 1, an empty release 2, a retitle
    for step in range(3):
        if step:
            with organizer(conference.event) as (_event, talks):
                if step == 2:
                    talks[conference.opening].title = {"en": "Opening", "zh": "开幕式"}
        for url in urls:
            response = _get(client, url)
            served.append(
                (url, response.headers["ETag"], response.headers["Last-Modified"], response.data)
            )
    for a in served:
        for b in served:
            assert (a[1] == b[1]) == (a[3] == b[3])  # same ETag exactly when same bytes
            if a[0] == b[0]:
                assert (a[2] == b[2]) == (a[3] == b[3])  # and, per feed, same Last-Modified
    assert len({etag for _url, etag, _lm, _body in served}) == 4  # two bodies per language


def _published_event(app, sessions: int) -> str:
    from eventsvc.releases.publish import publish

    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        for minute in range(sessions):
            make_session(forum, start=datetime(2024, 4, 29, 8, minute))
        publish(event, None)
        db.session.commit()
        slug = event.slug
        db.session.remove()
    return slug


@pytest.mark.parametrize(
    "path", ["/events/{e}/calendar.ics", "/events/{e}/forums/{f}/calendar.ics"]
)
def test_feed_costs_the_same_queries_whatever_its_size(app, client, count_queries, path):
    counts = []
    for size in (1, 40):
        slug = _published_event(app, size)
        with app.app_context():
            from eventsvc.agenda.current import agenda_for, current_release

            forum = agenda_for(current_release(slug)).forums[0]["slug"]
        url = path.format(e=slug, f=forum)
        with count_queries() as cold:
            assert client.get(url).status_code == 200
        with count_queries() as warm:
            etag = client.get(url).headers["ETag"]
        with count_queries() as not_modified:
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        counts.append((cold.count, warm.count, not_modified.count))
    assert counts[0] == counts[1]
    # Replayed (web/replay.py): one query while the newest release is unconfirmed, none after.
    assert max(counts[0][1:]) <= 1


def test_public_feeds_read_the_release_not_the_working_tables(client, conference, count_queries):
    urls = [
        f"/events/{conference.event}/calendar.ics",
        f"/events/{conference.event}/forums/{conference.forums[0]}/calendar.ics",
        f"/events/{conference.event}/rooms/{conference.rooms[0]}/calendar.ics",
        f"/events/{conference.event}/speakers/{conference.speaker}/calendar.ics",
        f"/events/{conference.event}/sessions/{conference.talk}.ics",
    ]
    with count_queries() as counter:
        for url in urls:
            assert client.get(url).status_code == 200
    working = (
        "sessions",
        "appearances",
        "speakers",
        "speaker_names",
        "forums",
        "rooms",
        "organizations",
    )
    touched = {
        table
        for statement in counter.statements
        for table in working
        if f" {table}" in statement.lower() or f'"{table}"' in statement.lower()
    }
    assert touched == set()


def test_last_modified_is_settled_at_publish_not_at_the_first_read(
    app, client, conference, organizer
):
    """Nobody read the feed under release 1; release 2 leaves it unchanged: its
    Last-Modified is still release 1's time, as every process answers."""
    from eventsvc.agenda.current import current_release

    with app.app_context():
        first_release = current_release(conference.event).published_at
    with organizer(conference.event) as (_event, talks):
        talks[conference.talk].title = {"en": "A change in the other forum"}
    url = f"/events/{conference.event}/forums/{conference.forums[1]}/calendar.ics"
    assert _get(client, url).last_modified == first_release.replace(microsecond=0)
