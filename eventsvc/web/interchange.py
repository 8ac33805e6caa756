"""Public schedule files in the frab/c3voc format, built from the latest release."""

from __future__ import annotations

import json

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..agenda import rendered
from ..agenda.current import agenda_for, current_release
from ..errors import NotFound
from ..interchange.export import schedule_json, schedule_xml
from ..interchange.export2 import schedule_v2_json
from . import absolute
from .conditional import respond
from .lang import request_language

bp = Blueprint("interchange", __name__)


def _json_bytes(agenda, lang: str, base_url: str) -> bytes:
    return json.dumps(schedule_json(agenda, lang, base_url), ensure_ascii=False, indent=1).encode()


def _json2_bytes(agenda, lang: str, base_url: str) -> bytes:
    return json.dumps(
        schedule_v2_json(agenda, lang, base_url), ensure_ascii=False, indent=1
    ).encode()


_FORMATS = {
    "xml": ("application/xml", schedule_xml),
    "json": ("application/json", _json_bytes),
    "v2.json": ("application/json", _json2_bytes),
}


@bp.get("/events/<event>/schedule.xml")
def schedule_xml_file(event: str):
    return _serve(event, "xml")


@bp.get("/events/<event>/schedule.json")
def schedule_json_file(event: str):
    return _serve(event, "json")


@bp.get("/events/<event>/schedule-v2.json")
def schedule_v2_json_file(event: str):
    return _serve(event, "v2.json")


def _serve(slug: str, fmt: str):
    # Published agendas are public (anonymous may read them): no permission beyond a release.
    ref = current_release(slug)
    if ref is None:
        raise NotFound(_l("no published agenda for this event"))
    agenda = agenda_for(ref)
    lang = request_language(agenda.event["languages"], agenda.default_language)
    mimetype, build = _FORMATS[fmt]
    base = absolute.base() + "/"
    key = f"schedule.{fmt}:{ref.digest}:{lang}"
    body = rendered.cache().get_or_build(
        key, lambda: rendered.make(build(agenda, lang, base), last_modified=ref.published_at)
    )
    response = respond(body, mimetype)
    # Web schedule viewers fetch these files from other origins, as they do from pretalx.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
