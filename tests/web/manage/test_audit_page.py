"""The audit trail page: one readable entry for a change of each kind of object, in English and
Chinese, times in the event's zone; filters by kind and person; paged; the API lists the same."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from lxml import html
from sqlalchemy import delete, func, select, update

from eventsvc.audit.models import AuditEntry
from eventsvc.audit.services import OBJECT_TYPES, record
from eventsvc.auth.invitations import invite
from eventsvc.auth.models import User
from eventsvc.auth.services import create_api_token, grant
from eventsvc.events import services as events
from eventsvc.events import updates
from eventsvc.events.models import Event, Forum, Room
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.conflicts import blocking_conflicts
from eventsvc.sessions.services import update_session
from eventsvc.speakers.csv_import import import_speakers
from eventsvc.speakers.services import check_in
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import sign_in

# Every entry is stamped 01:30 UTC: 09:30 in Beijing, where the event is.
STAMP = datetime(2024, 4, 29, 1, 30, tzinfo=UTC)
LOCAL = "2024-04-29 09:30"
ADMIN = "admin@example.org"
CSV = b"email,family_name,given_name\r\nann@example.org,Wu,Ann\r\n"


def _one_change_of_each_kind() -> dict:
    """An event set up by the system, then one change of each kind by the admin; only the
    admin's changes are left in the trail, all stamped STAMP."""
    event = make_event(name={"en": "Old name", "zh": "旧名"}, slug="zgc")
    admin = make_user(ADMIN, role="admin")
    forum = make_forum(event, slug="ai", name={"en": "AI forum", "zh": "人工智能论坛"})
    room = make_room(event, slug="hall-a", name={"en": "Hall A", "zh": "A厅"})
    org = events.create_organization(
        event, {"slug": "cast", "name": {"en": "CAST", "zh": "中国科协"}}
    )
    chen = make_speaker(
        event,
        names=[
            {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
            {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
        ],
    )
    lin = make_speaker(event, family="Lin", given="Mei")
    start = datetime(2024, 4, 29, 9, 0)
    talk = make_session(
        forum,
        start=start,
        room=room,
        kind="speech",
        title={"en": "Opening", "zh": "开幕"},
        speakers=[{"speaker": chen, "role": "speaker"}],
    )
    make_session(forum, start=start, speakers=[{"speaker": lin}])
    setup = db.session.scalar(select(func.max(AuditEntry.id)))

    updates.update_event(event, {"name": {"en": "ZGC 2024", "zh": "中关村论坛"}}, actor=admin)
    updates.update_forum(forum, {"theme": {"en": "Machines", "zh": "机器"}}, actor=admin)
    updates.update_room(room, {"capacity": 300}, actor=admin)
    updates.update_organization(org, event, {"country": "cn"}, actor=admin)
    events.add_organization_role(org, "host", forum, actor=admin)
    grant(make_user("staff@example.org"), "staff", event, actor=admin)
    invite("new@example.org", "organizer", event, forum, actor=admin, link=lambda t: t)
    update_session(
        talk,
        {
            "kind": "panel",
            "speakers": [
                {"speaker": chen, "role": "moderator"},
                {"speaker": lin, "role": "panelist"},
            ],
        },
        actor=admin,
    )
    check_in(chen, event, datetime(2024, 4, 29, 0, 45, tzinfo=UTC), actor=admin)
    import_speakers(event, CSV, actor=admin)
    [clash] = blocking_conflicts(event)
    publish(event, admin, {"en": "Day one", "zh": "第一天"}, None, [clash.key], "One person")
    db.session.execute(delete(AuditEntry).where(AuditEntry.id <= setup))
    db.session.execute(update(AuditEntry).values(at=STAMP))
    db.session.commit()
    return {"event": event.slug, "admin": admin.id}


@pytest.fixture
def trail(app):
    with app.app_context():
        return _one_change_of_each_kind()


def _rows(client, query: str = "") -> list[tuple]:
    page = client.get(f"/manage/events/zgc/audit{query}")
    assert page.status_code == 200
    tree = html.fromstring(page.get_data(as_text=True))
    return [
        (
            row.findtext("td[@class='when']/time"),
            row.findtext("td[@class='who']"),
            row.findtext("td[@class='action']"),
            row.findtext("td[@class='what']"),
            [li.text_content() for li in row.findall("td[@class='changes']/ul/li")],
        )
        for row in tree.xpath("//table[@id='audit']/tbody/tr[td[@class='when']]")
    ]


ENGLISH = [
    ("published", "Release: No. 1: Day one", ["Changes published: 2"]),
    (
        "accepted",
        "Accepted conflict: Mei Lin: Opening / A session",
        [
            "Kind: a speaker is in two sessions at once",
            "Reason: One person",
            "Release: 1",
        ],
    ),
    ("created", "Import: speaker spreadsheet", ["Speakers created: 1"]),
    (
        "created",
        "Speaker: Ann Wu",
        ["Names: Ann Wu", "Email: ann@example.org", "Registration: invited", "Public: yes"],
    ),
    (
        "updated",
        "Speaker: Chen Jiachang",
        [
            "Registration: invited → confirmed",
            "Checked in: — → 2024-04-29 08:45",
            "Checked in by: — → admin@example.org",
        ],
    ),
    (
        "updated",
        "Session: Opening",
        [
            "Kind: Speech → Panel",
            "Speakers: Chen Jiachang (Speaker) → Chen Jiachang (Moderator), Mei Lin (Panelist)",
        ],
    ),
    (
        "created",
        "Invitation: new@example.org",
        [
            "Email: new@example.org",
            "Role: organizer",
            "Forum: AI forum",
            "Link expires: <time>",
        ],
    ),
    ("created", "Role of a person: staff@example.org", ["Email: staff@example.org", "Role: staff"]),
    (
        "created",
        "Organization's role: CAST",
        [
            "Organization: CAST",
            "Role: Host",
            "Forum: AI forum",
            "Order: 0",
        ],
    ),
    ("updated", "Organization: CAST", ["Country: — → China"]),
    ("updated", "Room: Hall A", ["Capacity: — → 300"]),
    ("updated", "Forum: AI forum", ["Theme: — → Machines"]),
    ("updated", "Event: ZGC 2024", ["Name: Old name → ZGC 2024"]),
]

CHINESE = [
    ("发布", "版本：第1版：Day one", ["发布的变更：2"]),
    (
        "接受",
        "已接受的冲突：Mei Lin: Opening / A session",
        ["类型：一位嘉宾同时出现在两场议程中", "理由：One person", "版本：1"],
    ),
    ("创建", "导入：嘉宾表格", ["新建嘉宾：1"]),
    (
        "创建",
        "演讲嘉宾：Ann Wu",
        ["姓名：Ann Wu", "电子邮箱：ann@example.org", "报名状态：已邀请", "公开：是"],
    ),
    (
        "修改",
        "演讲嘉宾：陈家昌",
        [
            "报名状态：已邀请 → 已确认",
            "签到时间：— → 2024-04-29 08:45",
            "签到人：— → admin@example.org",
        ],
    ),
    (
        "修改",
        "议程：开幕",
        [
            "类型：演讲 → 圆桌讨论",
            "嘉宾：陈家昌（演讲嘉宾） → 陈家昌（主持人）、Mei Lin（讨论嘉宾）",
        ],
    ),
    (
        "创建",
        "邀请：new@example.org",
        [
            "电子邮箱：new@example.org",
            "角色：组织者",
            "论坛：人工智能论坛",
            "链接有效期至： <time>",
        ],
    ),
    ("创建", "人员角色：staff@example.org", ["电子邮箱：staff@example.org", "角色：工作人员"]),
    (
        "创建",
        "机构角色：中国科协",
        ["机构：中国科协", "角色：主办单位", "论坛：人工智能论坛", "排序：0"],
    ),
    ("修改", "机构：中国科协", ["国家/地区：— → 中国"]),
    ("修改", "会场：A厅", ["容量：— → 300"]),
    ("修改", "论坛：人工智能论坛", ["主题：— → 机器"]),
    ("修改", "会议：中关村论坛", ["名称：旧名 → 中关村论坛"]),
]


def _comparable(rows: list[tuple]) -> list[tuple]:
    """The rows without their time and author (asserted apart) and with the invitation's
    expiry, a week from now, reduced to its shape."""
    return [
        (action, what, [EXPIRY.sub(r"\1 <time>", line) for line in changes])
        for _when, _who, action, what, changes in rows
    ]


EXPIRY = re.compile(r"^(Link expires:|链接有效期至：) ?\d{4}-\d\d-\d\d \d\d:\d\d$")


@pytest.mark.parametrize(("lang", "expected"), [("en", ENGLISH), ("zh", CHINESE)])
def test_audit_page_has_one_readable_entry_per_kind_in_local_time(client, trail, lang, expected):
    sign_in(client, trail["admin"])
    rows = _rows(client, f"?lang={lang}")
    assert [(when, who) for when, who, *_ in rows] == [(LOCAL, ADMIN)] * len(expected)
    assert _comparable(rows) == expected


def test_audit_page_heading_names_the_events_zone(client, trail):
    sign_in(client, trail["admin"])
    page = client.get("/manage/events/zgc/audit?lang=zh").get_data(as_text=True)
    assert html.fromstring(page).findtext(".//strong[@id='zone']") == (
        "时间均为会议当地时间：北京时间（UTC+08:00）。"
    )


def test_audit_page_filters_by_kind_and_by_person(app, client, trail):
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == trail["event"]))
        record(event_id, None, "updated", "room", "hall-a", "Hall A")
        db.session.commit()
    sign_in(client, trail["admin"])
    assert [(r[1], r[3]) for r in _rows(client, "?kind=room")] == [
        ("the system", "Room: Hall A"),
        (ADMIN, "Room: Hall A"),
    ]
    assert [(r[1], r[3]) for r in _rows(client, "?kind=room&person=-")] == [
        ("the system", "Room: Hall A")
    ]
    assert {r[1] for r in _rows(client, f"?person={ADMIN}")} == {ADMIN}


