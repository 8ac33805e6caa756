"""The public read endpoints of /api/v1: release data only, maps for every language, pages,
ETags."""

import pytest
from sqlalchemy import select

from eventsvc.events.models import Forum
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import add_appearance
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_forum, make_published_event, make_session, make_speaker

DEMO = "zgc-forum-2024"
BASE = f"/api/v1/events/{DEMO}"
READS = (
    "/api/v1/events",
    BASE,
    f"{BASE}/organizations",
    f"{BASE}/forums",
    f"{BASE}/forums/science-diplomacy",
    f"{BASE}/rooms",
    f"{BASE}/sessions",
    f"{BASE}/agenda",
    f"{BASE}/speakers",
    f"{BASE}/speakers/xue-lan",
    f"{BASE}/releases",
)
DEMO_UIDS = [f"6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e000{n}" for n in (1, 2, 3, 4)]


def _json(client, url):
    response = client.get(url)
    assert (response.status_code, response.mimetype) == (200, "application/json"), (
        url,
        response.status_code,
    )
    return response.get_json()


def test_events_lists_the_demo(client, demo):
    body = _json(client, "/api/v1/events")
    assert [e["slug"] for e in body["items"]] == [DEMO]
    assert (body["page"], body["per_page"], body["total"]) == (1, 50, 1)
    assert body["items"][0]["name"] == {"en": "Zhongguancun Forum 2024", "zh": "2024中关村论坛"}
    assert body["items"][0]["release"]["number"] == 1


def test_event_has_its_zone_dates_and_languages(client, demo):
    body = _json(client, BASE)
    assert {
        k: body[k] for k in ("timezone", "start_date", "end_date", "languages", "default_language")
    } == {
        "timezone": "Asia/Shanghai",
        "start_date": "2024-04-25",
        "end_date": "2024-04-29",
        "languages": ["en", "zh"],
        "default_language": "en",
    }


def test_forum_has_theme_host_and_organizers_in_order(client, demo):
    body = _json(client, f"{BASE}/forums")
    [forum] = body["items"]
    assert forum["theme"] == {
        "en": "Promoting Open Innovation, Cooperation for Mutual Benefits",
        "zh": "推动开放创新，合作互利共赢",
    }
    assert forum["organizations"] == [
        {"organization": "most", "role": "host"},
        {"organization": "china-association-intl-sci-tech", "role": "organizer"},
        {"organization": "beijing-sci-tech-commission", "role": "organizer"},
        {"organization": "zgc-admin-commission", "role": "organizer"},
    ]
    detail = _json(client, f"{BASE}/forums/science-diplomacy")
    assert [s["uid"] for s in detail["sessions"]] == DEMO_UIDS


def test_sessions_carry_local_times_and_speakers(client, demo):
    body = _json(client, f"{BASE}/sessions")
    assert [(s["start"], s["end"]) for s in body["items"]] == [
        ("2024-04-29T09:00:00+08:00", "2024-04-29T09:20:00+08:00"),
        ("2024-04-29T09:20:00+08:00", "2024-04-29T09:35:00+08:00"),
        ("2024-04-29T09:35:00+08:00", "2024-04-29T09:50:00+08:00"),
        ("2024-04-29T10:00:00+08:00", "2024-04-29T11:00:00+08:00"),
    ]
    assert body["items"][0]["speakers"] == [
        {
            "speaker": "chen-jiachang",
            "role": "speaker",
            "title": {"en": "Vice Minister", "zh": "副部长"},
            "affiliation": {"en": "Ministry of Science and Technology (MOST)", "zh": "科学技术部"},
        }
    ]
    assert body["items"][0]["room"] == "forum-hall"


def test_sessions_page_and_filter(client, demo):
    body = _json(client, f"{BASE}/sessions?per_page=3&page=2")
    assert ([s["uid"] for s in body["items"]], body["page"], body["per_page"], body["total"]) == (
        DEMO_UIDS[3:],
        2,
        3,
        4,
    )
    assert _json(client, f"{BASE}/sessions?day=2024-04-28")["items"] == []
    assert _json(client, f"{BASE}/sessions?page=9")["items"] == []


def test_agenda_is_nested_by_day_and_forum(client, demo):
    body = _json(client, f"{BASE}/agenda")
    assert [
        (d["date"], [(f["forum"], [s["uid"] for s in f["sessions"]]) for f in d["forums"]])
        for d in body["days"]
    ] == [("2024-04-29", [("science-diplomacy", DEMO_UIDS)])]
    assert body["timezone"] == "Asia/Shanghai"


