"""API tokens: created once, used as Bearer, revoked for good; creation is throttled."""

import pytest

from eventsvc.extensions import limiter


def test_new_token_works_as_bearer_until_revoked(client, world):
    created = client.post(
        "/api/v1/me/tokens", headers=world.headers("staff"), json={"label": "laptop"}
    )
    assert created.status_code == 201
    body = created.get_json()
    assert (body["label"], body["prefix"]) == ("laptop", body["token"][:8])
    bearer = {"Authorization": f"Bearer {body['token']}"}
    listed = client.get("/api/v1/me/tokens", headers=bearer).get_json()
    assert [t["label"] for t in listed] == ["staff", "laptop"]
    assert "token" not in listed[1]
    assert client.delete(f"/api/v1/me/tokens/{body['id']}", headers=bearer).status_code == 204
    assert client.get("/api/v1/me/tokens", headers=bearer).status_code == 401


def test_revoking_someone_elses_token_is_404(client, world):
    answer = client.delete(
        f"/api/v1/me/tokens/{world.token_ids['admin']}", headers=world.headers("staff")
    )
    assert answer.status_code == 404
    assert client.get("/api/v1/me/tokens", headers=world.headers("admin")).status_code == 200


def test_without_credentials_is_401_json(client, world):
    answer = client.post("/api/v1/me/tokens", json={})
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthorized"


def test_wrong_bearer_token_is_401(client, world):
    answer = client.get("/api/v1/me/tokens", headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401


@pytest.fixture
def two_per_minute(app):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    limiter.reset()
    yield
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    limiter.reset()


def test_token_creation_is_throttled_with_a_json_429(client, world, two_per_minute):
    statuses = [
        client.post("/api/v1/me/tokens", headers=world.headers("staff"), json={}).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    third = client.post("/api/v1/me/tokens", headers=world.headers("staff"), json={})
    assert third.get_json()["error"]["code"] == "rate_limited"
    assert 0 < int(third.headers["Retry-After"]) <= 60
