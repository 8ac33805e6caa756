"""The speaker CSV writes names and positions as each language shows them."""

import csv
import io

from eventsvc.speakers.csv_export import export_speakers
from eventsvc.speakers.csv_import import import_speakers
from tests.factories import make_event, make_speaker


def _rows(event) -> list[dict]:
    return list(csv.DictReader(io.StringIO(export_speakers(event).removeprefix("\ufeff"))))


def _wang(event):
    return make_speaker(
        event,
        names=[
            {"script": "Latn", "family": "Wang", "given": "Yifang", "family_first": True},
            {"script": "Hans", "family": "王", "given": "贻芳", "family_first": True},
        ],
        honorific={"en": "Prof.", "zh": "教授"},
        title={"en": "Vice Minister", "zh": "副部长"},
        affiliation={"en": "Ministry of Science and Technology", "zh": "科学技术部"},
    )


def test_export_in_chinese_puts_honorific_after_name(ctx):
    event = make_event()
    _wang(event)
    (row,) = _rows(event)
    assert (row["addressed_en"], row["addressed_zh"]) == ("Prof. Wang Yifang", "王贻芳教授")


def test_export_in_chinese_puts_affiliation_before_title_without_comma(ctx):
    event = make_event()
    _wang(event)
    (row,) = _rows(event)
    assert (row["position_en"], row["position_zh"]) == (
        "Vice Minister, Ministry of Science and Technology",
        "科学技术部副部长",
    )


def test_export_in_chinese_never_shows_an_english_honorific(ctx):
    event = make_event()
    make_speaker(
        event,
        names=[{"script": "Hans", "family": "薛", "given": "澜", "family_first": True}],
        honorific={"en": "Prof."},
    )
    (row,) = _rows(event)
    assert row["addressed_zh"] == "薛澜"


def test_export_writes_foreign_name_in_characters_given_name_first_with_middle_dot(ctx):
    event = make_event()
    make_speaker(
        event,
        names=[
            {"script": "Latn", "family": "Gianotti", "given": "Fabiola"},
            {"script": "Hans", "family": "贾诺蒂", "given": "法比奥拉", "family_first": False},
        ],
    )
    (row,) = _rows(event)
    assert (row["name_zh"], row["name_order_zh"]) == ("法比奥拉·贾诺蒂", "given_first")


def test_import_of_given_first_chinese_name_round_trips_through_export(ctx):
    event = make_event()
    data = (
        "email,family_name,given_name,family_name_zh,given_name_zh,name_order_zh\r\n"
        "fg@example.org,Gianotti,Fabiola,贾诺蒂,法比奥拉,given_first\r\n"
    ).encode()
    assert import_speakers(event, data).ok
    (row,) = _rows(event)
    assert row["name_zh"] == "法比奥拉·贾诺蒂"


def test_import_of_unknown_chinese_name_order_names_the_column(ctx):
    event = make_event()
    data = (
        "email,family_name_zh,given_name_zh,name_order_zh\r\nfg@example.org,贾诺蒂,法比奥拉,sideways\r\n"
    ).encode()
    report = import_speakers(event, data, dry_run=True)
    assert [(r.outcome, r.field) for r in report.rows] == [("error", "name_order_zh")]


def test_import_of_chinese_name_defaults_to_family_first(ctx):
    event = make_event()
    data = "email,family_name_zh,given_name_zh\r\nxl@example.org,薛,澜\r\n".encode()
    assert import_speakers(event, data).ok
    (row,) = _rows(event)
    assert (row["name_zh"], row["name_order_zh"]) == ("薛澜", "family_first")
