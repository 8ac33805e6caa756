"""Reading a roster as offices send it: .xlsx, or CSV in whatever Excel saved it as.

The kind of file is told by its bytes, never asked: an .xlsx is a ZIP archive; a CSV is
UTF-8 (with or without the byte-order mark Excel writes for "CSV UTF-8"), UTF-16 (Excel's
"Unicode text", which is tab-separated and starts with a byte-order mark), or, failing UTF-8,
GB18030 (what Excel on Chinese Windows writes as plain "CSV"; GB18030 reads GBK and GB2312).
The separator of a CSV is a tab or a comma, whichever the header row has more of.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from ..errors import ValidationError

Rows = list[tuple[int, list[str]]]


def read_rows(data: bytes) -> tuple[list[str], Rows]:
    """The header row and each non-empty row after it, with its line (the header is line 1)."""
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(_decode(data))
    if not rows:
        return [], []
    (_, header), body = rows[0], rows[1:]
    return [h.strip() for h in header], [(n, r) for n, r in body if any(c.strip() for c in r)]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _unreadable() from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _unreadable() from exc


def _unreadable() -> ValidationError:
    return ValidationError(
        _l("the file is neither .xlsx nor CSV in UTF-8, UTF-16 or GB18030 (GBK)"),
        {"file": "unreadable"},
    )


def _csv_rows(text: str) -> Rows:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    try:
        for record in reader:
            rows.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ValidationError(
            _l(
                "the file is not valid CSV near line %(line)d: %(problem)s",
                line=reader.line_num,
                problem=exc,
            ),
            {"file": "not CSV"},
        ) from exc
    return rows


def _xlsx_rows(data: bytes) -> Rows:
    # Imported on first use: only staff importing a workbook need it.
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; data_only gives a formula's cached value, never its text.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationError(
            _l("the file looks like an .xlsx workbook but cannot be read"), {"file": "not xlsx"}
        ) from exc
    try:
        sheet = book.worksheets[0]
        return [
            (line, [_cell(v) for v in values])
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float: a rank of 3 comes back as 3.0.
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