@pytest.mark.parametrize("order", ["protocol", "name"])
def test_speakers_in_order_with_names_in_both_scripts(client, demo, order):
    body = _json(client, f"{BASE}/speakers?order={order}")
    assert [s["display_name"] for s in body["items"]] == [
        {"en": "Chen Jiachang", "zh": "陈家昌"},
        {"en": "Orakanoke Phanraksa", "zh": "Orakanoke Phanraksa"},
        {"en": "Xue Lan", "zh": "薛澜"},
    ]
    assert [s["precedence"] for s in body["items"]] == [1, 2, 3]


def test_releases_have_changelogs(client, demo):
    [release] = _json(client, f"{BASE}/releases")["items"]
    assert release["number"] == 1
    assert [(c["type"], c["session"]) for c in release["changelog"]] == [
        ("added", uid) for uid in DEMO_UIDS
    ]


@pytest.mark.parametrize("url", READS)
def test_read_answers_304_for_its_etag(client, demo, url):
    first = client.get(url)
    assert first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/nope",
        "/api/v1/events/nope/sessions",
        f"{BASE}/forums/nope",
        f"{BASE}/speakers/nope",
        f"{BASE}/sessions?forum=nope",
    ],
)
def test_unknown_things_answer_404_in_the_contract_body(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "query", ["per_page=0", "per_page=501", "page=0", "page=x", "day=someday", "order=age"]
)
def test_bad_arguments_answer_422_with_fields(client, demo, query):
    url = f"{BASE}/speakers?{query}" if query.startswith("order") else f"{BASE}/sessions?{query}"
    response = client.get(url)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {query.split("=")[0]}


def test_public_answers_never_hold_contact_details(client, app, in_app):
    with in_app() as db_session:
        event = make_event()
        forum = make_forum(event)
        speaker = make_speaker(event, email="private.person@example.org", phone="+86 10 5555 0100")
        add_appearance(make_session(forum), speaker)
        publish(event, None)
        db_session.commit()
        slug, speaker_slug = event.slug, speaker.slug
    base = f"/api/v1/events/{slug}"
    for url in (
        f"{base}/speakers",
        f"{base}/speakers/{speaker_slug}",
        f"{base}/sessions",
        f"{base}/agenda",
    ):
        body = client.get(url).get_data(as_text=True)
        # The whole phone number: a fragment like "5555" also turns up in random uids and digests.
        assert "private.person" not in body and "+86 10 5555 0100" not in body, url
    assert "private.person" not in client.get(f"/events/{slug}/speakers").get_data(as_text=True)


def test_unpublished_change_changes_no_api_answer(client, demo, in_app):
    before = {url: client.get(url).get_data() for url in READS}
    with in_app() as db_session:
        talk = db_session.scalars(select(Talk).order_by(Talk.start_at)).first()
        talk.title = {"en": "Renamed in the working agenda"}
        speaker = db_session.scalars(select(Speaker).where(Speaker.slug == "xue-lan")).one()
        speaker.precedence = 0
        make_session(db_session.scalars(select(Forum)).one(), title={"en": "Draft only"})
        db_session.commit()
    assert {url: client.get(url).get_data() for url in READS} == before


def _event_of(size, in_app):
    with in_app() as db_session:
        event, _forum = make_published_event(size)
        db_session.commit()
        return event.slug


def test_api_query_count_does_not_grow_with_the_event(app, client, in_app, count_queries):
    from eventsvc.agenda.current import agendas

    sizes = {size: _event_of(size, in_app) for size in (1, 50)}
    lists = (
        "",
        "/organizations",
        "/forums",
        "/rooms",
        "/sessions",
        "/agenda",
        "/speakers",
        "/releases",
    )
    for suffix in lists:
        cold, warm = [], []
        for slug in sizes.values():
            agendas.clear()
            app.extensions["eventsvc.rendered"].clear()
            for counts in (cold, warm):
                with count_queries() as counter:
                    assert client.get(f"/api/v1/events/{slug}{suffix}").status_code == 200
                counts.append(counter.count)
        assert cold[0] == cold[1], (suffix, cold)
        # Once built: at most the question "which release is current?" (none once a replay knows).
        assert max(warm) <= 1, (suffix, warm)
