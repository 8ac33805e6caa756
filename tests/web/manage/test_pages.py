"""The /manage pages: CSRF, escaping, stale forms, import, export, publishing, query counts."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsvc.events.models import Event, Room
from eventsvc.events.services import create_organization
from eventsvc.extensions import db
from eventsvc.releases.models import Release
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import add_appearance
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import csrf_token, sign_in, token_on_page
from tests.web.public.reading import read

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def organizer(app, client):
    """An event with a forum, a room and a speaker; the client signed in as its organizer."""
    with app.app_context():
        event = make_event()
        forum, room = make_forum(event), make_room(event)
        speaker = make_speaker(event)
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return {
            "event": event.slug,
            "forum": forum.slug,
            "room": room.slug,
            "speaker": speaker.slug,
        }


def _event(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_form_post_without_csrf_token_is_refused_and_writes_nothing(app, client, organizer):
    response = client.post(
        f"/manage/events/{organizer['event']}/speakers/new",
        data={"family_name": "Wu", "given_name": "Ann", "name_order": "given_first"},
    )
    with app.app_context():
        assert (response.status_code, _count(Speaker)) == (400, 1)
    assert "CSRF" in response.get_data(as_text=True)


def test_form_post_with_a_forged_csrf_token_is_refused(app, client, organizer):
    csrf_token(app, client)
    response = client.post(
        f"/manage/events/{organizer['event']}/speakers/new",
        data={"family_name": "Wu", "csrf_token": "forged"},
    )
    with app.app_context():
        assert (response.status_code, _count(Speaker)) == (400, 1)


def test_start_page_lists_only_the_events_a_user_may_manage(app, client):
    with app.app_context():
        mine, _other = make_event(name={"en": "Mine"}), make_event(name={"en": "Not mine"})
        user = make_user(role="staff", event=mine)
        db.session.commit()
        sign_in(client, user.id)
    page = client.get("/manage/").get_data(as_text=True)
    assert re.findall(r'<li><a href="/manage/events/[^"]+/">([^<]+)</a>', page) == ["Mine"]


@pytest.fixture
def hostile(app, client):
    """Every name a page may show is a script tag; the client is the event's organizer."""
    with app.app_context():
        event = make_event(name={"en": SCRIPT})
        forum, room = make_forum(event, name={"en": SCRIPT}), make_room(event, name={"en": SCRIPT})
        create_organization(event, {"slug": "org", "name": SCRIPT})
        speaker = make_speaker(
            event, family=SCRIPT, given=SCRIPT, title={"en": SCRIPT}, email="x@example.org"
        )
        talk = make_session(forum, room=room, title={"en": SCRIPT})
        add_appearance(talk, speaker)
        user = make_user(role="organizer", event=event)
        db.session.commit()
        sign_in(client, user.id)
        return event.slug, forum.slug, room.slug, speaker.slug, talk.uid


def test_script_named_things_show_escaped_on_every_manage_page(client, hostile):
    event, forum, room, speaker, uid = hostile
    base = f"/manage/events/{event}"
    pages = [
        "/manage/",
        f"{base}/",
        f"{base}/edit",
        f"{base}/agenda",
        f"{base}/publish",
        f"{base}/speakers/",
        f"{base}/speakers/{speaker}/edit",
        f"{base}/organizations/",
        f"{base}/rooms/",
        f"{base}/rooms/{room}/edit",
        f"{base}/forums/{forum}/",
        f"{base}/forums/{forum}/edit",
        f"{base}/sessions/{uid}/edit",
        f"{base}/organizations/org/edit",
    ]
    for page in pages:
        body = client.get(page).get_data(as_text=True)
        assert (page, SCRIPT in body, "&lt;script&gt;alert(1)&lt;/script&gt;" in body) == (
            page,
            False,
            True,
        )


