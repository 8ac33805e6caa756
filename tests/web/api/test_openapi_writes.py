"""The write endpoints are described in /api/v1/openapi.json with the contract's error body."""


def test_openapi_lists_write_operations_with_error_schema(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    patch = spec["paths"]["/api/v1/events/{event}/sessions/{uid}"]["patch"]
    assert set(patch["responses"]) >= {
        "200",
        "400",
        "401",
        "403",
        "404",
        "409",
        "412",
        "413",
        "415",
        "422",
    }
    assert patch["responses"]["412"] == {"$ref": "#/components/responses/PRECONDITION_FAILED"}
    responses = spec["components"]["responses"]
    assert responses["PRECONDITION_FAILED"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }
    error = spec["components"]["schemas"]["ErrorBody"]["properties"]["error"]
    detail = spec["components"]["schemas"]["ErrorDetail"]["properties"]
    assert error == {"$ref": "#/components/schemas/ErrorDetail"}
    assert set(detail) == {"code", "message", "fields"}
    operations = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert {
        ("/api/v1/events", "post"),
        ("/api/v1/events/{event}", "patch"),
        ("/api/v1/events/{event}/forums", "post"),
        ("/api/v1/events/{event}/forums/{forum}", "delete"),
        ("/api/v1/events/{event}/rooms/{room}", "patch"),
        ("/api/v1/events/{event}/organizations", "post"),
        ("/api/v1/events/{event}/forums/{forum}/roles", "post"),
        ("/api/v1/events/{event}/sessions", "post"),
        ("/api/v1/events/{event}/sessions/{uid}", "delete"),
        ("/api/v1/events/{event}/speakers/{speaker}", "patch"),
        ("/api/v1/events/{event}/releases", "post"),
        ("/api/v1/events/{event}/audit", "get"),
        ("/api/v1/events/{event}/draft/sessions/{uid}", "get"),
        ("/api/v1/me/tokens", "post"),
        ("/api/v1/me/tokens/{token_id}", "delete"),
    } <= operations


def test_openapi_describes_the_conflicts_a_session_save_answers(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    session_path = spec["paths"]["/api/v1/events/{event}/sessions/{uid}"]
    created = spec["paths"]["/api/v1/events/{event}/sessions"]["post"]["responses"]["201"]
    patched = session_path["patch"]["responses"]["200"]
    saved = {"$ref": "#/components/schemas/SessionSaved"}
    assert (
        created["content"]["application/json"]["schema"],
        patched["content"]["application/json"]["schema"],
    ) == (saved, saved)
    schemas = spec["components"]["schemas"]
    assert schemas["SessionSaved"]["properties"]["conflicts"]["items"] == {
        "$ref": "#/components/schemas/ConflictOut"
    }
    assert set(schemas["ConflictOut"]["properties"]) == {
        "key",
        "kind",
        "blocking",
        "sessions",
        "speaker",
        "room",
        "accepted",
        "reason",
        "accepted_by",
        "accepted_at",
        "release",
    }