def test_audit_page_refuses_an_unknown_kind_with_a_readable_page(client, trail):
    sign_in(client, trail["admin"])
    answer = client.get("/manage/events/zgc/audit?kind=nonsense")
    assert answer.status_code == 400
    assert "There is no such kind of object" in answer.get_data(as_text=True)


def test_audit_api_lists_a_change_of_every_kind(app, client, trail):
    with app.app_context():
        _, token = create_api_token(db.session.get(User, trail["admin"]))
        db.session.commit()
    answer = client.get(
        "/api/v1/events/zgc/audit?per_page=50", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert sorted({item["object_type"] for item in answer["items"]}) == sorted(OBJECT_TYPES)
    assert {(item["actor"], item["at"]) for item in answer["items"]} == {
        (ADMIN, "2024-04-29T01:30:00+00:00")
    }


def _audit_queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        answer = client.get(url)
    assert answer.status_code == 200
    return counter.count


def test_audit_page_costs_the_same_queries_at_any_length(app, client, count_queries):
    """Entries that name speakers, sessions and people: a page of 1 and a full page of 50
    (of a longer trail) cost the same, filtered or not."""
    with app.app_context():
        event, admin = make_event(slug="long"), make_user(ADMIN, role="admin")
        forum, room = make_forum(event), make_room(event)
        db.session.commit()
        admin_id, event_id, forum_id, room_id = admin.id, event.id, forum.id, room.id
    sign_in(client, admin_id)
    counts = []
    for size in (1, 40):
        with app.app_context():
            event, admin = db.session.get(Event, event_id), db.session.get(User, admin_id)
            for _ in range(size):
                speaker = make_speaker(event)
                talk = make_session(
                    db.session.get(Forum, forum_id),
                    room=db.session.get(Room, room_id),
                    speakers=[{"speaker": speaker}],
                )
                check_in(speaker, event, STAMP, actor=admin)
                update_session(talk, {"kind": "panel"}, actor=admin)
            db.session.commit()
        counts.append(
            [
                _audit_queries(client, count_queries, f"/manage/events/long/audit{query}")
                for query in ("", "?kind=speaker", f"?person={ADMIN}&page=2")
            ]
        )
    assert counts[0] == counts[1]
