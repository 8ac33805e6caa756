"""The c3voc schemas are read from ../shared/interop; skipped if absent unless CI requires them."""

from __future__ import annotations

import pytest

from . import conftest


def test_missing_schema_skips_with_a_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "INTEROP", tmp_path)
    monkeypatch.delenv("EVENTSVC_REQUIRE_ALL_TESTS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="the c3voc schema schema.json is absent"):
        conftest._interop_file("schema.json")


def test_missing_schema_fails_when_all_tests_are_required(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "INTEROP", tmp_path)
    monkeypatch.setenv("EVENTSVC_REQUIRE_ALL_TESTS", "true")
    with pytest.raises(pytest.fail.Exception, match="the c3voc schema schedule.xml.xsd is absent"):
        conftest._interop_file("schedule.xml.xsd")
