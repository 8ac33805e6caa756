"""The production command: gunicorn with config/gunicorn.py."""

import gc
import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from eventsvc.extensions import db

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "gunicorn.py"


def _server(app, preload: bool):
    return SimpleNamespace(
        app=SimpleNamespace(callable=app if preload else None),
        cfg=SimpleNamespace(preload_app=preload),
    )


def test_post_fork_gives_a_preloaded_app_a_fresh_connection_pool(app):
    post_fork = runpy.run_path(str(CONFIG))["post_fork"]
    with app.app_context():
        before = db.engine.pool
        post_fork(_server(app, preload=True), worker=None)
        assert db.engine.pool is not before
    # In a real fork the master keeps using these; here nobody does, so close them.
    before.dispose()


def test_post_fork_leaves_an_app_loaded_in_the_worker_alone(app):
    post_fork = runpy.run_path(str(CONFIG))["post_fork"]
    with app.app_context():
        before = db.engine.pool
        post_fork(_server(None, preload=False), worker=None)
        assert db.engine.pool is before


def test_a_worker_keeps_what_its_loaded_app_holds_out_of_the_collectors_reach(app):
    post_worker_init = runpy.run_path(str(CONFIG))["post_worker_init"]
    try:
        post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait_for(port: int, process) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("gunicorn did not start")


def test_production_command_serves_and_logs_each_request_as_one_json_line(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "EVENTSVC_SECRET_KEY": "s" * 40,
        "EVENTSVC_PUBLIC_URL": f"http://127.0.0.1:{port}",  # production requires it
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "EVENTSVC_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite'}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_PRELOAD": "true",
    }
    env.pop("EVENTSVC_ENV", None)
    subprocess.run(
        [Path(sys.executable).parent / "eventsvc", "db", "upgrade"],
        env={**env, "EVENTSVC_ENV": "testing"},
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "eventsvc:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(port, process)
        statuses = [
            _get(f"http://127.0.0.1:{port}/healthz", {"X-Request-ID": "probe-1"}),
            _get(
                f"http://127.0.0.1:{port}/feeds/Secret-Feed-Token-0123456789.ics",
                {"Authorization": "Bearer Secret-Api-Token-9876543210"},
            ),
        ]
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    assert statuses == [200, 404]
    assert [(line["path"], line["status"]) for line in lines] == [
        ("/healthz", 200),
        ("/feeds/[redacted].ics", 404),
    ]
    assert lines[0]["request_id"] == "probe-1"
    assert "Secret-Feed-Token" not in errors and "Secret-Api-Token" not in errors
