"""Bulk import of speakers from CSV, and the CSV export for badges and protocol."""

import csv
import io

import pytest
from sqlalchemy import func, select

from eventsvc.errors import ValidationError
from eventsvc.events.services import create_organization
from eventsvc.extensions import db
from eventsvc.speakers.columns import SPLIT_COLUMNS
from eventsvc.speakers.csv_export import export_speakers, neutralise
from eventsvc.speakers.csv_import import import_speakers, template
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_speaker

HEADER = (
    "email,family_name,given_name,name_order,family_name_zh,given_name_zh,"
    "title_en,organization,precedence\r\n"
)


def good_rows(n):
    return "".join(
        f"p{i}@example.org,Chen,Jia{i},family_first,陈,家{i},Professor,,{i}\r\n" for i in range(n)
    )


def _count():
    return db.session.scalar(select(func.count()).select_from(Speaker))


def _outcomes(report):
    return [(r.line, r.outcome, r.field) for r in report.rows]


def test_500_good_rows_and_one_bad_import_nothing_and_name_the_bad_row(ctx):
    event = make_event()
    data = (
        HEADER
        + good_rows(250)
        + "bad@example.org,Chen,Li,family_first,,,,,minus one\r\n"
        + good_rows(500)[len(good_rows(250)) :]
    ).encode()
    report = import_speakers(event, data)
    db.session.commit()
    assert [r for r in _outcomes(report) if r[1] == "error"] == [(252, "error", "precedence")]
    assert (report.count("created"), report.ok, _count()) == (500, False, 0)


def test_500_good_rows_create_500_speakers(ctx):
    event = make_event()
    report = import_speakers(event, (HEADER + good_rows(500)).encode())
    db.session.commit()
    assert (report.count("created"), report.count("updated"), _count()) == (500, 0, 500)
    speaker = db.session.scalar(select(Speaker).where(Speaker.email == "p7@example.org"))
    assert (
        [(n.script, n.family, n.given, n.family_first) for n in speaker.names],
        speaker.precedence,
        speaker.title,
    ) == ([("Latn", "Chen", "Jia7", True), ("Hans", "陈", "家7", True)], 7, {"en": "Professor"})


def test_importing_the_same_file_again_updates_and_creates_nothing(ctx, count_queries):
    event = make_event()
    data = (HEADER + good_rows(500)).encode()
    import_speakers(event, data)
    db.session.commit()
    slugs = set(db.session.scalars(select(Speaker.slug)))
    with count_queries() as counter:
        report = import_speakers(event, data.replace(b"Professor", b"Dean"))
    db.session.commit()
    assert (report.count("created"), report.count("updated"), _count()) == (0, 500, 500)
    assert set(db.session.scalars(select(Speaker.slug))) == slugs
    assert list(db.session.scalars(select(Speaker.title))) == [{"en": "Dean"}] * 500
    # Lookups are batched: the event (expired by the commit), speakers, their names,
    # organizations; only the changed rows are written one by one (their version is checked).
    assert sum(1 for s in counter.statements if s.startswith("SELECT")) == 4


def test_dry_run_reports_outcomes_and_writes_nothing(ctx):
    event = make_event()
    make_speaker(event, email="known@example.org")
    db.session.commit()
    data = (
        HEADER
        + "known@example.org,Doe,Jane,,,,,,\r\n"
        + "new@example.org,Roe,Rick,,,,,,\r\n"
        + "new@example.org,Roe,Rick,,,,,,\r\n"
        + "x@example.org,,,,,,,nowhere,\r\n"
        + "y@example.org,Li,Lei,backwards,,,,,\r\n"
        + ",Li,Lei,,,,,,\r\n"
    ).encode()
    report = import_speakers(event, data, dry_run=True)
    db.session.commit()
    assert _outcomes(report) == [
        (2, "updated", None),
        (3, "created", None),
        (4, "unresolved", None),
        (5, "error", "organization"),
        (6, "error", "name_order"),
        (7, "created", None),
    ]
    assert [(m.target, m.reasons) for m in report.rows[2].matches] == [
        ("line-3", ["email", "name"])
    ]
    assert _count() == 1
    assert db.session.scalar(select(Speaker)).names[0].family == "Doe"


