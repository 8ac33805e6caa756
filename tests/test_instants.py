"""Instants as the API, snapshots and feeds write them: RFC 3339 in UTC."""

from datetime import UTC, datetime, timedelta, timezone

from eventsvc.db import utc_iso


def test_utc_iso_writes_four_digit_years():
    odd = timezone(timedelta(hours=6, minutes=2))
    assert utc_iso(datetime(267, 12, 27, 13, 26, 35, tzinfo=odd)) == "0267-12-27T07:24:35Z"


def test_utc_iso_drops_microseconds_and_converts_to_utc():
    shanghai = timezone(timedelta(hours=8))
    assert utc_iso(datetime(2024, 4, 26, 9, 0, 0, 999, tzinfo=shanghai)) == "2024-04-26T01:00:00Z"
    assert utc_iso(datetime(2024, 4, 26, 1, tzinfo=UTC)) == "2024-04-26T01:00:00Z"
