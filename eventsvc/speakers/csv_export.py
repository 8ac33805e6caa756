"""The speaker list as CSV for badges and protocol: protocol order, both scripts.

Columns: protocol_rank; name_en, name_zh (names as shown, each in its own order);
addressed_en, addressed_zh (with the honorific where each language puts it: "Prof. Wang
Yifang", 王贻芳教授); position_en, position_zh (title and affiliation as each language joins
them: "Vice Minister, MOST", 科学技术部副部长); then every column of the import (see
csv_import), so an edited export can be imported again.
UTF-8 with a byte-order mark, which Excel needs to read Chinese correctly.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which some
strip first) as a formula; such cells are written with a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agenda import names as shown
from ..events.models import Event
from ..extensions import db
from ..i18n import pick
from .csv_import import COLUMNS, EXPORT_ONLY
from .models import Speaker

HEADER = EXPORT_ONLY + COLUMNS
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
        writer.writerow([neutralise(str(v)) for v in _row(rank, speaker, event.default_language)])
    return "\ufeff" + out.getvalue()


def _row(rank: int, speaker: Speaker, default_language: str) -> list:
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
