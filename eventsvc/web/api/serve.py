"""Answering a public API read: a body built once per release and arguments, with an ETag."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from flask import Response, current_app
from marshmallow import Schema

from ...agenda.rendered import cache, make
from ..conditional import respond

T = TypeVar("T")


def json_response(
    key: str, schema: Schema, build: Callable[[], object], last_modified: datetime | None = None
) -> Response:
    """build() dumped with schema, kept under key (which must name the release and arguments)."""

    def render():
        body = json.dumps(schema.dump(build()), ensure_ascii=False, separators=(",", ":"))
        return make(body.encode(), last_modified)

    # Bodies carry every language, so they do not vary by Accept-Language.
    return respond(cache().get_or_build(f"api:{key}", render), "application/json", vary="Accept")


def documented_reads(bp):
    """Document what every public read may answer besides 200: 304 for a matching ETag, 404."""
    from .schemas import ErrorBody

    def decorate(view):
        view = bp.alt_response(
            304, description="Not modified: If-None-Match holds the current ETag"
        )(view)
        return bp.alt_response(
            404, schema=ErrorBody, description="No such published event or item"
        )(view)

    return decorate


def args_key(args: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(args.items()) if v is not None)


def page(items: Sequence[T], args: dict, record: Callable[[T], dict]) -> dict:
    """One page of items, each made a record, with where the page sits in the whole."""
    per_page = args.get("per_page") or current_app.config["API_PER_PAGE"]
    start = (args["page"] - 1) * per_page
    return {
        "items": [record(i) for i in items[start : start + per_page]],
        "page": args["page"],
        "per_page": per_page,
        "total": len(items),
    }
