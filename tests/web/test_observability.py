"""One JSON log line per request, with a request id, and no secret or personal URL in it."""

import io
import json
import logging
import re

import pytest
from flask import jsonify

from eventsvc import create_app
from eventsvc.auth.services import create_api_token
from eventsvc.web.observability import loggable_path, logger
from tests.factories import make_user
from tests.web.forms import post_form

PASSWORD = "correct horse battery"


@pytest.fixture
def log():
    """The text the request logger writes, through the formatter it writes with."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.handlers[0].formatter)
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def _lines(log) -> list[dict]:
    return [json.loads(line) for line in log.getvalue().splitlines()]


def test_request_log_is_one_json_line_with_the_request_facts(client, log):
    answer = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    (line,) = _lines(log)
    assert {
        k: line[k] for k in ("message", "method", "path", "status", "user_id", "request_id")
    } == {
        "message": "request",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
        "user_id": None,
        "request_id": "lb-7f3a.42",
    }
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert answer.headers["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("given", [None, "", "two words", "x" * 129, '{"forged": 1}'])
def test_request_id_is_generated_when_missing_or_unfit(client, log, given):
    headers = {} if given is None else {"X-Request-ID": given}
    answer = client.get("/healthz", headers=headers)
    (line,) = _lines(log)
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])
    assert line["request_id"] == answer.headers["X-Request-ID"]


def test_request_log_covers_errors_too(client, log):
    answer = client.get("/no/such/page", headers={"X-Request-ID": "abc"})
    (line,) = _lines(log)
    assert (answer.status_code, line["status"], line["path"], line["request_id"]) == (
        404,
        404,
        "/no/such/page",
        "abc",
    )


def test_personal_feed_token_never_reaches_the_log(client, log):
    token = "Zk3v9Qp2Lr8sT1uW5xY7aB0cD4eF6gH8jK2mN5pQ"
    client.get(f"/feeds/{token}.ics?token={token}")
    client.get(f"/feeds/{token}")
    assert token not in log.getvalue()
    assert [line["path"] for line in _lines(log)] == ["/feeds/[redacted].ics", "/feeds/[redacted]"]


def test_bearer_token_never_reaches_the_log(client, log, in_app):
    with in_app() as session_:
        _, token = create_api_token(make_user("ada@example.org"))
        session_.commit()
    client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"})
    client.get("/api/v1/nothing-here", headers={"Authorization": f"Bearer {token}"})
    assert token not in log.getvalue()
    assert "Bearer" not in log.getvalue()
    assert [line["status"] for line in _lines(log)] == [200, 404]


def test_login_logs_the_user_id_and_never_the_password(client, log, in_app):
    with in_app() as session_:
        user_id = make_user("ada@example.org").id
        session_.commit()
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    assert PASSWORD not in log.getvalue()
    assert [(line["method"], line["path"], line["user_id"]) for line in _lines(log)] == [
        ("GET", "/login", None),
        ("POST", "/login", user_id),
    ]


def test_route_arguments_named_as_secrets_are_redacted(tmp_path):
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite'}")
    app.add_url_rule(
        "/invites/<invite_token>/accept/<int:n>",
        "probe",
        lambda invite_token, n: jsonify(path=loggable_path()),
    )
    answer = app.test_client().get("/invites/s3cr3t-value/accept/7")
    assert answer.get_json() == {"path": "/invites/[redacted]/accept/7"}
