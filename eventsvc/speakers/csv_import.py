"""Bulk registration of speakers from a roster (.xlsx or CSV), with a dry run.

The file is read as spreadsheet.py says (.xlsx, or CSV in UTF-8, UTF-16 or GB18030); its
header row names its columns, in English or Chinese, in any order (columns.py; the README
has the table). A column left out of the header is left alone on existing speakers, while
an empty cell in a column that is present clears that field. A speaker needs a name; the
email is optional.

Every row is checked field by field and reported with every error it has. Rows are matched
(matching.py) with the event's speakers and with earlier rows of the file; a matched row is
imported only as staff choose: update a matched speaker, create a new one, or skip. Only a
match on email with one speaker of the event and nothing else is updated without a choice,
as re-importing an edited export expects. A real import writes every row or, if any row
has an error or lacks a choice, none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as attribute

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from ..audit import services as audit
from ..errors import ValidationError
from ..events.models import Event, Organization
from ..extensions import db
from ..storable import MAX_LENGTH
from ..text import slugify
from . import services
from .columns import (
    COLUMNS,
    EXPORT_ONLY,
    NAME_COLUMNS,
    SPLIT_COLUMNS,
    UNSUFFIXED_TEXT,
    accepted_headers,
    column_for,
)
from .countries import country_code
from .matching import EMAIL, Finder, Match
from .models import Registration, Speaker
from .name_parts import is_chinese, split_chinese, split_latin
from .spreadsheet import read_rows

NAME_ORDERS = {"family_first": True, "given_first": False, "": False}
MAX_ROWS = 5000
CREATE, SKIP, UPDATE = "create", "skip", "update"


@dataclass
class RowError:
    column: str  # as the file's header names it
    field: str  # the column it stands for (columns.py)
    reason: str  # lazy: shown in the language of the page or answer


@dataclass
class RowOutcome:
    line: int
    # created, updated, skipped, unresolved (matched, no choice made yet) or error
    outcome: str
    email: str = ""
    errors: list[RowError] = attribute(default_factory=list)
    matches: list[Match] = attribute(default_factory=list)
    choice: str | None = None
    # The row as it will be saved (unsaved; None for a row with errors), and the speaker
    # it became once imported.
    preview: Speaker | None = None
    speaker: Speaker | None = None
    values: dict | None = None

    @property
    def field(self) -> str | None:
        return self.errors[0].field if self.errors else None

    @property
    def reason(self) -> str | None:
        return str(self.errors[0].reason) if self.errors else None


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowOutcome] = attribute(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0 and self.count("unresolved") == 0

    def in_review_order(self) -> list[RowOutcome]:
        """Rows with errors first, then rows awaiting a choice, then the rest, each by line."""
        rank = {"error": 0, "unresolved": 1}
        return sorted(self.rows, key=lambda r: (rank.get(r.outcome, 2), r.line))


def template() -> str:
    """The header row, for staff to fill in."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(SPLIT_COLUMNS)
    return out.getvalue()


def import_speakers(
    event: Event,
    data: bytes,
    actor=None,
    dry_run: bool = False,
    choices: dict[int, str] | None = None,
) -> ImportReport:
    """Check every row; unless dry_run or a row failed, create, update and skip as chosen.

    choices: line -> "create", "skip", "update" (the one matched speaker) or "update:TARGET"
    (a matched speaker's slug, or "line-N" for the speaker an earlier row becomes).
    Raises ValidationError for a file that cannot be read at all (encoding, header, size).
    Four queries (event, speakers, their names, organizations) whatever the number of rows.
    """
    header, records = read_rows(data)
    columns = _columns(header)
    if len(records) > MAX_ROWS:
        raise ValidationError(
            _l("at most %(rows)d rows per file", rows=MAX_ROWS), {"file": "too many rows"}
        )
    speakers = db.session.scalars(select(Speaker).where(Speaker.event_id == event.id)).all()
    orgs = {
        o.slug: o
        for o in db.session.scalars(select(Organization).where(Organization.event_id == event.id))
    }
    finder = Finder()
    for speaker in speakers:
        finder.add(speaker, speaker.email, _name_dicts(speaker))
    report, choices = ImportReport(dry_run=dry_run), choices or {}
    skipped: set[str] = set()
    for line, record in records:
        row = _check(event, line, record, header, columns, orgs)
        if row.values is not None:  # a row without errors
            names = row.values["names"]
            row.matches = finder.find(row.email, names)
            _choose(row, choices.get(line), skipped)
            finder.add(line, row.email, names)
        if row.outcome == "skipped":
            skipped.add(f"line-{line}")
        report.rows.append(row)
    if dry_run or not report.ok:
        return report
    _write(event, report, speakers, actor)
    return report


