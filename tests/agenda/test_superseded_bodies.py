"""Publishing removes the superseded release's rendered bodies from Redis."""

from __future__ import annotations

import pytest
import redis
from sqlalchemy import select

from eventsvc.agenda.rendered import RenderCache, make
from eventsvc.build import digest_of
from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.optional_redis import OptionalRedis
from eventsvc.releases.models import Release
from eventsvc.releases.publish import publish
from tests.factories import make_event, make_forum, make_room, make_session

MB = 1024 * 1024  # a render cache with room for every body built here


def _urls(slug: str, forum: str) -> list[str]:
    return [
        f"/events/{slug}",
        f"/events/{slug}/forums/{forum}",
        f"/events/{slug}/calendar.ics",
        f"/events/{slug}/schedule.json",
        f"/api/v1/events/{slug}/agenda",
    ]


def _digest(slug: str) -> str:
    return db.session.scalar(
        select(Release.digest)
        .join(Event)
        .where(Event.slug == slug)
        .order_by(Release.number.desc())
        .limit(1)
    )


@pytest.fixture
def shared(app, monkeypatch, redis_url):
    monkeypatch.setitem(
        app.extensions,
        "eventsvc.rendered",
        RenderCache(MB, shared=OptionalRedis(redis_url, 1.0, 1.0)),
    )
    store = redis.Redis.from_url(redis_url)
    yield store
    store.close()


def _bodies(store, digest: str) -> list[bytes]:
    return [k for k in store.keys("eventsvc:rendered:*") if digest.encode() in k]


def test_publish_removes_the_superseded_releases_bodies(app, client, shared):
    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        make_session(forum, room=make_room(event))
        publish(event, None)
        db.session.commit()
        slug, forum_slug, first = event.slug, forum.slug, _digest(event.slug)
        db.session.remove()
    for url in _urls(slug, forum_slug):
        assert client.get(url).status_code == 200
    assert len(_bodies(shared, first)) == len(_urls(slug, forum_slug))
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        event.forums[0].name = {"en": "Renamed"}
        publish(event, None, "again")
        db.session.commit()
        second = _digest(slug)
        db.session.remove()
    assert second != first
    assert _bodies(shared, first) == []
    assert shared.keys(f"eventsvc:release-bodies:{first}") == []
    for url in _urls(slug, forum_slug):
        assert client.get(url).status_code == 200
    assert len(_bodies(shared, second)) == len(_urls(slug, forum_slug))


def _published_and_read(app, client) -> tuple[str, str, str]:
    """An event of one session, published and its public bodies read (so rendered once):
    its slug, its forum's and the release's digest."""
    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        make_session(forum)
        publish(event, None)
        db.session.commit()
        slug, forum_slug, first = event.slug, forum.slug, _digest(event.slug)
        db.session.remove()
    for url in _urls(slug, forum_slug):
        assert client.get(url).status_code == 200
    return slug, forum_slug, first


def test_a_release_that_changed_nothing_keeps_the_bodies(app, client, shared):
    slug, forum_slug, first = _published_and_read(app, client)
    with app.app_context():
        publish(db.session.scalar(select(Event).where(Event.slug == slug)), None, "same")
        db.session.commit()
        assert _digest(slug) == first
        db.session.remove()
    assert len(_bodies(shared, first)) == len(_urls(slug, forum_slug))


def test_a_publish_rolled_back_removes_nothing(app, client, shared):
    slug, forum_slug, first = _published_and_read(app, client)
    kept = len(_bodies(shared, first))
    with app.app_context():
        publish(db.session.scalar(select(Event).where(Event.slug == slug)), None, "undone")
        db.session.rollback()
        db.session.commit()
        db.session.remove()
    assert len(_bodies(shared, first)) == kept > 0


def test_a_build_never_serves_the_bodies_another_build_rendered(redis_url):
    """After a deployment, a page keeps no words or links of the build before it; within a
    build, processes still share each body."""
    key = f"{'a' * 64}:page"
    old, new, old_again = (
        RenderCache(MB, shared=OptionalRedis(redis_url, 1.0, 1.0), build=build)
        for build in ("before", "after", "before")
    )
    old.get_or_build(key, lambda: make(b"old words"))
    bodies = (
        new.get_or_build(key, lambda: make(b"new words")).body,
        old_again.get_or_build(key, lambda: make(b"built again")).body,
    )
    assert bodies == (b"new words", b"old words")
    # Publishing removes the superseded release's bodies of every build.
    new.forget_release("a" * 64)
    store = redis.Redis.from_url(redis_url)
    try:
        assert store.keys("eventsvc:rendered:*") == []
    finally:
        store.close()


def test_the_build_digest_follows_templates_and_translations(tmp_path):
    (tmp_path / "page.html").write_text("<p>{{ _('Times are in %(zone)s.') }}</p>")
    (tmp_path / "notes.md").write_text("not rendered")
    first = digest_of([tmp_path])
    (tmp_path / "notes.md").write_text("edited")
    unchanged = digest_of([tmp_path])
    (tmp_path / "page.html").write_text("<p>{{ _('All times are local.') }}</p>")
    assert (unchanged == first, digest_of([tmp_path]) == first) == (True, False)
