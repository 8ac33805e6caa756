"""Bulk registration of speakers from a CSV file, with a dry run.

The file is UTF-8 (with or without the byte-order mark Excel writes), comma-separated,
with a header row naming its columns in any order. Only `email` and at least one name
are required; a column left out of the header is left alone on existing speakers, while
an empty cell in a column that is present clears that field.

| column          | meaning                                                              |
| --------------- | -------------------------------------------------------------------- |
| email           | required; a re-import finds the speaker by it (case-insensitive)     |
| family_name     | family name in Latin script                                          |
| given_name      | given name in Latin script                                           |
| name_order      | family_first (Chen Jiachang) or given_first (Anna Schmidt, default)  |
| family_name_zh  | family name in Chinese characters (written family first)             |
| given_name_zh   | given name in Chinese characters                                     |
| name_order_zh   | family_first (陈家昌, default) or given_first: a foreign name written |
|                 | in characters, shown given name first with a middle dot (法比奥拉·贾诺蒂) |
| honorific_en, honorific_zh | Prof., Dr., 院士 ...                                      |
| title_en, title_zh         | position, e.g. "President"                                |
| affiliation_en, affiliation_zh | institution as shown                                  |
| organization    | slug of one of the event's organizations                             |
| country         | ISO 3166 two-letter code                                             |
| phone           | private, like email                                                  |
| photo_url       | a link to a portrait                                                 |
| precedence      | protocol rank, 0 or more, lower first; empty: after all ranked       |
| bio_en, bio_zh  | biography                                                            |

A speaker needs a name: family_name or given_name, or family_name_zh or given_name_zh.
The columns an export adds (protocol_rank, then the name and position as shown in each
language: name_en, name_zh, addressed_en, addressed_zh, position_en, position_zh) are accepted
and ignored,
so an exported file can be edited and imported again.

The report lists every data row by its line in the file (the header is line 1): created,
updated (the email matched a speaker of the event) or error with the column and reason.
A real import writes every row or, if any row has an error, none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from ..audit import services as audit
from ..errors import ValidationError
from ..events.models import Event, Organization
from ..extensions import db
from ..text import slugify
from . import services
from .models import Speaker

COLUMNS = (
    "email",
    "family_name",
    "given_name",
    "name_order",
    "family_name_zh",
    "given_name_zh",
    "name_order_zh",
    "honorific_en",
    "honorific_zh",
    "title_en",
    "title_zh",
    "affiliation_en",
    "affiliation_zh",
    "organization",
    "country",
    "phone",
    "photo_url",
    "precedence",
    "bio_en",
    "bio_zh",
)
EXPORT_ONLY = (
    "protocol_rank",
    "name_en",
    "name_zh",
    "addressed_en",
    "addressed_zh",
    "position_en",
    "position_zh",
)
REQUIRED = ("email",)
NAME_ORDERS = {"family_first": True, "given_first": False, "": False}
MAX_ROWS = 5000
_TEXT = {"honorific": "honorific", "title": "title", "affiliation": "affiliation", "bio": "bio"}
# Which CSV column to blame for an error a speaker service reports on one of its fields.
_BLAME = {
    "names": "family_name",
    "organization_id": "organization",
    "honorific": "honorific_en",
    "title": "title_en",
    "affiliation": "affiliation_en",
    "bio": "bio_en",
}


@dataclass
class RowOutcome:
    line: int
    outcome: str  # created, updated or error
    email: str = ""
    field: str | None = None
    reason: str | None = None
    speaker: Speaker | None = None


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0


def template() -> str:
    """The header row, for staff to fill in."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(COLUMNS)
    return out.getvalue()


def import_speakers(event: Event, data: bytes, actor=None, dry_run: bool = False) -> ImportReport:
    """Validate every row; unless dry_run or a row failed, create and update the speakers.

    Raises ValidationError for a file that cannot be read at all (encoding, header, size).
    Five queries and one flush whatever the number of rows.
    """
    header, records = _read(data)
    existing = {
        s.email: s
        for s in db.session.scalars(
            select(Speaker).where(Speaker.event_id == event.id, Speaker.email.is_not(None))
        )
    }
    orgs = {
        o.slug: o
        for o in db.session.scalars(select(Organization).where(Organization.event_id == event.id))
    }
    report, changes, seen = ImportReport(dry_run=dry_run), [], {}
    for line, record in records:
        outcome, values = _check(event, line, record, header, orgs, existing, seen)
        report.rows.append(outcome)
        changes.append((outcome, values))
    if dry_run or not report.ok:
        return report
    _write(event, changes, actor)
    return report