def _columns(header: list[str]) -> list[str]:
    if not any(header):
        raise ValidationError(
            _l("the file is empty; start from the template"), {"header": "missing"}
        )
    found = [column_for(h) for h in header]
    columns = [c for c in found if c is not None]
    unknown = [h for h, c in zip(header, found, strict=True) if c is None]
    if unknown:
        raise ValidationError(
            _l(
                "unknown column(s): %(unknown)s; the columns are: %(known)s",
                unknown=", ".join(unknown),
                known=", ".join(accepted_headers()),
            ),
            {"header": "unknown column"},
        )
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        raise ValidationError(
            _l("column(s) named twice: %(columns)s", columns=", ".join(duplicates)),
            {"header": "duplicate"},
        )
    if not set(NAME_COLUMNS) & set(columns):
        raise ValidationError(
            _l("the header needs a name column: %(columns)s", columns=", ".join(NAME_COLUMNS)),
            {"header": "missing column"},
        )
    return columns


def _name_dicts(speaker: Speaker) -> list[dict]:
    return [
        {"script": n.script, "family": n.family, "given": n.given, "family_first": n.family_first}
        for n in speaker.names
    ]


def _check(
    event: Event,
    line: int,
    record: list[str],
    header: list[str],
    columns: list[str],
    orgs: dict[str, Organization],
) -> RowOutcome:
    # Spreadsheets drop trailing empty cells; missing cells are empty ones.
    cells = record + [""] * (len(columns) - len(record))
    cell = {c: (v or "").strip() for c, v in zip(columns, cells, strict=False) if c in COLUMNS}
    shown = {c: h for h, c in zip(header, columns, strict=True)}
    row = RowOutcome(line, "error", email=cell.get("email", "").lower())
    if len(record) > len(columns) and any(v.strip() for v in record[len(columns) :]):
        row.errors.append(
            RowError(
                "",
                "",
                _l(
                    "%(cells)d cells but %(columns)d columns",
                    cells=len(record),
                    columns=len(columns),
                ),
            )
        )
    values = _values(
        cell, orgs, lambda f, reason: row.errors.append(RowError(shown.get(f, f), f, reason))
    )
    if row.errors:
        return row
    preview = Speaker(event_id=event.id)
    try:
        # What the speaker services would refuse that the checks above let through.
        services.apply_fields(preview, event, values)
    except ValidationError as exc:
        column = next(iter(exc.fields), "")
        row.errors.append(RowError(shown.get(column, column), column, exc.message))
        return row
    row.outcome, row.preview, row.values = "created", preview, values
    return row


def _values(cell: dict, orgs: dict[str, Organization], error: Callable[[str, str], None]) -> dict:
    """The row as the speaker services' input, only for the columns the file has; each
    problem is passed to error(column, reason), so a row reports all of them."""
    values: dict = {}
    for name in UNSUFFIXED_TEXT:
        texts = {}
        if name in cell and cell[name]:
            texts["zh" if is_chinese(cell[name]) else "en"] = cell[name]
        for lang in ("en", "zh"):
            if cell.get(f"{name}_{lang}"):
                texts[lang] = cell[f"{name}_{lang}"]
        if any(c in cell for c in (name, f"{name}_en", f"{name}_zh")):
            values[name] = texts or None
    if "email" in cell:
        email = cell["email"].lower()
        if email and not services.EMAIL_PATTERN.match(email):
            error("email", _l("%(value)s is not an email address (name@example.org)", value=email))
        values["email"] = email
    if "country" in cell:
        code = country_code(cell["country"])
        if cell["country"] and code is None:
            error(
                "country",
                _l(
                    "%(value)s is not a country: use a two-letter code such as CN, or a name "
                    "such as 中国 or China",
                    value=cell["country"],
                ),
            )
        values["country"] = code
    if "precedence" in cell:
        rank = cell["precedence"]
        if rank and not (rank.isascii() and rank.isdigit() and int(rank) < 2**31):
            error(
                "precedence",
                _l("%(value)s is not a rank: use a whole number, 0 or more", value=rank),
            )
        values["precedence"] = rank
    if "registration" in cell:
        state = cell["registration"].lower()
        if state and state not in {r.value for r in Registration}:
            error(
                "registration",
                _l(
                    "%(value)s is not a registration state: use invited, confirmed, declined or "
                    "withdrawn",
                    value=cell["registration"],
                ),
            )
        values["registration"] = state or Registration.INVITED.value
    for column in ("phone", "photo_url"):
        if column in cell:
            if len(cell[column]) > (limit := MAX_LENGTH[column]):
                error(column, _l("longer than %(limit)d characters", limit=limit))
            values[column] = cell[column]
    if "organization" in cell:
        slug = cell["organization"]
        if slug and slug not in orgs:
            error(
                "organization",
                _l(
                    "no organization %(value)s in this event: use the slug of one of: %(slugs)s",
                    value=slug,
                    slugs=", ".join(sorted(orgs)) or "—",
                ),
            )
        values["organization_id"] = orgs[slug].id if slug in orgs else None
    names = _names(cell, error)
    if names:
        values["names"] = names
    return values


