"""The speaker list as CSV for badges and protocol: protocol order, both scripts.

Columns: protocol_rank, name_en, name_zh (names as shown, each in its own order), then
every column of the import (see csv_import), so an edited export can be imported again.
UTF-8 with a byte-order mark, which Excel needs to read Chinese correctly.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which some
strip first) as a formula; such cells are written with a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agenda.names import display_name
from ..events.models import Event
from ..extensions import db
from .csv_import import COLUMNS
from .models import Speaker

HEADER = ("protocol_rank", "name_en", "name_zh") + COLUMNS
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def export_speakers(event: Event) -> str:
    """Every speaker of event in protocol order (precedence, then family name): three queries."""
    speakers = (
        db.session.scalars(
            select(Speaker)
            .where(Speaker.event_id == event.id)
            .options(joinedload(Speaker.organization))
            .order_by(
                Speaker.precedence.is_(None), Speaker.precedence, Speaker.sort_name, Speaker.id
            )
        )
        .unique()
        .all()
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for rank, speaker in enumerate(speakers, start=1):
        writer.writerow([neutralise(str(v)) for v in _row(rank, speaker)])
    return "\ufeff" + out.getvalue()


def _row(rank: int, speaker: Speaker) -> list:
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
        "name_en": display_name(as_dict, "en"),
        "name_zh": display_name(as_dict, "zh") if han else "",
        "email": speaker.email,
        "family_name": latin.family if latin else "",
        "given_name": latin.given if latin else "",
        "name_order": ("family_first" if latin.family_first else "given_first") if latin else "",
        "family_name_zh": han.family if han else "",
        "given_name_zh": han.given if han else "",
        "organization": speaker.organization.slug if speaker.organization else "",
        "country": speaker.country,
        "phone": speaker.phone,
        "photo_url": speaker.photo_url,
        "precedence": speaker.precedence,
    }
    for field in ("honorific", "title", "affiliation", "bio"):
        for lang in ("en", "zh"):
            cells[f"{field}_{lang}"] = (getattr(speaker, field) or {}).get(lang, "")
    return ["" if cells[c] is None else cells[c] for c in HEADER]
