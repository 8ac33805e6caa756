"""Security headers on every response; proxy headers trusted only when configured."""

import pytest
from flask import jsonify, request

from eventsvc import create_app

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data: https:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@pytest.mark.parametrize("path", ["/healthz", "/login", "/api/v1/openapi.json", "/no/such/page"])
def test_every_response_carries_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_plain_http_gets_no_strict_transport_security(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def _probe_app(tmp_path, proxies: int):
    app = create_app(
        "testing", DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite'}", PROXY_COUNT=proxies
    )
    app.add_url_rule(
        "/probe",
        "probe",
        lambda: jsonify(url=request.url, client=request.remote_addr, secure=request.is_secure),
    )
    return app


FORWARDED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "agenda.example.org",
}


def test_behind_a_proxy_scheme_host_and_client_come_from_it(tmp_path):
    answer = _probe_app(tmp_path, 1).test_client().get("/probe", headers=FORWARDED)
    assert answer.get_json() == {
        "url": "https://agenda.example.org/probe",
        "client": "203.0.113.9",
        "secure": True,
    }
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_without_a_proxy_forwarded_headers_are_ignored(tmp_path):
    answer = _probe_app(tmp_path, 0).test_client().get("/probe", headers=FORWARDED)
    assert answer.get_json() == {
        "url": "http://localhost/probe",
        "client": "127.0.0.1",
        "secure": False,
    }


def test_only_the_configured_number_of_proxies_is_trusted(tmp_path):
    spoofed = {**FORWARDED, "X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
    answer = _probe_app(tmp_path, 1).test_client().get("/probe", headers=spoofed)
    assert answer.get_json()["client"] == "203.0.113.9"
