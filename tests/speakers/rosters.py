"""Rosters as offices send them, built here from one table: .xlsx, GB18030, UTF-16, UTF-8."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from eventsvc.extensions import db
from eventsvc.speakers.models import Speaker

ENGLISH = ["name", "name_en", "affiliation", "title", "honorific", "email", "phone", "country"]
CHINESE = ["姓名", "英文名", "单位", "职务", "职称", "邮箱", "电话", "国家/地区"]
ROWS = [
    [
        "陈家昌",
        "Chen Jiachang",
        "中关村论坛",
        "秘书长",
        "教授",
        "chen@example.org",
        "+86 10 1",
        "CN",
    ],
    ["法比奥拉·贾诺蒂", "Fabiola Gianotti", "CERN", "Director-General", "Dr.", "", "", "意大利"],
    ["", "Orakanoke Phanraksa", "NSTDA", "Executive Director", "", "", "", "th"],
]
# The speakers these rows become, field by field.
SAVED = [
    {
        "names": [
            ("Latn", "Chen", "Jiachang", True),
            ("Hans", "陈", "家昌", True),
        ],
        "affiliation": {"zh": "中关村论坛"},
        "title": {"zh": "秘书长"},
        "honorific": {"zh": "教授"},
        "email": "chen@example.org",
        "phone": "+86 10 1",
        "country": "CN",
    },
    {
        "names": [
            ("Latn", "Gianotti", "Fabiola", False),
            ("Hans", "贾诺蒂", "法比奥拉", False),
        ],
        "affiliation": {"en": "CERN"},
        "title": {"en": "Director-General"},
        "honorific": {"en": "Dr."},
        "email": None,
        "phone": None,
        "country": "IT",
    },
    {
        "names": [("Latn", "Phanraksa", "Orakanoke", False)],
        "affiliation": {"en": "NSTDA"},
        "title": {"en": "Executive Director"},
        "honorific": None,
        "email": None,
        "phone": None,
        "country": "TH",
    },
]


def _csv(header, rows, delimiter=",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue()


def xlsx(header=ENGLISH, rows=ROWS) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([cell or None for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def gb18030(header=CHINESE, rows=ROWS) -> bytes:
    return _csv(header, rows).encode("gb18030")


def utf16(header=ENGLISH, rows=ROWS) -> bytes:
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated.
    return _csv(header, rows, delimiter="\t").encode("utf-16")


def utf8_bom(header=ENGLISH, rows=ROWS) -> bytes:
    return _csv(header, rows).encode("utf-8-sig")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"xlsx": xlsx, "gb18030": gb18030, "utf16": utf16, "utf8_bom": utf8_bom}


def saved_speakers(event) -> list[dict]:
    """The event's speakers as SAVED describes them, in the order they were created."""
    speakers = db.session.scalars(
        db.select(Speaker).where(Speaker.event_id == event.id).order_by(Speaker.id)
    )
    return [
        {
            "names": [(n.script, n.family, n.given, n.family_first) for n in s.names],
            "affiliation": s.affiliation,
            "title": s.title,
            "honorific": s.honorific,
            "email": s.email,
            "phone": s.phone,
            "country": s.country,
        }
        for s in speakers
    ]
