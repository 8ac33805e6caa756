"""POST /api/v1/events/{event}/speakers/import."""

import io

import pytest
from sqlalchemy import func, select

from eventsvc.auth.services import create_api_token
from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_speaker, make_user
from tests.speakers import rosters

GOOD = b"email,family_name,given_name\r\na@example.org,Wu,Ann\r\nb@example.org,Li,Bo\r\n"
BAD = GOOD + b"not-an-address,Xu,Cy\r\n"


@pytest.fixture
def event(app):
    with app.app_context():
        event = make_event()
        tokens = {
            role: create_api_token(make_user(role=role, event=event))[1]
            for role in ("staff", "attendee")
        }
        db.session.commit()
        return {"slug": event.slug, "tokens": tokens}


def _post(client, event, body, who="staff", query="", content_type="text/csv", **kwargs):
    return client.post(
        f"/api/v1/events/{event['slug']}/speakers/import{query}",
        data=body,
        content_type=content_type,
        headers={"Authorization": f"Bearer {event['tokens'][who]}"},
        **kwargs,
    )


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Speaker))


def test_import_creates_and_reports(app, client, event):
    response = _post(client, event, GOOD)
    assert response.status_code == 200
    assert (response.json["created"], response.json["updated"], response.json["errors"]) == (
        2,
        0,
        0,
    )
    row = response.json["rows"][0]
    assert {k: row[k] for k in ("line", "outcome", "email", "speaker", "errors", "matches")} == {
        "line": 2,
        "outcome": "created",
        "email": "a@example.org",
        "speaker": "ann-wu",
        "errors": [],
        "matches": [],
    }
    assert _count(app) == 2


def test_dry_run_reports_and_writes_nothing(app, client, event):
    response = _post(client, event, BAD, query="?dry_run=true")
    assert response.status_code == 200
    assert (response.json["dry_run"], response.json["created"], response.json["errors"]) == (
        True,
        2,
        1,
    )
    row = response.json["rows"][2]
    assert {k: row[k] for k in ("line", "outcome", "email", "speaker", "errors")} == {
        "line": 4,
        "outcome": "error",
        "email": "not-an-address",
        "speaker": None,
        "errors": [
            {
                "column": "email",
                "field": "email",
                "reason": "not-an-address is not an email address (name@example.org)",
            }
        ],
    }
    assert _count(app) == 0


def test_import_with_a_bad_row_is_422_and_writes_nothing(app, client, event):
    response = _post(client, event, BAD)
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {
        "line 4": "email: not-an-address is not an email address (name@example.org)"
    }
    assert response.json["report"]["errors"] == 1
    assert _count(app) == 0


def test_multipart_upload_is_accepted(app, client, event):
    response = _post(
        client,
        event,
        {"file": (io.BytesIO(GOOD), "speakers.csv")},
        content_type="multipart/form-data",
    )
    assert (response.status_code, response.json["created"]) == (200, 2)


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b'{"email": "a@example.org"}', "application/json", 415),
        (b"email,shoe_size\r\n", "text/csv", 422),
        (b"email,family_name\r\n" + b"x" * (2 * 1024 * 1024), "text/csv", 413),
    ],
)
def test_unacceptable_bodies_are_refused_with_nothing_written(
    app, client, event, body, content_type, status
):
    response = _post(client, event, body, content_type=content_type)
    assert (response.status_code, _count(app)) == (status, 0)
    assert set(response.json["error"]) == {"code", "message", "fields"}


def test_attendee_may_not_import(app, client, event):
    response = _post(client, event, GOOD, who="attendee")
    assert (response.status_code, _count(app)) == (403, 0)


def _event_of(event):
    return db.session.scalar(select(Event).where(Event.slug == event["slug"]))


@pytest.mark.parametrize("kind", sorted(rosters.KINDS))
def test_roster_of_each_kind_saves_the_same_speakers_through_the_api(app, client, event, kind):
    content_type = {"xlsx": rosters.XLSX_TYPE}.get(kind, "text/csv")
    response = _post(client, event, rosters.KINDS[kind](), content_type=content_type)
    assert (response.status_code, response.json["created"]) == (200, 3)
    with app.app_context():
        assert rosters.saved_speakers(_event_of(event)) == rosters.SAVED


