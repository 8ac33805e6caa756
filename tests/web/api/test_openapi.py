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
