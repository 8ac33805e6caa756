"""Static files under versioned URLs: kept a year by browsers, a new URL when they change."""

from __future__ import annotations

import hashlib
import re

from eventsvc import paths
from eventsvc.web.static_files import version


def test_pages_link_each_file_under_the_digest_of_its_bytes(client, demo):
    page = client.get(f"/events/{demo}").get_data(as_text=True)
    digest = hashlib.sha256((paths.STATIC / "eventsvc.css").read_bytes()).hexdigest()[:12]
    assert re.findall(r'href="(/static/eventsvc\.css[^"]*)"', page) == [
        f"/static/eventsvc.css?v={digest}"
    ]


def test_a_versioned_file_is_kept_a_year_and_any_other_url_is_revalidated(client):
    current = version("manage.css")
    answers = {
        v: client.get("/static/manage.css", query_string={"v": v} if v else None)
        for v in (current, "0123456789ab", None)
    }
    assert {v: (a.status_code, a.headers["Cache-Control"]) for v, a in answers.items()} == {
        current: (200, "public, max-age=31536000"),
        "0123456789ab": (200, "no-cache"),
        None: (200, "no-cache"),
    }
    for answer in answers.values():
        answer.close()


def test_no_version_outside_the_static_folder():
    assert (version("../app.py"), version("no-such.css")) == (None, None)


def test_urls_naming_no_file_keep_nothing_in_memory(client):
    """Each request for a made-up file name once added an entry to a cache without bound."""
    from eventsvc.web.static_files import _versions

    known = dict(_versions())
    answers = [client.get(f"/static/made-up-{n}.css?v=1") for n in range(50)]
    assert ([a.status_code for a in answers], _versions(), _versions.cache_info().currsize) == (
        [404] * 50,
        known,
        1,
    )
