"""The Host header decides nothing but whether a request is answered: links come from
PUBLIC_URL, a malformed or untrusted Host answers 400, and no Host fills a cache."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
import redis

from eventsvc.agenda.rendered import RenderCache
from eventsvc.auth.services import create_api_token
from eventsvc.optional_redis import OptionalRedis
from tests.factories import make_user
from tests.web.forms import post_form
from tests.web.public.reading import DEMO, FORUM, PAGES

OPENING = "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001"
PUBLIC = "https://agenda.example.org/zgc"
MB = 1024 * 1024  # a render cache with room for every body built here
FEEDS = (
    f"/events/{DEMO}/calendar.ics",
    f"/events/{DEMO}/forums/{FORUM}/calendar.ics",
    f"/events/{DEMO}/sessions/{OPENING}.ics",
)
SCHEDULES = (
    f"/events/{DEMO}/schedule.xml",
    f"/events/{DEMO}/schedule.json",
    f"/events/{DEMO}/schedule-v2.json",
)
API = (f"/api/v1/events/{DEMO}", f"/api/v1/events/{DEMO}/agenda")


def _get(client, url: str, host: str):
    return client.get(url, environ_overrides={"HTTP_HOST": host})


@pytest.mark.parametrize("host", ["a b", "", "exa<mple>.org", "x.org/evil"])
def test_malformed_host_answers_a_readable_400_page(client, demo, host):
    for url in [*PAGES, *FEEDS, *SCHEDULES]:
        response = _get(client, url, host)
        assert (response.status_code, response.mimetype) == (400, "text/html"), url
        assert "does not name a host this service answers to" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", API)
def test_malformed_host_answers_400_json_in_the_api(client, demo, url):
    response = _get(client, url, "a b")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_malformed_host_is_refused_after_the_page_was_kept_for_replay(client, demo):
    url = f"/events/{DEMO}"
    assert _get(client, url, "localhost").status_code == 200
    assert _get(client, url, "localhost").status_code == 200  # answered from the replay
    assert _get(client, url, "a b").status_code == 400


def test_untrusted_host_answers_400(app, client, demo, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["agenda.example.org", ".zgcforum.cn"])
    assert _get(client, f"/events/{DEMO}", "agenda.example.org").status_code == 200
    assert _get(client, f"/events/{DEMO}", "www.zgcforum.cn").status_code == 200
    refused = _get(client, f"/events/{DEMO}", "evil.example")
    assert (refused.status_code, refused.mimetype) == (400, "text/html")
    api = _get(client, f"/api/v1/events/{DEMO}", "evil.example")
    assert (api.status_code, api.json["error"]["code"]) == (400, "bad_request")


def _links(body: str) -> set[str]:
    return set(re.findall(r"(?:https?|webcal)://[^\s\"'<>\\]+", unquote(body)))


def _ours(links: set[str]) -> set[str]:
    return {link for link in links if "calendar.google.com" not in link}


@pytest.mark.parametrize(
    "url",
    [
        f"/events/{DEMO}",
        f"/events/{DEMO}/sessions/{OPENING}",
        f"/events/{DEMO}/sessions/{OPENING}.ics",
        f"/events/{DEMO}/forums/{FORUM}/calendar.ics",
        *SCHEDULES,
    ],
)
def test_absolute_links_come_from_public_url_whatever_the_host(app, client, demo, monkeypatch, url):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    body = _get(client, url, "evil.example").get_data(as_text=True)
    links = _ours(_links(body))
    assert links, "the body has absolute links of ours"
    outside = {
        link
        for link in links
        if not link.startswith((PUBLIC + "/", "webcal://agenda.example.org/zgc/"))
        and "://schemas" not in link  # schema locations in schedule files
        and "://www.w3.org" not in link
        and "://c3voc.de" not in link
    }
    assert outside == set()
    assert "evil.example" not in body


def test_page_feed_links_carry_the_path_prefix(app, client, demo, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    body = _get(client, f"/events/{DEMO}", "evil.example").get_data(as_text=True)
    assert f"webcal://agenda.example.org/zgc/events/{DEMO}/calendar.ics?lang=en" in body


def test_personal_feed_url_comes_from_public_url(app, client, monkeypatch, in_app):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    with in_app() as session_:
        _token, plain = create_api_token(make_user())
        session_.commit()
    body = client.get(
        "/api/v1/me/feed",
        headers={"Authorization": f"Bearer {plain}"},
        environ_overrides={"HTTP_HOST": "evil.example"},
    ).json
    assert body["url"].startswith(f"{PUBLIC}/feeds/")
    assert body["webcal"].startswith("webcal://agenda.example.org/zgc/feeds/")


def test_registration_mail_links_come_from_public_url(app, client, monkeypatch, smtp_server):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    client.environ_base["HTTP_HOST"] = "evil.example"
    post_form(client, "/register", {"email": "lin@example.org", "display_name": "Lin"})
    (message,) = smtp_server.messages
    text = message.get_content()
    assert f"{PUBLIC}/register/" in text
    assert "evil.example" not in text


def test_sixty_hosts_add_no_redis_keys_nor_cache_entries(app, client, demo, monkeypatch, redis_url):
    shared = RenderCache(MB, shared=OptionalRedis(redis_url, 1.0, 1.0))
    monkeypatch.setitem(app.extensions, "eventsvc.rendered", shared)
    replay = app.extensions["eventsvc.replay"]
    urls = [*PAGES, *FEEDS, *SCHEDULES, *API]
    store = redis.Redis.from_url(redis_url)
    try:
        for url in urls:
            assert _get(client, url, "host-0.example").status_code == 200, url
        keys = sorted(store.keys("*"))
        kept = (shared.entries(), replay.entries())
        assert keys and kept[0] and kept[1]
        for n in range(1, 60):
            for url in urls:
                assert _get(client, url, f"host-{n}.example").status_code == 200, url
        assert sorted(store.keys("*")) == keys
        assert (shared.entries(), replay.entries()) == kept
    finally:
        store.close()
