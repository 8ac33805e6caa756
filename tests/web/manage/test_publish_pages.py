"""The publish pages: the whole event or one forum; blocking conflicts accepted with a reason."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from eventsvc.audit.models import AuditEntry
from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.releases.models import ConflictAcceptance, Release
from eventsvc.releases.publish import load_snapshot
from eventsvc.sessions.conflicts import blocking_conflicts
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_session, make_speaker, make_user
from tests.web.manage.helpers import sign_in, token_on_page

NINE = datetime(2024, 4, 26, 9)


@pytest.fixture
def world(app):
    """Forum A with a new session; forum B double-books a speaker; one user of each kind."""
    with app.app_context():
        event = make_event()
        forum_a, forum_b = make_forum(event), make_forum(event)
        make_session(forum_a, title={"en": "A talk"})
        busy = make_speaker(event, family="Busy", given="Ada")
        for title in ("B one", "B two"):
            add_appearance(make_session(forum_b, start=NINE, title={"en": title}), busy)
        users = {
            "forum_a": make_user(role="organizer", event=event, forum=forum_a),
            "event": make_user(role="organizer", event=event),
        }
        db.session.commit()
        return {
            "event": event.slug,
            "a": forum_a.slug,
            "b": forum_b.slug,
            "key": blocking_conflicts(event)[0].key,
            "users": {k: (u.id, u.email) for k, u in users.items()},
        }


def _url(world, forum=None) -> str:
    base = f"/manage/events/{world['event']}"
    return f"{base}/forums/{world[forum]}/publish" if forum else f"{base}/publish"


def _preview(html: str) -> list[str]:
    block = re.search(r'<ul id="preview">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r"<li>([^<]+)</li>", block)


def _releases() -> list[Release]:
    return list(db.session.scalars(select(Release).order_by(Release.number)))


def _titles(release: Release) -> list[str]:
    return sorted(s["title"]["en"] for s in load_snapshot(release)["sessions"])


def test_forum_page_shows_only_the_forums_changes_and_conflicts(client, world):
    sign_in(client, world["users"]["forum_a"][0])
    page = client.get(_url(world, "a")).get_data(as_text=True)
    assert _preview(page) == ["Added: A talk"]
    assert ("Publishing is blocked" in page, 'name="accept_conflicts"' in page) == (False, False)


def test_forum_organizer_publishes_their_forum_while_another_is_blocked(app, client, world):
    sign_in(client, world["users"]["forum_a"][0])
    page = client.get(_url(world, "a")).get_data(as_text=True)
    response = client.post(
        _url(world, "a"), data={"comment_en": "Forum A", "csrf_token": token_on_page(page)}
    )
    assert (response.status_code, response.location) == (
        302,
        f"/manage/events/{world['event']}/forums/{world['a']}/",
    )
    with app.app_context():
        [release] = _releases()
        assert (_titles(release), release.comment) == (["A talk"], {"en": "Forum A"})


def test_forum_organizer_is_refused_the_event_page_and_another_forums(client, world):
    sign_in(client, world["users"]["forum_a"][0])
    assert (client.get(_url(world)).status_code, client.get(_url(world, "b")).status_code) == (
        403,
        403,
    )


def test_workspace_links_a_forum_organizer_to_their_forums_publish_page(client, world):
    sign_in(client, world["users"]["forum_a"][0])
    dashboard = client.get(f"/manage/events/{world['event']}/").get_data(as_text=True)
    forum_page = client.get(f"/manage/events/{world['event']}/forums/{world['a']}/").get_data(
        as_text=True
    )
    links = re.compile(r'href="([^"]*/publish)"')
    assert (links.findall(dashboard), links.findall(forum_page)) == ([_url(world, "a")],) * 2


def test_event_page_offers_each_forum_and_sends_the_choice_on(client, world):
    sign_in(client, world["users"]["event"][0])
    page = client.get(_url(world)).get_data(as_text=True)
    choice = re.search(r'<select id="scope-forum" name="forum">(.*?)</select>', page, re.S)
    assert re.findall(r'<option value="([^"]*)"', choice.group(1)) == ["", world["a"], world["b"]]
    response = client.get(_url(world) + f"?forum={world['b']}")
    assert (response.status_code, response.location) == (302, _url(world, "b"))
    assert client.get(_url(world) + "?forum=nothing").status_code == 404


def test_event_publish_is_held_back_by_an_unticked_conflict(app, client, world):
    sign_in(client, world["users"]["event"][0])
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Publishing is blocked by 1 conflict(s):" in page
    assert f'name="accept_conflicts" value="{world["key"]}"' in page
    response = client.post(_url(world), data={"csrf_token": token_on_page(page)})
    assert "Not published: resolve each double booking, or tick it and give a reason." in (
        response.get_data(as_text=True)
    )
    with app.app_context():
        assert (response.status_code, _releases()) == (409, [])


def test_ticked_conflict_without_a_reason_is_refused_and_stays_ticked(app, client, world):
    sign_in(client, world["users"]["event"][0])
    page = client.get(_url(world)).get_data(as_text=True)
    response = client.post(
        _url(world),
        data={"accept_conflicts": world["key"], "csrf_token": token_on_page(page)},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say why the ticked conflicts are accepted." in html
    assert f'value="{world["key"]}" checked' in html
    with app.app_context():
        assert (_releases(), db.session.scalar(select(func.count(ConflictAcceptance.id)))) == (
            [],
            0,
        )


def test_ticked_conflict_with_a_reason_goes_out_accepted_and_audited(app, client, world):
    user_id, email = world["users"]["event"]
    sign_in(client, user_id)
    page = client.get(_url(world)).get_data(as_text=True)
    response = client.post(
        _url(world),
        data={
            "accept_conflicts": world["key"],
            "accept_reason": "A stand-in opens B two",
            "comment_en": "Everything",
            "csrf_token": token_on_page(page),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        [release] = _releases()
        [acceptance] = db.session.scalars(select(ConflictAcceptance))
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "accepted"))
        assert (_titles(release), acceptance.key, acceptance.reason, acceptance.actor_email) == (
            ["A talk", "B one", "B two"],
            world["key"],
            "A stand-in opens B two",
            email,
        )
        assert (entry.object_key, entry.actor_id) == (world["key"], user_id)


def test_accepted_conflict_shows_on_the_preview_with_reason_by_and_when(app, client, world):
    sign_in(client, world["users"]["event"][0])
    page = client.get(_url(world)).get_data(as_text=True)
    client.post(
        _url(world),
        data={
            "accept_conflicts": world["key"],
            "accept_reason": "A stand-in",
            "csrf_token": token_on_page(page),
        },
    )
    again = client.get(_url(world))
    html = again.get_data(as_text=True)
    with app.app_context():
        [acceptance] = db.session.scalars(select(ConflictAcceptance))
        zone = db.session.get(Event, acceptance.event_id).zone
        when = acceptance.accepted_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    accepted = re.search(r'<li class="accepted">(.*?)</li>', html, re.S).group(1)
    assert again.status_code == 200
    assert "Publishing is blocked" not in html and 'name="accept_conflicts"' not in html
    assert "Ada Busy is in two sessions at once" in accepted
    assert f"“A stand-in”, by {world['users']['event'][1]} on {when} (release 1)" in accepted