@pytest.fixture
def known(app, event):
    """Anna Schmidt without an email, and Chen Jiachang in Latin script only."""
    with app.app_context():
        e = _event_of(event)
        schmidt = make_speaker(e, family="Schmidt", given="Anna")
        chen = make_speaker(
            e,
            names=[{"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True}],
        )
        db.session.commit()
        return {"schmidt": schmidt.slug, "chen": chen.slug}


MATCHING = rosters.utf8_bom(
    ["姓名", "英文名", "职务"],
    [
        ["", "Anna Schmidt", "Professor"],
        ["陈家昌", "", "秘书长"],
        ["", "Li Bo", "Dean"],
        ["", "Li Bo", "Dean of Physics"],
    ],
)


def test_dry_run_reports_each_match_with_its_reason(app, client, event, known):
    response = _post(client, event, MATCHING, query="?dry_run=true")
    assert [(r["line"], r["outcome"], r["matches"]) for r in response.json["rows"]] == [
        (
            2,
            "unresolved",
            [
                {
                    "target": known["schmidt"],
                    "speaker": known["schmidt"],
                    "line": None,
                    "reasons": ["name"],
                    "names": ["Anna Schmidt", "Anna Schmidt"],
                }
            ],
        ),
        (
            3,
            "unresolved",
            [
                {
                    "target": known["chen"],
                    "speaker": known["chen"],
                    "line": None,
                    "reasons": ["pinyin"],
                    "names": ["陈家昌", "Chen Jiachang"],
                }
            ],
        ),
        (4, "created", []),
        (
            5,
            "unresolved",
            [
                {
                    "target": "line-4",
                    "speaker": None,
                    "line": 4,
                    "reasons": ["name"],
                    "names": ["Li Bo", "Li Bo"],
                }
            ],
        ),
    ]


def _titles(app):
    with app.app_context():
        return [
            tuple(r)
            for r in db.session.execute(select(Speaker.slug, Speaker.title).order_by(Speaker.id))
        ]


def test_choice_update_updates_the_matched_speaker_only(app, client, event, known):
    query = f"?choice=2:update&choice=3:update:{known['chen']}&choice=5:update:line-4"
    assert _post(client, event, MATCHING, query=query).status_code == 200
    assert _titles(app) == [
        (known["schmidt"], {"en": "Professor"}),
        (known["chen"], {"zh": "秘书长"}),
        ("li-bo", {"en": "Dean of Physics"}),
    ]


def test_choice_create_creates_a_new_speaker_beside_the_match(app, client, event, known):
    query = "?choice=2:create&choice=3:create&choice=5:create"
    assert _post(client, event, MATCHING, query=query).status_code == 200
    assert _titles(app) == [
        (known["schmidt"], None),
        (known["chen"], None),
        ("anna-schmidt-2", {"en": "Professor"}),
        ("chen-jiachang-2", {"zh": "秘书长"}),
        ("li-bo", {"en": "Dean"}),
        ("li-bo-2", {"en": "Dean of Physics"}),
    ]


def test_choice_skip_leaves_the_row_out(app, client, event, known):
    query = "?choice=2:skip&choice=3:skip&choice=5:skip"
    response = _post(client, event, MATCHING, query=query)
    assert (response.status_code, response.json["skipped"]) == (200, 3)
    assert _titles(app) == [
        (known["schmidt"], None),
        (known["chen"], None),
        ("li-bo", {"en": "Dean"}),
    ]


def test_import_with_a_row_awaiting_a_choice_is_422_and_writes_nothing(app, client, event, known):
    response = _post(client, event, MATCHING, query="?choice=2:skip&choice=3:skip")
    assert (response.status_code, response.json["report"]["unresolved"]) == (422, 1)
    assert _count(app) == 2


def test_row_errors_are_in_the_language_asked(app, client, event):
    data = rosters.utf8_bom(["姓名", "邮箱"], [["王贻芳", "wang@"]])
    response = _post(client, event, data, query="?dry_run=true&lang=zh")
    assert response.json["rows"][0]["errors"] == [
        {
            "column": "邮箱",
            "field": "email",
            "reason": "wang@ 不是电子邮件地址（应如 name@example.org）",
        }
    ]


def _dry_run_queries(app, client, event, count_queries, rows: int) -> int:
    with app.app_context():
        e = _event_of(event)
        for n in range(rows):
            make_speaker(e, family="Known", given=f"Person{n}", email=f"k{n}@example.org")
        db.session.commit()
    data = rosters.xlsx(
        ["name", "email"], [[f"Person{n} Known", f"k{n}@example.org"] for n in range(rows)]
    )
    with count_queries() as counter:
        response = _post(client, event, data, query="?dry_run=true")
    assert response.json["updated"] == rows
    return len(counter.statements)


def test_dry_run_query_count_is_the_same_at_1_and_at_60_rows(app, client, count_queries):
    counts = []
    for rows in (1, 60):
        with app.app_context():
            e = make_event()
            token = create_api_token(make_user(role="staff", event=e))[1]
            db.session.commit()
            ev = {"slug": e.slug, "tokens": {"staff": token}}
        counts.append(_dry_run_queries(app, client, ev, count_queries, rows))
    assert counts[0] == counts[1]
