"""The changes page: releases newest first with their changelogs."""

from datetime import UTC, datetime

from eventsvc.releases.publish import publish
from eventsvc.sessions.conflicts import blocking_conflicts
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_session, make_speaker

from .reading import DEMO, read


def test_changes_lists_the_demo_release(client, demo):
    page = read(client, f"/events/{DEMO}/changes?lang=en")
    assert page.title == "Changes · Zhongguancun Forum 2024"
    assert [t.split(" ")[:2] for t in page.texts("//ol[@class='releases']/li/h2")] == [
        ["Release", "1"]
    ]
    assert page.texts("//ul[@class='changelog']/li/span[@class='change']") == ["Added"] * 4


def test_changes_show_newest_release_first_with_what_changed(client, app, in_app):
    with in_app() as db_session:
        event = make_event()
        forum = make_forum(event)
        talk = make_session(
            forum, start=datetime(2024, 4, 29, 9, 0), title={"en": "Moving", "zh": "调整"}
        )
        publish(event, None)
        db_session.commit()
        talk = db_session.get(Talk, talk.id)
        talk.start_at, talk.end_at = (
            datetime(2024, 4, 29, 6, 0, tzinfo=UTC),
            datetime(2024, 4, 29, 6, 30, tzinfo=UTC),
        )  # 14:00 local
        publish(event, None, comment="Afternoon instead")
        db_session.commit()
        slug = event.slug
    page = read(client, f"/events/{slug}/changes?lang=zh")
    assert [t.split(" ")[:2] for t in page.texts("//ol[@class='releases']/li/h2")] == [
        ["第", "2"],
        ["第", "1"],
    ]
    assert page.texts("//p[@class='comment']") == ["Afternoon instead"]
    assert page.texts("//ol[@class='releases']/li[1]//ul[@class='changelog']/li") == [
        "时间调整 调整 改为 2024年4月29日 14:00"
    ]
    assert page.texts("//ol[@class='releases']/li[2]//ul[@class='changelog']/li") == ["新增 调整"]


def test_changes_show_the_double_booking_a_release_accepted_and_why(client, app, in_app):
    with in_app() as db_session:
        event = make_event()
        forum = make_forum(event)
        speaker = make_speaker(event, family="Busy")
        for title in ("Opening", "Keynote"):
            start = datetime(2024, 4, 29, 9, 0)
            add_appearance(make_session(forum, start=start, title={"en": title}), speaker)
        publish(event, None, "first")
        keys = frozenset(c.key for c in blocking_conflicts(event))
        make_session(forum, title={"en": "Later"})
        publish(event, None, accept_conflicts=keys, accept_reason="A stand-in opens")
        db_session.commit()
        slug = event.slug
    page = read(client, f"/events/{slug}/changes?lang=en")
    assert page.texts("//ol[@class='releases']/li[1]//ul[@class='accepted']/li") == [
        "a speaker in two sessions at once Opening, Keynote Reason: A stand-in opens"
    ]
    assert page.texts("//ol[@class='releases']/li[2]//ul[@class='accepted']/li") == []
    assert "@example" not in page.html
