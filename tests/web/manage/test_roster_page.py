"""The /manage import page: every kind of roster, the preview, matches and choices, errors in
the page's language."""

from __future__ import annotations

import io
import re

import pytest

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_speaker, make_user
from tests.speakers import rosters
from tests.web.manage.helpers import csrf_token, sign_in


@pytest.fixture
def staff(app, client):
    with app.app_context():
        event = make_event()
        user = make_user(role="staff", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return event.slug


def _staff_event(slug):
    return db.session.scalar(db.select(Event).where(Event.slug == slug))


def _check(app, client, slug, data: bytes, lang="en"):
    return client.post(
        f"/manage/events/{slug}/speakers/import?lang={lang}",
        data={"csrf_token": csrf_token(app, client), "file": (io.BytesIO(data), "roster")},
        content_type="multipart/form-data",
    )


def _confirm(app, client, slug, page: str, choices: dict[int, str] | None = None):
    sent_back = re.search(r'name="data_file" value="([^"]*)"', page).group(1)
    form = {"csrf_token": csrf_token(app, client), "data_file": sent_back}
    form |= {f"choice-{line}": choice for line, choice in (choices or {}).items()}
    return client.post(f"/manage/events/{slug}/speakers/import", data=form)


@pytest.mark.parametrize("kind", sorted(rosters.KINDS))
def test_roster_of_each_kind_saves_the_same_speakers_through_the_page(app, client, staff, kind):
    check = _check(app, client, staff, rosters.KINDS[kind]())
    page = check.get_data(as_text=True)
    assert re.findall(r'<li class="row (\w+)" id="line-(\d+)"', page) == [
        ("created", "2"),
        ("created", "3"),
        ("created", "4"),
    ]
    assert _confirm(app, client, staff, page).status_code == 302
    with app.app_context():
        assert rosters.saved_speakers(_staff_event(staff)) == rosters.SAVED


def test_preview_shows_each_name_with_its_parts_and_order(app, client, staff):
    page = _check(app, client, staff, rosters.gb18030()).get_data(as_text=True)
    assert re.findall(r'<span class="shown">([^<]+)</span> — [^;]+; [^;]+; ([^<]+)</dd>', page) == [
        ("Chen Jiachang", "family name first"),
        ("陈家昌", "family name first"),
        ("Fabiola Gianotti", "given name first"),
        ("法比奥拉·贾诺蒂", "given name first"),
        ("Orakanoke Phanraksa", "given name first"),
    ]


def test_row_with_three_errors_reports_all_three_in_chinese(app, client, staff):
    data = rosters.utf8_bom(
        ["姓名", "邮箱", "国家/地区", "precedence"], [["王贻芳", "wang@", "Atlantis", "first"]]
    )
    page = _check(app, client, staff, data, lang="zh").get_data(as_text=True)
    assert re.findall(
        r'<li class="error" role="alert"><code>([^<]+)</code>：([^<]+)</li>', page
    ) == [
        ("邮箱", "wang@ 不是电子邮件地址（应如 name@example.org）"),
        (
            "国家/地区",
            "无法识别国家或地区“Atlantis”。请用两个字母的代码（如 CN）或名称（如 中国、China）。",
        ),
        ("precedence", "first 不是排序号：请用 0 或更大的整数"),
    ]


def test_chinese_preview_puts_the_affiliation_before_the_title(app, client, staff):
    data = rosters.utf8_bom(
        ["姓名", "职务", "单位"], [["王贻芳", "所长", "中国科学院高能物理研究所"]]
    )
    zh = _check(app, client, staff, data, lang="zh").get_data(as_text=True)
    en = _check(app, client, staff, data, lang="en").get_data(as_text=True)
    terms = r'<dl class="preview">.*?<dt>([^<]+)</dt><dd>[^<]+</dd>\s*<dt>([^<]+)</dt>'
    assert (re.search(terms, zh, re.S).groups(), re.search(terms, en, re.S).groups()) == (
        ("单位", "职务"),
        ("Title", "Affiliation"),
    )


def test_rows_with_errors_come_first(app, client, staff):
    data = rosters.utf8_bom(["name", "country"], [["Wu Ann", "CN"], ["Li Bo", "XX"]])
    page = _check(app, client, staff, data).get_data(as_text=True)
    assert re.findall(r'<li class="row (\w+)" id="line-(\d+)"', page) == [
        ("error", "3"),
        ("created", "2"),
    ]


def test_matches_are_shown_and_each_choice_does_exactly_that(app, client, staff):
    with app.app_context():
        event = _staff_event(staff)
        known = make_speaker(event, family="Schmidt", given="Anna")
        chen = make_speaker(
            event,
            names=[{"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True}],
        )
        db.session.commit()
        known_slug, chen_slug = known.slug, chen.slug
    data = rosters.utf8_bom(
        ["姓名", "英文名", "职务"],
        [
            ["", "Anna Schmidt", "Professor"],
            ["陈家昌", "", "秘书长"],
            ["", "Li Bo", "Dean"],
            ["", "Li Bo", "Dean of Physics"],
        ],
    )
    page = _check(app, client, staff, data).get_data(as_text=True)
    assert re.findall(r'value="(update:[^"]+)"', page) == [
        f"update:{known_slug}",
        f"update:{chen_slug}",
        "update:line-4",
    ]
    assert "same name: Anna Schmidt = Anna Schmidt" in page
    assert "pinyin: 陈家昌 = Chen Jiachang" in page
    confirmed = _confirm(
        app, client, staff, page, {2: f"update:{known_slug}", 3: "create", 5: "skip"}
    )
    assert confirmed.status_code == 302
    with app.app_context():
        rows = db.session.execute(db.select(Speaker.slug, Speaker.title).order_by(Speaker.id)).all()
    assert [tuple(r) for r in rows] == [
        (known_slug, {"en": "Professor"}),
        (chen_slug, None),
        ("chen-jiachang-2", {"zh": "秘书长"}),
        ("li-bo", {"en": "Dean"}),
    ]


def test_import_without_a_choice_for_a_matched_row_writes_nothing(app, client, staff):
    data = rosters.utf8_bom(["name"], [["Li Bo"], ["Li Bo"]])
    page = _check(app, client, staff, data).get_data(as_text=True)
    refused = _confirm(app, client, staff, page)
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(Speaker))
    assert (refused.status_code, count) == (422, 0)
