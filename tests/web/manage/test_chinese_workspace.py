"""Every /manage page in Chinese shows words, not the codes the agenda stores: no kind,
status or role code and no room slug in the text a person reads."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import html5lib
import pytest

from eventsvc.events.models import OrgRole
from eventsvc.events.services import add_organization_role, create_organization
from eventsvc.extensions import db
from eventsvc.sessions.models import AppearanceRole, SessionKind, SessionStatus
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import csrf_token, row_counts, sign_in

ROOMS = ("hall-a", "annex-b")
CODES = {*SessionKind, *SessionStatus, *AppearanceRole, *OrgRole, *ROOMS}
# Downloads and the picker's JSON: not pages a person reads.
NOT_PAGES = {
    "manage.speaker_find",
    "manage.speaker_template",
    "manage.speaker_export",
    "manage.speaker_export_xlsx",
}


@pytest.fixture
def world(app, client):
    """An event using every kind, status and role, its texts in Chinese; signed in as an admin."""
    with app.app_context():
        event = make_event(name={"zh": "中关村论坛"})
        forum = make_forum(event, name={"zh": "科技外交论坛"})
        rooms = [make_room(event, slug=s, name={"zh": f"{n}号厅"}) for n, s in enumerate(ROOMS)]
        org = create_organization(event, {"slug": "cast", "name": {"zh": "中国科协"}})
        for role in OrgRole:
            add_organization_role(org, role.value, forum)
        people = [
            make_speaker(event, names=[{"script": "Hans", "family": "李", "given": f"明{n}"}])
            for n in range(len(AppearanceRole))
        ]
        statuses = [*SessionStatus] * 3
        for n, kind in enumerate(SessionKind):
            talk = make_session(
                forum,
                start=datetime(2024, 4, 26, 9) + timedelta(hours=n),
                room=rooms[n % 2],
                kind=kind.value,
                status=statuses[n].value,
                title={"zh": f"议程{n}"},
                speakers=[
                    {"speaker": p, "role": r.value}
                    for p, r in zip(people, AppearanceRole, strict=True)
                ],
            )
        person = people[0]
        admin = make_user(role="admin")
        db.session.commit()
        sign_in(client, admin.id)
        return {
            "slug": event.slug,
            "forum_slug": forum.slug,
            "uid": talk.uid,
            "speaker_slug": person.slug,
            "room_slug": rooms[0].slug,
            "org_slug": org.slug,
        }


def _pages(app, world) -> list[str]:
    """Every GET route of /manage, its arguments filled from the world."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("manage.") or "GET" not in rule.methods:
            continue
        if rule.endpoint in NOT_PAGES:
            continue
        missing = rule.arguments - world.keys()
        assert not missing, f"{rule.rule}: give the test world a {', '.join(missing)}"
        urls.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: world[m.group(1)], rule.rule))
    return sorted(urls)


def _read_text(page: str) -> str:
    """The text a person reads: every text node outside scripts and templates."""
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    hidden = {"script", "style", "template"}
    texts = []

    def walk(node):
        if node.tag in hidden:
            return
        texts.append(node.text or "")
        for child in node:
            walk(child)
            texts.append(child.tail or "")

    walk(tree)
    return " ".join(texts)


def test_no_chinese_workspace_page_shows_a_code_or_room_slug(app, client, world):
    found = {}
    for url in _pages(app, world):
        response = client.get(url, query_string={"lang": "zh"})
        assert response.status_code == 200, url
        words = set(
            re.findall(r"[a-z][a-z0-9-]*[a-z0-9]", _read_text(response.get_data(as_text=True)))
        )
        if words & CODES:
            found[url] = sorted(words & CODES)
    assert found == {}, found


def _title(response) -> str:
    return re.search(r"<title>([^<]*)</title>", response.get_data(as_text=True)).group(1)


def test_workspace_keeps_the_language_chosen_in_its_header(client, world):
    client.get("/manage/", query_string={"lang": "zh"})
    assert _title(client.get(f"/manage/events/{world['slug']}/agenda")) == "工作日程"


def test_language_chosen_in_the_workspace_leaves_public_pages_to_their_url(client, world):
    client.get("/manage/", query_string={"lang": "zh"})
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert re.search(r'<html lang="([^"]+)"', page).group(1) == "en"


def test_workspace_header_links_to_the_events_public_page(client, world):
    page = client.get(f"/manage/events/{world['slug']}/", query_string={"lang": "zh"})
    assert re.findall(
        r'<li class="public-link"><a href="([^"]+)">([^<]+)</a>', page.get_data(as_text=True)
    ) == [(f"/events/{world['slug']}?lang=zh", "公开页面")]


# Two English words in a row: a sentence left untranslated (codes and slugs are single words).
ENGLISH = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _errors(page: str) -> list[str]:
    """The refusals the form shows, on its fields or above it."""
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(
            r'<(?:li|p|div|span)[^>]*class="[^"]*error[^"]*"[^>]*>(.*?)</', page, re.S
        )
    ]


@pytest.fixture
def refusals(app, client):
    """An event with a forum and a room; signed in as its organizer."""
    with app.app_context():
        event = make_event()
        forum = make_forum(event, slug="main-forum")
        make_room(event, slug="hall")
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {"base": f"/manage/events/{event.slug}", "forum": forum.slug}


@pytest.mark.parametrize(
    "path, data, chinese",
    [
        (
            "/forums/{forum}/sessions/new",
            {
                "title_zh": "开幕",
                "kind": "speech",
                "status": "confirmed",
                "room": "",
                "save": "1",
                "start": "2024-04-27T10:00",
                "end": "2024-04-27T09:00",
            },
            "议程的结束时间早于开始时间",
        ),
        (
            "/speakers/new",
            {
                "title_zh": "教授",
                "registration": "invited",
                "name_order": "given_first",
                "name_order_zh": "family_first",
                "organization": "",
                "language": "",
            },
            "嘉宾须填写姓名",
        ),
        (
            "/forums/new",
            {
                "slug": "side",
                "name_zh": "分论坛",
                "start_date": "2024-04-28",
                "end_date": "2024-04-27",
                "position": "0",
            },
            "结束日期早于开始日期",
        ),
        (
            "/forums/new",
            {"slug": "main-forum", "name_zh": "主论坛", "position": "0"},
            "本会议已有网址标识为 'main-forum' 的论坛",
        ),
        (
            "/rooms/new",
            {"slug": "hall", "name_zh": "大厅", "position": "0"},
            "本会议已有网址标识为 'hall' 的会场",
        ),
    ],
)
def test_a_refused_form_says_why_in_chinese(app, client, refusals, path, data, chinese):
    url = refusals["base"] + path.format(forum=refusals["forum"])
    with app.app_context():
        before = row_counts()
    response = client.post(
        url, query_string={"lang": "zh"}, data={**data, "csrf_token": csrf_token(app, client)}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422, (path, response.status_code)
    assert chinese in html.unescape(page)
    shown = _errors(page)
    assert shown and all(CJK.search(e) and not ENGLISH.search(e) for e in shown), shown
    with app.app_context():
        assert row_counts() == before
