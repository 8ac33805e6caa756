"""The demo's release 1 holds the facts of the press report, in English and Chinese."""

import json

from sqlalchemy import select

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.releases.models import Release


def _snapshot(app, slug):
    with app.app_context():
        release = db.session.scalars(
            select(Release).join(Event, Event.id == Release.event_id).where(Event.slug == slug)
        ).one()
        return release.number, json.loads(release.snapshot)


def test_demo_is_release_1_of_the_zgc_forum(app, demo):
    number, snap = _snapshot(app, demo)
    assert number == 1
    assert snap["event"]["name"] == {"en": "Zhongguancun Forum 2024", "zh": "2024中关村论坛"}
    assert snap["event"]["timezone"] == "Asia/Shanghai"


def test_demo_forum_has_its_theme_in_both_languages(app, demo):
    _, snap = _snapshot(app, demo)
    [forum] = snap["forums"]
    assert forum["name"] == {
        "en": "International Forum on Science and Diplomacy",
        "zh": "科学与外交国际论坛",
    }
    assert forum["theme"] == {
        "en": "Promoting Open Innovation, Cooperation for Mutual Benefits",
        "zh": "推动开放创新，合作互利共赢",
    }
    assert forum["start_date"] == forum["end_date"] == "2024-04-29"


def test_demo_forum_host_and_organizers_in_report_order(app, demo):
    _, snap = _snapshot(app, demo)
    orgs = {o["id"]: o for o in snap["organizations"]}
    roles = [
        (orgs[link["organization"]]["name"]["en"], link["role"])
        for link in snap["forums"][0]["organizations"]
    ]
    assert roles == [
        ("Ministry of Science and Technology", "host"),
        ("China Association for International Science and Technology", "organizer"),
        ("Beijing Municipal Science and Technology Commission", "organizer"),
        ("Administrative Commission of Zhongguancun Science Park", "organizer"),
    ]
    host = orgs[snap["forums"][0]["organizations"][0]["organization"]]
    assert host["short_name"] == {"en": "MOST", "zh": "科技部"}
    assert host["name"]["zh"] == "中华人民共和国科学技术部"


def test_demo_sessions_in_report_order_with_kinds_and_local_times(app, demo):
    _, snap = _snapshot(app, demo)
    sessions = [(s["kind"], s["start"], s["end"], s["title"]["en"]) for s in snap["sessions"]]
    assert sessions == [
        ("opening", "2024-04-29T01:00:00Z", "2024-04-29T01:20:00Z", "Opening speech"),
        (
            "remarks",
            "2024-04-29T01:20:00Z",
            "2024-04-29T01:35:00Z",
            "Remarks: global collaboration amid rapid change",
        ),
        (
            "remarks",
            "2024-04-29T01:35:00Z",
            "2024-04-29T01:50:00Z",
            "Remarks: multi-level and multi-channel science diplomacy platforms",
        ),
        (
            "dialogue",
            "2024-04-29T02:00:00Z",
            "2024-04-29T03:00:00Z",
            "Dialogue: young scientists on science diplomacy",
        ),
    ]
    assert [s["title"]["zh"] for s in snap["sessions"]] == [
        "开幕致辞",
        "致辞：快速变化中的全球合作",
        "致辞：多层次、多渠道的科学外交平台",
        "对话：青年科学家与科学外交",
    ]
    assert all(s["status"] == "confirmed" and s["revision"] == 0 for s in snap["sessions"])


def test_demo_speakers_with_titles_affiliations_and_names_in_both_scripts(app, demo):
    _, snap = _snapshot(app, demo)
    people = {s["id"]: s for s in snap["speakers"]}
    speakers = [[people[a["speaker"]] for a in s["speakers"]] for s in snap["sessions"]]
    assert [len(s) for s in speakers] == [1, 1, 1, 0]
    chen, orakanoke, xue = speakers[0][0], speakers[1][0], speakers[2][0]
    assert chen["names"] == [
        {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
        {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
    ]
    assert (chen["title"], chen["affiliation"]) == (
        {"en": "Vice Minister", "zh": "副部长"},
        {"en": "Ministry of Science and Technology (MOST)", "zh": "科学技术部"},
    )
    assert orakanoke["names"] == [
        {"script": "Latn", "family": "Phanraksa", "given": "Orakanoke", "family_first": False}
    ]
    assert (orakanoke["title"], orakanoke["affiliation"]) == (
        {"en": "Head of International Affairs", "zh": "国际事务负责人"},
        {"en": "Thailand Science Research and Innovation (TSRI)", "zh": "泰国科学研究与创新署"},
    )
    assert xue["names"][1] == {
        "script": "Hans",
        "family": "薛",
        "given": "澜",
        "family_first": True,
    }
    assert (xue["title"], xue["affiliation"]) == (
        {"en": "Dean", "zh": "院长"},
        {"en": "Schwarzman College, Tsinghua University", "zh": "清华大学苏世民书院"},
    )


def test_demo_snapshot_holds_no_private_fields(app, demo):
    _, snap = _snapshot(app, demo)
    assert all("email" not in s and "phone" not in s for s in snap["speakers"])


def test_demo_invents_no_people_or_forums(app, demo):
    _, snap = _snapshot(app, demo)
    assert len(snap["forums"]) == 1
    assert sorted(s["slug"] for s in snap["speakers"]) == [
        "chen-jiachang",
        "orakanoke-phanraksa",
        "xue-lan",
    ]
