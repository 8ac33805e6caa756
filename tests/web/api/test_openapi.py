"""/api/v1/openapi.json documents every public read with its response schema and the error body."""

import pytest

READ_PATHS = {
    "/api/v1/events": "EventPage",
    "/api/v1/events/{event}": "Event",
    "/api/v1/events/{event}/organizations": "OrganizationPage",
    "/api/v1/events/{event}/forums": "ForumPage",
    "/api/v1/events/{event}/forums/{forum}": "ForumDetail",
    "/api/v1/events/{event}/rooms": "RoomPage",
    "/api/v1/events/{event}/sessions": "SessionPage",
    "/api/v1/events/{event}/agenda": "Agenda",
    "/api/v1/events/{event}/speakers": "SpeakerPage",
    "/api/v1/events/{event}/speakers/{speaker}": "Speaker",
    "/api/v1/events/{event}/releases": "ReleasePage",
}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("path", READ_PATHS)
def test_read_is_documented_with_its_schema(spec, path):
    responses = spec["paths"][path]["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{READ_PATHS[path]}"
    }
    assert responses["default"] == {"$ref": "#/components/responses/DEFAULT_ERROR"}
    assert "304" in responses


def test_error_body_is_the_contracts(spec):
    assert spec["components"]["responses"]["DEFAULT_ERROR"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/ErrorBody"}
    body = spec["components"]["schemas"]["ErrorBody"]
    assert body["properties"]["error"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert set(spec["components"]["schemas"]["ErrorDetail"]["properties"]) == {
        "code",
        "message",
        "fields",
    }


def test_speaker_schema_has_no_contact_fields(spec):
    assert {"email", "phone"} & set(spec["components"]["schemas"]["Speaker"]["properties"]) == set()


def test_multilingual_fields_are_maps(spec):
    title = spec["components"]["schemas"]["Session"]["properties"]["title"]
    assert (title["type"], title["additionalProperties"]) == ("object", {"type": "string"})


def _resolve(spec, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _write_bodies(spec):
    """(operation, body schema) of every operation that takes a JSON body."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield f"{method.upper()} {path}", _resolve(spec, body["schema"])


def _unbounded(spec, schema: dict, where: str):
    """Every string of schema (nested objects, lists and language maps too) with no maxLength."""
    schema = _resolve(spec, schema)
    if schema.get("type") == "string":
        # An enumeration and a date are bounded by their shape.
        if not ({"maxLength", "enum"} & set(schema) or schema.get("format") == "date"):
            yield where
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _unbounded(spec, schema["additionalProperties"], f"{where}.<language>")
    if "items" in schema:
        yield from _unbounded(spec, schema["items"], f"{where}[]")
    for name, prop in schema.get("properties", {}).items():
        yield from _unbounded(spec, prop, f"{where}.{name}")


def test_every_string_of_every_write_body_has_a_max_length(spec):
    bodies = dict(_write_bodies(spec))
    assert len(bodies) >= 15
    assert [w for op, body in bodies.items() for w in _unbounded(spec, body, op)] == []


def test_the_title_limit_is_documented_per_language(spec):
    title = spec["components"]["schemas"]["SessionCreate"]["properties"]["title"]
    assert title["additionalProperties"] == {"type": "string", "maxLength": 300}


# The smallest body each create operation takes; {event} is the world's event.
MINIMAL_BODIES = {
    "/api/v1/events": {
        "slug": "minimal",
        "name": "Minimal",
        "timezone": "Asia/Shanghai",
        "start_date": "2024-05-01",
    },
    "/api/v1/events/{event}/organizations": {"slug": "minimal", "name": "Minimal"},
    "/api/v1/events/{event}/forums": {"slug": "minimal", "name": "Minimal"},
    "/api/v1/events/{event}/rooms": {"slug": "minimal", "name": "Minimal"},
    "/api/v1/events/{event}/roles": {"organization": "{org_unused}", "role": "host"},
    "/api/v1/events/{event}/sessions": {
        "forum": "{forum_a}",
        "title": "Minimal",
        "start": "2024-04-29T20:00",
        "end": "2024-04-29T21:00",
    },
    "/api/v1/events/{event}/speakers": {"names": [{"family": "Li"}]},
    "/api/v1/me/tokens": {},
}


@pytest.mark.parametrize("path", MINIMAL_BODIES)
def test_the_required_fields_documented_are_those_the_code_enforces(spec, client, world, path):
    """Each documented required field is refused when absent (422 naming it), and a body of
    the documented required fields alone is accepted: no field is required undocumented."""
    schema = _resolve(
        spec, spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    )
    body = {
        key: value.format(**vars(world)) if isinstance(value, str) else value
        for key, value in MINIMAL_BODIES[path].items()
    }
    assert set(schema.get("required", [])) == set(body)
    url, headers = path.format(event=world.event), world.headers("admin")
    for field in body:
        answer = client.post(
            url, headers=headers, json={k: v for k, v in body.items() if k != field}
        )
        assert answer.status_code == 422, field
        assert field in answer.get_json()["error"]["fields"]
    assert client.post(url, headers=headers, json=body).status_code == 201
