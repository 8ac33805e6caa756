"""The c3voc schemas: read from ../shared/interop beside the repository, never copied into it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
INTEROP = REPO_ROOT.parent / "shared" / "interop"


def _interop_file(name: str) -> Path:
    path = INTEROP / name
    if not path.is_file():
        reason = (
            f"the c3voc schema {name} is absent: it is read from ../shared/interop beside the "
            "repository (the schemas are not ours to commit)"
        )
        if os.environ.get("EVENTSVC_REQUIRE_ALL_TESTS") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def xml_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(_interop_file("schedule.xml.xsd"))))


@pytest.fixture(scope="session")
def json_validator():
    import jsonschema

    schema = json.loads(_interop_file("schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="session")
def json2_validator():
    import jsonschema

    schema = json.loads(_interop_file("schema2.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)