def test_excel_byte_order_mark_and_quoted_multiline_cells_are_read(ctx):
    event = make_event()
    data = (
        '\ufeffemail,family_name,given_name,bio_en\r\na@example.org,Wu,Ann,"line one\nline two"\r\n'
        "b@example.org,Wu,Bo,\r\n"
    )
    report = import_speakers(event, data.encode("utf-8"))
    assert _outcomes(report) == [(2, "created", None), (4, "created", None)]
    assert report.rows[0].speaker.bio == {"en": "line one\nline two"}


def test_organization_is_found_by_slug(ctx):
    event = make_event()
    org = create_organization(event, {"slug": "cast", "name": "CAST"})
    report = import_speakers(event, b"email,family_name,organization\r\na@example.org,Wu,cast\r\n")
    assert report.rows[0].speaker.organization_id == org.id


@pytest.mark.parametrize(
    "data, field",
    [
        (b"\xff\xfeemail", "file"),
        (b"", "header"),
        (b"email,family_name,shoe_size\r\n", "header"),
        (b"email,phone\r\n", "header"),
        (b"email,email,family_name\r\n", "header"),
    ],
)
def test_unreadable_file_is_refused_as_a_whole(ctx, data, field):
    with pytest.raises(ValidationError) as refused:
        import_speakers(make_event(), data)
    assert list(refused.value.fields) == [field]


def test_template_is_the_documented_header(ctx):
    assert template() == ",".join(SPLIT_COLUMNS) + "\r\n"


def test_export_is_in_protocol_order_with_both_scripts(ctx):
    event = make_event()
    make_speaker(
        event,
        names=[
            {"script": "Latn", "family": "Zhang", "given": "Wei", "family_first": True},
            {"script": "Hans", "family": "张", "given": "伟", "family_first": True},
        ],
    )
    make_speaker(event, family="Adams", given="Ann")
    make_speaker(event, family="Young", given="Yan", precedence=1)
    rows = list(csv.DictReader(io.StringIO(export_speakers(event).removeprefix("\ufeff"))))
    assert [(r["protocol_rank"], r["name_en"], r["name_zh"]) for r in rows] == [
        ("1", "Yan Young", ""),
        ("2", "Ann Adams", ""),
        ("3", "Zhang Wei", "张伟"),
    ]


def test_export_neutralises_formulas(ctx):
    event = make_event()
    make_speaker(event, family='=HYPERLINK("x")', given="@SUM(1)", phone="+86 10 1234")
    text = export_speakers(event)
    row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert (row["family_name"], row["given_name"], row["phone"]) == (
        '\'=HYPERLINK("x")',
        "'@SUM(1)",
        "'+86 10 1234",
    )
    assert row["name_en"] == '\'@SUM(1) =HYPERLINK("x")'
    assert text.startswith("\ufeffprotocol_rank,")


@pytest.mark.parametrize(
    "cell, shown",
    [
        ("=1+1", "'=1+1"),
        ("-2", "'-2"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Chen", "Chen"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_formula_starts_only(cell, shown):
    assert neutralise(cell) == shown


def test_an_export_imports_again_unchanged(ctx):
    event = make_event()
    make_speaker(
        event, family="Li", given="Na", email="li@example.org", title={"en": "Dean", "zh": "院长"}
    )
    db.session.commit()
    report = import_speakers(event, export_speakers(event).encode("utf-8"))
    assert (_outcomes(report), report.rows[0].speaker.title) == (
        [(2, "updated", None)],
        {"en": "Dean", "zh": "院长"},
    )


@pytest.mark.parametrize(
    ("column", "value", "field", "reason"),
    [
        ("photo_url", "javascript:alert(1)", "photo_url", "must be an http:// or https:// address"),
        (
            "photo_url",
            "//example.org/li.jpg",
            "photo_url",
            "must be an http:// or https:// address",
        ),
        (
            "title_en",
            "Professor\x1b[2J",
            "title",
            "holds a character that cannot be stored (U+001B)",
        ),
        ("title_en", "P" * 301, "title", "longer than 300 characters"),
        ("family_name", "Chen\x00", "names", "holds a character that cannot be stored (U+0000)"),
    ],
)
def test_a_row_with_a_bad_link_or_unstorable_text_is_a_row_error(ctx, column, value, field, reason):
    event = make_event()
    cells = {"email": "li@example.org", "family_name": "Li", "given_name": "Lei", column: value}
    data = ",".join(cells) + "\r\n" + ",".join(cells.values()) + "\r\n"
    report = import_speakers(event, data.encode())
    (row,) = report.rows
    assert (row.outcome, [e.field for e in row.errors]) == ("error", [field])
    assert reason in str(row.errors[0].reason)
    assert _count() == 0