def test_formula_named_speaker_exports_to_csv_harmlessly(app, client, organizer):
    with app.app_context():
        make_speaker(_event(organizer["event"]), family='=HYPERLINK("x")', given="+cmd")
        db.session.commit()
    response = client.get(f"/manage/events/{organizer['event']}/speakers/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert response.mimetype == "text/csv"
    assert [
        (r["family_name"], r["given_name"]) for r in rows if "HYPERLINK" in r["family_name"]
    ] == [('\'=HYPERLINK("x")', "'+cmd")]


def _session_form(title: str, room: str, version: str, token: str) -> dict:
    return {
        "title_en": title,
        "save": "1",
        "kind": "speech",
        "status": "confirmed",
        "room": room,
        "version": version,
        "start": "2024-04-27T10:00",
        "end": "2024-04-27T10:30",
        "csrf_token": token,
    }


def test_second_of_two_stale_session_forms_sees_a_conflict_and_loses_nothing(
    app, client, organizer
):
    client.post(
        f"/manage/events/{organizer['event']}/forums/{organizer['forum']}/sessions/new",
        data=_session_form("Original", "", "", csrf_token(app, client)),
    )
    with app.app_context():
        uid = db.session.scalar(select(Talk.uid))
    url = f"/manage/events/{organizer['event']}/sessions/{uid}/edit"
    first, second = client.get(url).get_data(as_text=True), client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', first).group(1)
    saved = client.post(
        url, data=_session_form("First edit", organizer["room"], version, token_on_page(first))
    )
    stale = client.post(url, data=_session_form("Second edit", "", version, token_on_page(second)))
    body = stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Talk.title)) == {"en": "First edit"}
    assert (saved.status_code, stale.status_code) == (302, 409)
    assert "Someone else saved this" in body and 'value="Second edit"' in body
    newer = re.search(r'name="version" type="hidden" value="(\d+)"', body).group(1)
    again = client.post(url, data=_session_form("Second edit", "", newer, token_on_page(body)))
    with app.app_context():
        assert (again.status_code, db.session.scalar(select(Talk.title))) == (
            302,
            {"en": "Second edit"},
        )


def test_stale_speaker_form_sees_a_conflict(app, client, organizer):
    url = f"/manage/events/{organizer['event']}/speakers/{organizer['speaker']}/edit"
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    data = {
        "family_name": "Wu",
        "given_name": "Ann",
        "name_order": "given_first",
        "organization": "",
        "version": version,
        "csrf_token": token_on_page(page),
    }
    assert client.post(url, data=data).status_code == 302
    stale = client.post(url, data={**data, "given_name": "Bea"})
    assert stale.status_code == 409 and 'value="Bea"' in stale.get_data(as_text=True)


HEADER = "email,family_name,given_name\r\n"


def test_import_page_checks_then_imports_the_confirmed_file(app, client, organizer):
    url = f"/manage/events/{organizer['event']}/speakers/import"
    token = csrf_token(app, client)
    data = HEADER + "".join(f"p{i}@example.org,Li,Na{i}\r\n" for i in range(3))
    check = client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(data.encode()), "s.csv")},
        content_type="multipart/form-data",
    )
    page = check.get_data(as_text=True)
    with app.app_context():
        assert (check.status_code, _count(Speaker)) == (200, 1)
    assert re.findall(r'<li class="row (\w+)" id="line-(\d+)"', page) == [
        ("created", "2"),
        ("created", "3"),
        ("created", "4"),
    ]
    sent_back = re.search(r'name="data_file" value="([^"]*)"', page).group(1)
    confirmed = client.post(url, data={"csrf_token": token, "data_file": sent_back})
    with app.app_context():
        assert (confirmed.status_code, _count(Speaker)) == (302, 4)


def test_import_page_reports_the_bad_row_and_offers_no_import(app, client, organizer):
    url = f"/manage/events/{organizer['event']}/speakers/import"
    data = HEADER + "a@example.org,Li,Na\r\nnot-an-address,Wu,Bo\r\n"
    check = client.post(
        url,
        data={"csrf_token": csrf_token(app, client), "file": (io.BytesIO(data.encode()), "s.csv")},
        content_type="multipart/form-data",
    )
    page = check.get_data(as_text=True)
    assert re.findall(
        r'<li class="row error" id="line-(\d+)".*?'
        r'<li class="error" role="alert"><code>(\w+)</code>',
        page,
        re.S,
    ) == [("3", "email")]
    assert "Import as chosen" not in page


