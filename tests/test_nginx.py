"""config/nginx.conf in front of gunicorn: public answers cached and revalidated, a publish
seen within the configured time, personal answers never cached.

Debian's nginx runs the shipped file, copied with its three CHANGE places pointed at this
test's port, gunicorn and folder. Without /usr/sbin/nginx the tests skip, unless
EVENTSVC_REQUIRE_ALL_TESTS=true."""

from __future__ import annotations

import gzip
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from tests.factories import make_user
from tests.web.test_replay import OPENING, _rename_and_publish

ROOT = Path(__file__).resolve().parents[1]
NGINX = Path("/usr/sbin/nginx")
FORUM = "science-diplomacy"
SHARED_MAX_AGE = 4  # what gunicorn's app tells nginx (s-maxage) in these tests


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"{process.args[0]} did not start:\n{log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _site(tmp_path: Path, listen: int, upstream: int) -> Path:
    """The shipped site file with its CHANGE places pointed here, inside a main config of the
    test's own (pid, logs and temporary files in tmp_path)."""
    site = (ROOT / "config" / "nginx.conf").read_text()
    for shipped, here in (
        ("/var/cache/nginx/eventsvc", str(tmp_path / "cache")),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{listen};"),
    ):
        assert site.count(shipped) == 1, f"config/nginx.conf no longer has {shipped!r}"
        site = site.replace(shipped, here)
    (tmp_path / "eventsvc.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"""
        {"user root;" if os.geteuid() == 0 else ""}
        worker_processes 1;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/nginx-error.log warn;
        events {{ worker_connections 64; }}
        http {{
            access_log off;
            include {tmp_path}/eventsvc.conf;
        }}
        """
    )
    return main


class Served:
    """gunicorn serving the test database, nginx in front of it; requests go to nginx."""

    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log

    def get(self, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        answer.body = answer.read()  # type: ignore[attr-defined]
        conn.close()
        return answer

    def reached_gunicorn(self, logged_path: str) -> int:
        """How many requests for path the app logged (its JSON line per request)."""
        return self.log.read_text(errors="replace").count(f'"path": "{logged_path}"')


@pytest.fixture
def served(app, tmp_path):
    if not NGINX.exists():
        if os.environ.get("EVENTSVC_REQUIRE_ALL_TESTS") == "true":
            pytest.fail(f"{NGINX} is not installed (apt-get install nginx)")
        pytest.skip(f"{NGINX} is not installed")
    upstream, listen = _free_port(), _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "EVENTSVC_ENV": "testing",
        "EVENTSVC_DATABASE_URL": app.config["DATABASE_URL"],
        "EVENTSVC_PROXY_COUNT": "1",
        "EVENTSVC_SHARED_MAX_AGE": str(SHARED_MAX_AGE),
        # Expired copies are fetched again before answering: what a publish looks like at once.
        "EVENTSVC_STALE_WHILE_REVALIDATE": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{upstream}",
    }
    with log.open("ab") as out:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "eventsvc:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    nginx_log = tmp_path / "nginx-error.log"
    with nginx_log.open("ab") as errors:
        nginx = subprocess.Popen(
            [
                str(NGINX),
                "-p",
                str(tmp_path),
                "-e",
                str(nginx_log),
                "-c",
                str(_site(tmp_path, listen, upstream)),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    try:
        _wait_for(upstream, gunicorn, log)
        _wait_for(listen, nginx, nginx_log)
        yield Served(listen, log)
    finally:
        _stop(nginx)
        _stop(gunicorn)


def test_public_answer_is_cached_and_its_validators_pass_through(served, demo):
    path = f"/events/{demo}/forums/{FORUM}"
    accept = {"Accept-Encoding": "gzip", "Accept-Language": "en"}
    first, again = served.get(path, accept), served.get(path, accept)
    assert (first.status, first.headers["X-Cache-Status"]) == (200, "MISS")
    assert (again.status, again.headers["X-Cache-Status"]) == (200, "HIT")
    assert again.body == first.body and again.headers["Content-Encoding"] == "gzip"
    assert b"Opening" in gzip.decompress(again.body)
    assert again.headers["ETag"] == first.headers["ETag"] and first.headers["ETag"].endswith('-gz"')
    assert "Cookie" not in again.headers["Vary"]
    not_modified = served.get(path, {**accept, "If-None-Match": first.headers["ETag"]})
    assert (not_modified.status, not_modified.headers["X-Cache-Status"]) == (304, "HIT")
    assert served.reached_gunicorn(path) == 1
    # A reader who asks for no compression has a copy of their own, also kept.
    plain = [served.get(path, {"Accept-Language": "en"}) for _ in range(2)]
    assert [a.headers["X-Cache-Status"] for a in plain] == ["MISS", "HIT"]
    assert (
        plain[1].body == gzip.decompress(first.body) and "Content-Encoding" not in plain[1].headers
    )


def test_publish_shows_through_nginx_once_its_shared_age_is_over(app, served, demo):
    path = f"/events/{demo}/forums/{FORUM}"
    before = [served.get(path) for _ in range(2)]
    assert before[1].headers["X-Cache-Status"] == "HIT" and b"Renamed opening" not in before[1].body
    with app.app_context():
        _rename_and_publish(demo, "Renamed opening")
    time.sleep(SHARED_MAX_AGE + 1)
    after = served.get(path)
    assert after.headers["X-Cache-Status"] == "EXPIRED" and b"Renamed opening" in after.body
    assert served.get(path).headers["X-Cache-Status"] == "HIT"


def test_personal_answers_are_never_cached(app, served, demo, client):
    with app.app_context():
        user = make_user()
        _token, plain = create_api_token(user)
        db.session.commit()
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.put(f"/api/v1/me/stars/{OPENING}", headers=bearer).status_code in (200, 204)
    feed = "/" + client.get("/api/v1/me/feed", headers=bearer).json["url"].split("/", 3)[3]
    answers = [served.get(feed) for _ in range(3)]
    assert [a.status for a in answers] == [200] * 3 and b"BEGIN:VEVENT" in answers[0].body
    assert all("X-Cache-Status" not in a.headers for a in answers)
    assert answers[0].headers["Cache-Control"].startswith("private")
    assert served.reached_gunicorn("/feeds/[redacted].ics") == 3
    # A token on a public read passes by the cache too, both ways.
    api = f"/api/v1/events/{demo}/agenda"
    with_token = [served.get(api, bearer) for _ in range(2)]
    assert [a.headers["X-Cache-Status"] for a in with_token] == ["BYPASS", "BYPASS"]
    assert served.get(api).headers["X-Cache-Status"] == "MISS"
