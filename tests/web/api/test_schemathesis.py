"""Property-based tests of every API operation against its OpenAPI description (schemathesis):
authenticated as an admin on the demo, no answer is a 5xx and every answer fits its schema.

Bounded so CI stays quick: SCHEMATHESIS_MAX_EXAMPLES examples per operation (default 15),
derandomized so a failure reproduces.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from tests.factories import make_user

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def admin_token(app, demo):
    with app.app_context():
        user = make_user(role="admin")
        _, plain = create_api_token(user, "schemathesis")
        db.session.commit()
    return plain


def _published_spec() -> dict:
    """The OpenAPI document as the app serves it (it depends on the code, not on the data)."""
    from eventsvc import create_app

    spec_app = create_app("testing", DATABASE_URL="sqlite://")
    return spec_app.test_client().get("/api/v1/openapi.json").get_json()


# Loaded at collection so pytest sees one test per operation; requests go to the test app.
schema = schemathesis.openapi.from_dict(_published_spec())

# Random slugs would only ever meet 404s; point path parameters at the demo's real objects so
# the generated queries and bodies reach the code behind them.
DEMO_PATH = {
    "event": "zgc-forum-2024",
    "slug": "zgc-forum-2024",
    "forum": "science-diplomacy",
    "room": "forum-hall",
    "speaker": "chen-jiachang",
    "session": "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001",
    "session_uid": "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001",
    "uid": "6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001",
    "organization": "most",
}


@schema.hook("map_path_parameters")
def _demo_objects(context, path_parameters):
    if not path_parameters:
        return path_parameters
    return {name: DEMO_PATH.get(name, value) for name, value in path_parameters.items()}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_operation_never_fails_and_fits_its_schema(case, app, admin_token):
    # schemathesis sends requests' default Accept-Encoding (gzip) but its WSGI transport does
    # not decode the answer: ask for the body as it is (compression: tests/web/test_compression.py).
    headers = {"Authorization": f"Bearer {admin_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)