def test_import_page_refuses_an_unreadable_file_with_its_reason(app, client, organizer):
    url = f"/manage/events/{organizer['event']}/speakers/import"
    check = client.post(
        url,
        data={
            "csrf_token": csrf_token(app, client),
            "file": (io.BytesIO(b"email,shoe_size\r\n"), "s.csv"),
        },
        content_type="multipart/form-data",
    )
    assert "unknown column(s): shoe_size" in check.get_data(as_text=True)


def test_a_file_refused_whole_is_explained_in_chinese_on_the_chinese_page(app, client, organizer):
    url = f"/manage/events/{organizer['event']}/speakers/import?lang=zh"
    for data, reason in [
        (b"email,shoe_size\r\n", "无法识别的列：shoe_size"),
        (b"\xff\xfe\x00\xd8", "无法读取该文件"),
        (b"PK\x03\x04broken", "无法读取"),
        (b"email,email\r\n", "以下列名重复：email"),
    ]:
        check = client.post(
            url,
            data={"csrf_token": csrf_token(app, client), "file": (io.BytesIO(data), "s.csv")},
            content_type="multipart/form-data",
        )
        page = check.get_data(as_text=True)
        assert check.status_code == 422, (data, check.status_code)
        assert reason in page, data
        assert "unknown column" not in page and "cannot be read" not in page


def test_template_download_is_the_documented_header(client, organizer):
    response = client.get(f"/manage/events/{organizer['event']}/speakers/template.csv")
    assert response.get_data(as_text=True).startswith(
        "\ufeffemail,family_name,given_name,name_order,"
    )


def _double_booked(app, slug):
    with app.app_context():
        event = _event(slug)
        forum, speaker = make_forum(event), make_speaker(event, family="Busy")
        for _ in range(2):
            add_appearance(make_session(forum, start=datetime(2024, 4, 26, 9)), speaker)
        db.session.commit()


def test_publish_is_refused_with_409_while_a_speaker_is_double_booked(app, client, organizer):
    _double_booked(app, organizer["event"])
    url = f"/manage/events/{organizer['event']}/publish"
    page = client.get(url).get_data(as_text=True)
    assert "Publishing is blocked by 1 conflict(s)" in page and "Busy" in page
    response = client.post(url, data={"comment_en": "x", "csrf_token": csrf_token(app, client)})
    with app.app_context():
        assert (response.status_code, _count(Release)) == (409, 0)


def test_publish_shows_the_changelog_then_publishes_with_the_comment(app, client, organizer):
    with app.app_context():
        make_session(make_forum(_event(organizer["event"])), title={"en": "Opening"})
        db.session.commit()
    url = f"/manage/events/{organizer['event']}/publish"
    page = client.get(url).get_data(as_text=True)
    assert re.findall(r'<ul id="preview">\s*<li>([^<]+)</li>', page) == ["Added: Opening"]
    response = client.post(
        url,
        data={
            "comment_en": "First programme",
            "comment_zh": "首版日程",
            "csrf_token": token_on_page(page),
        },
    )
    with app.app_context():
        release = db.session.scalar(select(Release))
        assert (response.status_code, release.number, release.comment) == (
            302,
            1,
            {"en": "First programme", "zh": "首版日程"},
        )


def _event_of_size(n: int) -> str:
    event = make_event()
    forum, room = make_forum(event), make_room(event)
    create_organization(event, {"slug": "org", "name": "Org"})
    for i in range(n):
        talk = make_session(
            forum, start=datetime(2024, 4, 26, 9) + timedelta(hours=i), room=room if i % 2 else None
        )
        for _ in range(2):
            add_appearance(talk, make_speaker(event))
    db.session.commit()
    return event.slug, forum.slug, talk.uid