def _read(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "the file is not UTF-8 text; save it as CSV UTF-8", {"file": "not UTF-8"}
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        records, line = [], reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ValidationError(
            f"the file is not valid CSV near line {reader.line_num}: {exc}", {"file": "not CSV"}
        ) from exc
    _check_header(header)
    if len(records) > MAX_ROWS:
        raise ValidationError(f"at most {MAX_ROWS} rows per file", {"file": "too many rows"})
    return header, records


def _check_header(header: list[str]) -> None:
    if not any(header):
        raise ValidationError("the file is empty; start from the template", {"header": "missing"})
    unknown = [h for h in header if h not in COLUMNS and h not in EXPORT_ONLY]
    if unknown:
        raise ValidationError(
            f"unknown column(s): {', '.join(unknown)}", {"header": "unknown column"}
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing or not {"family_name", "given_name", "family_name_zh", "given_name_zh"} & set(
        header
    ):
        raise ValidationError(
            "the header needs email and name columns", {"header": "missing column"}
        )
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise ValidationError(
            f"column(s) named twice: {', '.join(duplicates)}", {"header": "duplicate"}
        )


def _check(event, line, record, header, orgs, existing, seen) -> tuple[RowOutcome, dict | None]:
    # Spreadsheets drop trailing empty cells; missing cells are empty ones.
    row = dict(zip(header, record + [""] * (len(header) - len(record)), strict=False))
    email = (row.get("email") or "").strip().lower()
    try:
        if len(record) > len(header):
            raise ValidationError("", {"": f"{len(record)} cells but {len(header)} columns"})
        values = _values(row, orgs)
        if not email:
            raise ValidationError("", {"email": "required"})
        if email in seen:
            raise ValidationError("", {"email": f"also on line {seen[email]}"})
        # Validated on a scratch speaker, so a dry run or a failed import touches nothing.
        services.apply_fields(Speaker(event_id=event.id), event, values)
    except ValidationError as exc:
        column, reason = next(iter(exc.fields.items())) if exc.fields else ("", exc.message)
        return RowOutcome(
            line, "error", email, _BLAME.get(column, column) or None, reason or exc.message
        ), None
    seen[email] = line
    outcome = "updated" if email in existing else "created"
    return RowOutcome(line, outcome, email, speaker=existing.get(email)), values


def _values(row: dict, orgs: dict[str, Organization]) -> dict:
    """The row as the speaker services' input, only for the columns the file has."""
    cell = {k: (v or "").strip() for k, v in row.items() if k in COLUMNS}
    values: dict = {}
    for name, prefix in _TEXT.items():
        langs = {
            lang: cell[f"{prefix}_{lang}"] for lang in ("en", "zh") if f"{prefix}_{lang}" in cell
        }
        if langs:
            values[name] = {k: v for k, v in langs.items() if v} or None
    for column in ("email", "country", "phone", "photo_url", "precedence"):
        if column in cell:
            values[column] = cell[column]
    if "organization" in cell:
        slug = cell["organization"]
        if slug and slug not in orgs:
            raise ValidationError("", {"organization": f"no organization {slug!r} in this event"})
        values["organization_id"] = orgs[slug].id if slug else None
    values["names"] = _names(cell)
    return values


def _names(cell: dict) -> list[dict]:
    order = cell.get("name_order", "").lower()
    if order not in NAME_ORDERS:
        raise ValidationError("", {"name_order": "must be family_first or given_first"})
    # A name in characters is family first unless it is a foreign name written in them.
    order_zh = cell.get("name_order_zh", "").lower() or "family_first"
    if order_zh not in NAME_ORDERS:
        raise ValidationError("", {"name_order_zh": "must be family_first or given_first"})
    names = []
    if cell.get("family_name") or cell.get("given_name"):
        names.append(
            {
                "script": "Latn",
                "family": cell.get("family_name", ""),
                "given": cell.get("given_name", ""),
                "family_first": NAME_ORDERS[order],
            }
        )
    if cell.get("family_name_zh") or cell.get("given_name_zh"):
        names.append(
            {
                "script": "Hans",
                "family": cell.get("family_name_zh", ""),
                "given": cell.get("given_name_zh", ""),
                "family_first": NAME_ORDERS[order_zh],
            }
        )
    if not names:
        raise ValidationError("", {"family_name": "a speaker needs a name"})
    return names


def _write(event: Event, changes: list, actor) -> None:
    """Create and update, each change in the audit trail like a single edit's."""
    taken = set(db.session.scalars(select(Speaker.slug).where(Speaker.event_id == event.id)))
    created = []
    for outcome, values in changes:
        speaker = outcome.speaker or Speaker(event_id=event.id)
        before = services.speaker_state(speaker) if outcome.speaker is not None else None
        services.apply_fields(speaker, event, values)
        if outcome.speaker is None:
            speaker.slug = _free_slug(
                taken, slugify(services.display_latin(speaker.names), "speaker")
            )
            created.append(speaker)
            outcome.speaker = speaker
        elif changed := audit.diff(before, services.speaker_state(speaker)):
            # The version (the ETag) must move when only the names changed, too.
            flag_modified(speaker, "sort_name")
            _record(event, actor, "updated", speaker, changed)
    db.session.add_all(created)
    db.session.flush()
    for speaker in created:
        _record(event, actor, "created", speaker, audit.diff({}, services.speaker_state(speaker)))


def _record(event: Event, actor, action: str, speaker: Speaker, changes: list[dict]) -> None:
    audit.record(
        event.id,
        actor,
        action,
        "speaker",
        speaker.slug,
        services.display_latin(speaker.names),
        changes,
    )


def _free_slug(taken: set[str], base: str) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
