"""The speaker list for badges, seating and protocol, as CSV or .xlsx: protocol order, both
scripts, registration and check-in state; the whole event, or the speakers of one day.

Columns: protocol_rank; name_en, name_zh (names as shown, each in its own order);
addressed_en, addressed_zh (with the honorific where each language puts it: "Prof. Wang
Yifang", 王贻芳教授); position_en, position_zh (title and affiliation as each language joins
them: "Vice Minister, MOST", 科学技术部副部长); then the columns of the import template (see
columns.py), so an edited export can be imported again; then arrived_at (local time) and
checked_in_by. The CSV is UTF-8 with a byte-order mark,
which Excel needs to read Chinese correctly.

Spreadsheets run a CSV cell that starts with = + - @ (or a tab or carriage return, which
some strip first) as a formula; such cells are written with a leading apostrophe (OWASP's
advice). In the .xlsx every cell is typed, so text is text whatever it starts with.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agenda import names as shown
from ..auth.models import User
from ..events.models import Event
from ..extensions import db
from ..i18n import pick
from ..sessions import times
from ..sessions.models import Appearance, Talk
from .columns import SPLIT_COLUMNS
from .models import Speaker

HEADER = (
    "protocol_rank",
    "name_en",
    "name_zh",
    "addressed_en",
    "addressed_zh",
    "position_en",
    "position_zh",
    *SPLIT_COLUMNS,
    "arrived_at",
    "checked_in_by",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def speakers_in_order(event: Event, day: date | None = None) -> Sequence[Speaker]:
    """The event's speakers (or those in a session of day) in protocol order: three queries."""
    query = (
        select(Speaker)
        .where(Speaker.event_id == event.id)
        .options(joinedload(Speaker.organization))
        .order_by(Speaker.precedence.is_(None), Speaker.precedence, Speaker.sort_name, Speaker.id)
    )
    if day is not None:
        start, end = times.day_bounds(day, event.zone)
        query = query.where(
            Speaker.id.in_(
                select(Appearance.speaker_id)
                .join(Talk, Talk.id == Appearance.session_id)
                .where(Talk.event_id == event.id, Talk.start_at >= start, Talk.start_at < end)
            )
        )
    return db.session.scalars(query).unique().all()


def table(event: Event, day: date | None = None) -> list[list]:
    """The header, then a row per speaker; numbers stay numbers, absent values are ""."""
    speakers = speakers_in_order(event, day)
    ids = {s.arrived_by_id for s in speakers if s.arrived_by_id is not None}
    who = (
        dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    zone = ZoneInfo(event.timezone)
    return [list(HEADER)] + [
        _row(rank, speaker, who, zone, event.default_language)
        for rank, speaker in enumerate(speakers, start=1)
    ]


def export_speakers(event: Event, day: date | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in table(event, day):
        writer.writerow([neutralise(str(v)) for v in row])
    return "\ufeff" + out.getvalue()


def export_speakers_xlsx(event: Event, day: date | None = None) -> bytes:
    # Imported on first use: only staff exporting a workbook need it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("speakers")
    for row in table(event, day):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Typed as text: openpyxl would otherwise store "=..." as a formula.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(rank: int, speaker: Speaker, who: dict, zone: ZoneInfo, default_language: str) -> list:
    names = {n.script: n for n in speaker.names}
    latin, han = names.get("Latn"), names.get("Hans")
    as_dict = {
        "names": [
            {
                "script": n.script,
                "family": n.family,
                "given": n.given,
                "family_first": n.family_first,
            }
            for n in speaker.names
        ]
    }
    cells = {
        "protocol_rank": rank,
        "name_en": shown.display_name(as_dict, "en"),
        "name_zh": shown.display_name(as_dict, "zh") if han else "",
        "email": speaker.email,
        "family_name": latin.family if latin else "",
        "given_name": latin.given if latin else "",
        "name_order": ("family_first" if latin.family_first else "given_first") if latin else "",
        "family_name_zh": han.family if han else "",
        "given_name_zh": han.given if han else "",
        "name_order_zh": ("family_first" if han.family_first else "given_first") if han else "",
        "organization": speaker.organization.slug if speaker.organization else "",
        "country": speaker.country,
        "phone": speaker.phone,
        "photo_url": speaker.photo_url,
        "precedence": speaker.precedence,
        "registration": speaker.registration.value,
        "arrived_at": (
            speaker.arrived_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            if speaker.arrived_at
            else ""
        ),
        "checked_in_by": who.get(speaker.arrived_by_id, ""),
    }
    for field in ("honorific", "title", "affiliation", "bio"):
        for lang in ("en", "zh"):
            cells[f"{field}_{lang}"] = (getattr(speaker, field) or {}).get(lang, "")
    for lang in ("en", "zh"):
        name = cells[f"name_{lang}"]
        honorific = shown.honorific(speaker.honorific, lang, default_language)
        cells[f"addressed_{lang}"] = shown.addressed(str(name), honorific, lang) if name else ""
        cells[f"position_{lang}"] = shown.position(
            pick(speaker.title, lang, default_language),
            pick(speaker.affiliation, lang, default_language),
            lang,
        )
    return ["" if cells[c] is None else cells[c] for c in HEADER]
