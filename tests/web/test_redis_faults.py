"""Redis down or stalled: pages, feeds, sign-in and tokens keep working, the fault is logged once.

Each case runs the app in a process of its own (the rate limiter is one object per process)
against a redis-server of the test's own, which the case kills or stops (SIGSTOP: a stall,
the socket accepts and never answers).
"""

from __future__ import annotations

import json
import shutil
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

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"

PROBE = """
import json, logging, os, signal, sys
from eventsvc import create_app
from tests.web.forms import post_form

database_url, redis_url, redis_pid, fault, slug, token, password = sys.argv[1:]
warnings = []

class Kept(logging.Handler):
    def emit(self, record):
        warnings.append(record.name)

logging.getLogger().addHandler(Kept(level=logging.WARNING))
app = create_app(
    "testing",
    DATABASE_URL=database_url,
    REDIS_URL=redis_url,
    LOGIN_RATE_LIMIT="3 per minute",
    REDIS_RETRY_SECONDS=600,
)
anonymous, browser = app.test_client(), app.test_client()
shared_first = anonymous.get(f"/events/{slug}").status_code
os.kill(int(redis_pid), signal.SIGKILL if fault == "down" else signal.SIGSTOP)
paths = [
    f"/events/{slug}?lang=zh",
    f"/events/{slug}/speakers",
    f"/events/{slug}/timetable",
    f"/events/{slug}/calendar.ics",
    f"/events/{slug}/schedule.xml",
    f"/api/v1/events/{slug}/agenda",
] * 2
pages = [anonymous.get(path).status_code for path in paths]
sign_in = post_form(browser, "/login", {"email": "ada@example.org", "password": password})
new_token = browser.post(
    "/api/v1/me/tokens", json={"label": "laptop"}, headers={"Authorization": f"Bearer {token}"}
)
wrong = [
    post_form(browser, "/login", {"email": "ada@example.org", "password": "wrong!"}).status_code
    for _ in range(2)
]
throttled = post_form(browser, "/login", {"email": "ada@example.org", "password": "wrong!"})
print(json.dumps({
    "shared_first": shared_first,
    "pages": pages,
    "sign_in": [sign_in.status_code, sign_in.headers.get("Location")],
    "new_token": [new_token.status_code, "token" in (new_token.get_json() or {})],
    "wrong": wrong,
    "throttled": [throttled.status_code, throttled.headers.get("Retry-After")],
    "warnings": warnings,
}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def own_redis():
    """A redis-server of this test's own on a free port; (process, url)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not _listening(port):
        assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
        time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def token(app):
    with app.app_context():
        user = make_user("ada@example.org", role="attendee", password=PASSWORD)
        _record, plain = create_api_token(user, "probe")
        db.session.commit()
        db.session.remove()
    return plain


@pytest.mark.parametrize("fault", ["down", "stalled"])
def test_redis_fault_leaves_pages_feeds_sign_in_and_tokens_working(
    app, demo, token, own_redis, fault
):
    process, url = own_redis
    # A generous guard against a hang: without timeouts a stalled Redis holds a request forever.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            app.config["DATABASE_URL"],
            url,
            str(process.pid),
            fault,
            demo,
            token,
            PASSWORD,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["shared_first"] == 200
    assert seen["pages"] == [200] * 12
    assert seen["sign_in"] == [302, "/"]
    assert seen["new_token"] == [201, True]
    assert seen["wrong"] == [200, 200]
    status, retry_after = seen["throttled"]
    assert status == 429 and retry_after is not None and 0 <= int(retry_after) <= 60
    # Once for the cache and once for the rate limits, however many requests met the fault.
    assert sorted(seen["warnings"]) == ["eventsvc.optional_redis", "flask-limiter"]