@pytest.mark.parametrize(
    "page",
    [
        "",
        "agenda",
        "publish",
        "forums/{forum}/publish",
        "speakers/",
        "organizations/",
        "rooms/",
        "forums/{forum}/",
        "sessions/{uid}/edit",
        "speakers/export.csv",
    ],
)
def test_manage_page_costs_the_same_queries_for_any_size(app, client, count_queries, page):
    with app.app_context():
        small, large = _event_of_size(1), _event_of_size(15)
        admin = make_user(role="admin")
        db.session.commit()
        sign_in(client, admin.id)
    counts = []
    for slug, forum, uid in (small, large):
        with count_queries() as counter:
            response = client.get(f"/manage/events/{slug}/" + page.format(forum=forum, uid=uid))
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_edit_forms_open_with_the_saved_room_and_organization_selected(app, client, organizer):
    with app.app_context():
        event = _event(organizer["event"])
        org = create_organization(event, {"slug": "cast", "name": "CAST"})
        room = db.session.scalar(select(Room).where(Room.slug == organizer["room"]))
        talk = make_session(make_forum(event), room=room)
        speaker = make_speaker(event, organization_id=org.id)
        db.session.commit()
        urls = (
            f"/manage/events/{event.slug}/sessions/{talk.uid}/edit",
            f"/manage/events/{event.slug}/speakers/{speaker.slug}/edit",
            org.id,
        )
    session_page = client.get(urls[0]).get_data(as_text=True)
    speaker_page = client.get(urls[1]).get_data(as_text=True)
    assert f'<option selected value="{organizer["room"]}">' in session_page
    assert f'<option selected value="{urls[2]}">CAST</option>' in speaker_page


def test_workspace_speaks_the_interface_language(client, organizer):
    page = client.get(f"/manage/events/{organizer['event']}/agenda?lang=zh").get_data(as_text=True)
    assert re.search(r"<title>([^<]*)</title>", page).group(1) == "工作日程"
    assert '<p id="conflicts">没有冲突。</p>' in page


def test_speaker_form_saves_foreign_name_in_characters_given_name_first(app, client, organizer):
    url = f"/manage/events/{organizer['event']}/speakers/{organizer['speaker']}/edit"
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    data = {
        "family_name": "Gianotti",
        "given_name": "Fabiola",
        "name_order": "given_first",
        "family_name_zh": "贾诺蒂",
        "given_name_zh": "法比奥拉",
        "name_order_zh": "given_first",
        "organization": "",
        "version": version,
        "csrf_token": token_on_page(page),
    }
    assert client.post(url, data=data).status_code == 302
    export = client.get(f"/manage/events/{organizer['event']}/speakers/export.csv")
    (row,) = csv.DictReader(io.StringIO(export.get_data(as_text=True).removeprefix("\ufeff")))
    assert row["name_zh"] == "法比奥拉·贾诺蒂"


@pytest.mark.parametrize(
    ("role", "forum", "shown"),
    [
        # An organizer of one forum among many: theirs first, the others folded away, and
        # the working agenda opens on their forum.
        ("organizer", "B", ("Your forums", ["Forum B"], ["Forum A", "Forum C"])),
        ("organizer", None, ("Forums", ["Forum A", "Forum B", "Forum C"], [])),
        ("staff", None, ("Forums", ["Forum A", "Forum B", "Forum C"], [])),
    ],
)
def test_event_page_puts_the_readers_own_forums_first(app, client, role, forum, shown):
    with app.app_context():
        event = make_event()
        forums = {n: make_forum(event, name={"en": f"Forum {n}"}) for n in "ABC"}
        user = make_user(role=role, event=event, forum=forums[forum] if forum else None)
        db.session.commit()
        sign_in(client, user.id)
        slug, agenda = event.slug, f"/manage/events/{event.slug}/agenda"
        if forum:
            agenda += f"?forum={forums[forum].slug}"
    page = read(client, f"/manage/events/{slug}/")
    assert (
        page.text("//h2[following-sibling::ul[@id='forums']][1]"),
        [" ".join(t.split()[:2]) for t in page.texts("//ul[@id='forums']/li")],
        page.texts("//details[@id='other-forums']//li"),
        page.attrs("//main//a[contains(@href, '/agenda')]/@href"),
    ) == (*shown, [agenda])