def _names(cell: dict, error) -> list[dict]:
    order = cell.get("name_order", "").lower()
    if order not in NAME_ORDERS:
        error("name_order", _l("%(value)s: use family_first or given_first", value=order))
    # A name in characters is family first unless it is a foreign name written in them.
    order_zh = cell.get("name_order_zh", "").lower() or "family_first"
    if order_zh not in NAME_ORDERS:
        error("name_order_zh", _l("%(value)s: use family_first or given_first", value=order_zh))
    chinese = latin = None
    if cell.get("family_name_zh") or cell.get("given_name_zh"):
        chinese = {
            "script": "Hans",
            "family": cell.get("family_name_zh", ""),
            "given": cell.get("given_name_zh", ""),
            "family_first": NAME_ORDERS.get(order_zh, True),
        }
    if cell.get("family_name") or cell.get("given_name"):
        latin = {
            "script": "Latn",
            "family": cell.get("family_name", ""),
            "given": cell.get("given_name", ""),
            "family_first": NAME_ORDERS.get(order, False),
        }
    whole = cell.get("name", "")
    if whole and is_chinese(whole):
        chinese = chinese or split_chinese(whole)
    elif whole:
        latin = latin or split_latin(whole, chinese)
    if cell.get("name_en"):
        latin = latin or split_latin(cell["name_en"], chinese)
    names = [n for n in (latin, chinese) if n is not None]
    if not names:
        column = next((c for c in NAME_COLUMNS if c in cell), "name")
        error(column, _l("a speaker needs a name (姓名, or family_name and given_name)"))
    for name in names:
        limit = MAX_LENGTH["family"]
        if len(name["family"]) > limit or len(name["given"]) > limit:
            error(
                "name" if "name" in cell else "family_name",
                _l("a name is longer than %(limit)d characters", limit=limit),
            )
    return names


def _choose(row: RowOutcome, choice: str | None, skipped: set[str]) -> None:
    """Settle what the row does: its choice if valid, else update the one speaker whose
    email alone it matches, else it awaits a choice. An earlier row that is skipped
    becomes no speaker, so it cannot be updated."""
    targets = {m.target: m for m in row.matches if m.target not in skipped}
    if choice is None and len(row.matches) == 1:
        only = row.matches[0]
        if only.speaker is not None and EMAIL in only.reasons:
            choice = f"{UPDATE}:{only.target}"
    if choice is None:
        row.outcome = "unresolved" if row.matches else "created"
        return
    if choice == UPDATE and len(row.matches) == 1:
        choice = f"{UPDATE}:{row.matches[0].target}"
    action, _, target = choice.partition(":")
    if action == CREATE and not target or action == SKIP and not target:
        row.choice, row.outcome = action, {"create": "created", "skip": "skipped"}[action]
        return
    if action == UPDATE and target in targets:
        row.choice, row.outcome = choice, "updated"
        row.speaker = targets[target].speaker
        return
    accepted = ", ".join([CREATE, SKIP] + [f"{UPDATE}:{t}" for t in targets])
    row.errors.append(
        RowError(
            "",
            "choice",
            _l(
                "%(value)s is not a choice for this row: use %(accepted)s",
                value=choice,
                accepted=accepted,
            ),
        )
    )
    row.outcome = "error"


def _write(event: Event, report: ImportReport, speakers: Sequence[Speaker], actor) -> None:
    """Create and update, each change in the audit trail like a single edit's."""
    taken = {s.slug for s in speakers}
    by_line: dict[int, Speaker] = {}
    created, touched = [], {}
    for row in report.rows:
        if row.outcome == "skipped" or row.values is None:
            continue  # values is None only in a row with errors, and report.ok has none
        target = row.choice.partition(":")[2] if row.choice else ""
        if target.startswith("line-"):
            row.speaker = by_line.get(int(target[5:]))
        speaker = row.speaker or Speaker(event_id=event.id)
        fresh = speaker.id is None
        if not fresh and speaker not in touched:
            touched[speaker] = services.speaker_state(speaker)
        services.apply_fields(speaker, event, row.values)
        if row.speaker is None:
            speaker.slug = _free_slug(
                taken, slugify(services.display_latin(speaker.names), "speaker")
            )
            created.append(speaker)
            row.speaker = speaker
        by_line[row.line] = speaker
    for speaker, before in touched.items():
        if changed := audit.diff(before, services.speaker_state(speaker)):
            # The version (the ETag) must move when only the names changed, too.
            flag_modified(speaker, "sort_name")
            _record(event, actor, "updated", speaker, changed)
    db.session.add_all(created)
    db.session.flush()
    for speaker in created:
        _record(event, actor, "created", speaker, audit.diff({}, services.speaker_state(speaker)))
    audit.imported(
        event.id,
        actor,
        "speakers",
        {
            "speakers_created": len(created),
            "speakers_updated": report.count("updated"),
            "speakers_skipped": report.count("skipped"),
        },
    )


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


__all__ = ["COLUMNS", "EXPORT_ONLY", "ImportReport", "RowOutcome", "import_speakers", "template"]
