"""The columns a speaker roster may have, under their English and Chinese headers.

A header is matched without regard to case, and spaces or hyphens count as underscores
("Family name" is family_name). The README's table of columns is this table.
"""

from __future__ import annotations

import re

# column: (the Chinese headers offices use for it, ...)
ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("邮箱", "电子邮箱", "e_mail"),
    "name": ("姓名",),
    "name_en": ("英文名", "英文姓名"),
    "family_name": (),
    "given_name": (),
    "name_order": (),
    "family_name_zh": ("姓",),
    "given_name_zh": ("名",),
    "name_order_zh": (),
    "honorific": ("职称",),
    "honorific_en": (),
    "honorific_zh": (),
    "title": ("职务",),
    "title_en": (),
    "title_zh": (),
    "affiliation": ("单位", "工作单位"),
    "affiliation_en": (),
    "affiliation_zh": (),
    "organization": (),
    "country": ("国家/地区", "国家", "国家或地区"),
    "phone": ("电话", "手机"),
    "photo_url": ("照片",),
    "precedence": (),
    "registration": (),
    "bio": ("简介",),
    "bio_en": (),
    "bio_zh": (),
}
# Columns without a language suffix hold Chinese when the cell has Chinese characters.
UNSUFFIXED_TEXT = ("honorific", "title", "affiliation", "bio")
COLUMNS = tuple(ALIASES)
# The columns of the template and the export: each field once, in its own column per language.
SPLIT_COLUMNS = tuple(c for c in COLUMNS if c not in ("name", "name_en", *UNSUFFIXED_TEXT))
# Columns the export adds: accepted and ignored, so an exported file can be imported again.
EXPORT_ONLY = (
    "protocol_rank",
    "name_zh",
    "addressed_en",
    "addressed_zh",
    "position_en",
    "position_zh",
    "arrived_at",
    "checked_in_by",
)
NAME_COLUMNS = ("name", "name_en", "family_name", "given_name", "family_name_zh", "given_name_zh")

_BY_HEADER = {alias: column for column, aliases in ALIASES.items() for alias in aliases} | {
    c: c for c in COLUMNS + EXPORT_ONLY
}
_SEPARATORS = re.compile(r"[\s\-]+")


def column_for(header: str) -> str | None:
    """The column a header names, or None for an unknown header."""
    key = _SEPARATORS.sub("_", header.strip().lower())
    return _BY_HEADER.get(key) or _BY_HEADER.get(header.strip())


def accepted_headers() -> list[str]:
    """Every header the import accepts, English then Chinese, for an error message."""
    return list(COLUMNS) + [alias for aliases in ALIASES.values() for alias in aliases]
