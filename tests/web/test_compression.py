"""Public answers go out compressed (gzip, brotli), each coding with its own ETag, made once
per body; shared caches may keep anonymous answers, never personal ones."""

from __future__ import annotations

import gzip

import brotli
import pytest

from eventsvc.agenda import compressed
from eventsvc.extensions import db
from tests.factories import make_user
from tests.web.manage.helpers import sign_in

FORUM = "science-diplomacy"
URLS = [
    "/events/{e}",
    "/api/v1/events/{e}/agenda",
    "/events/{e}/calendar.ics",
    "/events/{e}/schedule.xml",
    "/events/{e}/schedule-v2.json",
]
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
SUFFIX = {"gzip": "-gz", "br": "-br"}


@pytest.mark.parametrize("path", URLS)
@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_public_answer_is_compressed_with_its_own_etag(client, demo, path, coding):
    url = path.format(e=demo)
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": coding})
    assert packed.status_code == 200
    assert packed.headers["Content-Encoding"] == coding
    assert DECODE[coding](packed.data) == plain.data
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) // 2
    assert packed.get_etag() == (plain.get_etag()[0] + SUFFIX[coding], False)
    assert "Accept-Encoding" in packed.vary and "Accept-Encoding" in plain.vary


@pytest.mark.parametrize("coding", ["gzip", "br", None])
def test_if_none_match_answers_304_for_the_codings_own_etag_only(client, demo, coding):
    url = f"/events/{demo}/forums/{FORUM}"
    accept = {"Accept-Encoding": coding} if coding else {}
    etags = {
        c: client.get(url, headers={"Accept-Encoding": c} if c else {}).headers["ETag"]
        for c in ("gzip", "br", None)
    }
    assert len(set(etags.values())) == 3
    for other, etag in etags.items():
        answer = client.get(url, headers={**accept, "If-None-Match": etag})
        assert answer.status_code == (304 if other == coding else 200)
        assert answer.headers["ETag"] == etags[coding]


def test_replay_answers_each_coding_and_its_304(client, demo, flask_calls):
    url = f"/events/{demo}/forums/{FORUM}"
    answers = {}
    for accept in ("gzip, deflate, br", "gzip, deflate, br, zstd", "gzip", "identity", None):
        headers = {"Accept-Encoding": accept} if accept else {}
        first, again = client.get(url, headers=headers), client.get(url, headers=headers)
        assert (again.data, again.headers["ETag"]) == (first.data, first.headers["ETag"])
        assert (
            client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]}).status_code
            == 304
        )
        answers[accept] = first
    # Flask built one answer per coding; the replay answered every other request, 304s included.
    assert flask_calls == [f"/events/{demo}/forums/{FORUM}"] * 3
    assert answers["gzip, deflate, br, zstd"].headers["Content-Encoding"] == "br"
    assert answers["gzip"].headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in answers["identity"].headers
    assert answers[None].data == answers["identity"].data


def test_each_body_is_compressed_once_per_coding(client, demo, monkeypatch):
    made = []
    real = compressed.compress

    def counting(body, coding, levels):
        made.append((len(body), coding))
        return real(body, coding, levels)

    monkeypatch.setattr(compressed, "compress", counting)
    monkeypatch.setattr("eventsvc.agenda.rendered.compress", counting)
    url = f"/api/v1/events/{demo}/agenda"
    for accept in ("gzip", "br", "gzip", "br", None):
        for extra in (
            {},
            {"Accept-Language": "zh"},
            {"Cookie": "x=1"},
        ):  # the cookie skips the replay
            client.get(url, headers={"Accept-Encoding": accept, **extra} if accept else extra)
    size = len(client.get(url).data)
    assert sorted(made) == [(size, "br"), (size, "gzip")]


def test_anonymous_public_answers_let_shared_caches_keep_them(client, demo):
    page = client.get(f"/events/{demo}")
    feed = client.get(f"/events/{demo}/calendar.ics")
    api = client.get(f"/api/v1/events/{demo}/agenda")
    assert (
        page.headers["Cache-Control"] == "public, max-age=0, s-maxage=10, stale-while-revalidate=30"
    )
    assert (
        feed.headers["Cache-Control"]
        == "public, max-age=300, s-maxage=10, stale-while-revalidate=30"
    )
    assert api.headers["Cache-Control"] == feed.headers["Cache-Control"]
    assert [sorted(r.vary) for r in (page, feed, api)] == [
        ["Accept-Encoding", "Accept-Language"],
        ["Accept-Encoding", "Accept-Language"],
        ["Accept", "Accept-Encoding"],
    ]


def test_shared_cache_lifetimes_are_settings(app, demo):
    from eventsvc import create_app

    tuned = create_app(
        "testing",
        DATABASE_URL=app.config["DATABASE_URL"],
        PUBLIC_MAX_AGE=120,
        SHARED_MAX_AGE=45,
        STALE_WHILE_REVALIDATE=7,
    )
    try:
        answer = tuned.test_client().get(f"/events/{demo}/calendar.ics")
        assert (
            answer.headers["Cache-Control"]
            == "public, max-age=120, s-maxage=45, stale-while-revalidate=7"
        )
    finally:
        tuned.extensions["eventsvc.replay"].close()
        with tuned.app_context():
            db.engine.dispose()


def test_the_now_of_this_minute_is_kept_no_longer_than_the_minute(client, demo):
    for url in (f"/events/{demo}/now", f"/api/v1/events/{demo}/now"):
        control = client.get(url).cache_control
        assert control.public and 0 < control.s_maxage <= 60
        assert control.max_age <= 60 and control.stale_while_revalidate == 0


def test_signed_in_pages_stay_private_and_vary_on_the_cookie(app, client, demo):
    with app.app_context():
        user = make_user()
        db.session.commit()
        sign_in(client, user.id)
    answer = client.get(f"/events/{demo}/forums/{FORUM}", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["Cache-Control"] == "private, max-age=0"
    assert "Cookie" in answer.vary
    assert answer.headers["Content-Encoding"] == "gzip"
    assert b'class="star"' in gzip.decompress(answer.data)
    assert client.get("/me/agenda").headers["Cache-Control"] == "private, no-store"
