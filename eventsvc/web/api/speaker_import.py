"""POST /api/v1/events/{event}/speakers/import: a roster of speakers, with ?dry_run=true.

The body is the file itself (an .xlsx, or CSV in UTF-8, UTF-16 or GB18030: the kind is told
from the bytes) or a multipart form with the file in the field `file`. The answer is the
report of every row: what it becomes, every error (in the language of ?lang= or
Accept-Language), the speakers or earlier rows it matches and why. Choices for matched rows
come as ?choice=LINE:create, LINE:skip, LINE:update or LINE:update:TARGET (a matched
speaker's slug, or line-N). 200 for a dry run (its `errors` counts the bad rows) and a
successful import; a real import with a bad or undecided row answers 422 with the same
report under "report" and writes nothing.
"""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from ...auth.permissions import can_manage_speakers
from ...errors import ValidationError
from ...extensions import db
from ...speakers.csv_import import ImportReport, RowOutcome, import_speakers
from ...speakers.models import Speaker
from ..errors import error_response
from .access import event_for

bp = Blueprint(
    "api_speaker_import",
    __name__,
    url_prefix="/api/v1/events",
    description="Bulk registration of speakers from CSV",
)
FILE_TYPES = (
    "text/csv",
    "application/csv",
    "text/plain",
    "text/tab-separated-values",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
)


class ImportArgs(Schema):
    dry_run = fields.Boolean(
        load_default=False, metadata={"description": "validate, write nothing"}
    )
    choice = fields.List(
        fields.String(validate=validate.Length(max=200)),
        load_default=list,
        metadata={
            "description": "for a matched row: LINE:create, LINE:skip, LINE:update or "
            "LINE:update:TARGET (a matched speaker's slug or line-N)"
        },
    )


@bp.route("/<slug>/speakers/import", methods=["POST"])
@bp.arguments(ImportArgs, location="query", as_kwargs=True)
@bp.doc(
    security=[{"bearer": []}],
    responses={
        200: {"description": "the report: {dry_run, created, updated, errors, rows: [...]}"},
        413: {"description": "the file is too large"},
        415: {"description": "not CSV"},
        422: {"description": "the file or a row is invalid; nothing written"},
    },
)
def import_csv(slug: str, dry_run: bool, choice: list[str]):
    """Create, update or skip the speakers of a roster as chosen, all or none."""
    event = event_for(slug, can_manage_speakers)
    report = import_speakers(
        event,
        _file_body(),
        actor=current_user._get_current_object(),
        dry_run=dry_run,
        choices=_choices(choice),
    )
    # A dry run or a refused import adds nothing to the session (no rollback: it would expire
    # the matched speakers, and the answer would load each one again).
    if dry_run:
        return jsonify(report_json(report))
    if not report.ok:
        response, status = error_response(
            422,
            "invalid",
            f"{report.count('error')} row(s) have errors and {report.count('unresolved')} "
            "await a choice; nothing was imported",
            {
                f"line {r.line}": "; ".join(f"{e.field}: {e.reason}" for e in r.errors)
                or "choose create, skip or update"
                for r in report.rows
                if r.outcome in ("error", "unresolved")
            },
        )
        return jsonify({**response.get_json(), "report": report_json(report)}), status
    db.session.commit()
    return jsonify(report_json(report))


def _choices(given: list[str]) -> dict[int, str]:
    choices = {}
    for item in given:
        line, _, choice = item.partition(":")
        if not line.isdigit() or not choice:
            raise ValidationError(
                _l(
                    "choice %(choice)s: write LINE:create, LINE:skip or LINE:update[:TARGET]",
                    choice=repr(item),
                ),
                {"choice": "invalid"},
            )
        choices[int(line)] = choice
    return choices


def _file_body() -> bytes:
    limit = current_app.config["SPEAKER_IMPORT_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"the file is larger than {limit // 1024} KiB")
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise UnsupportedMediaType("send the file in the form field 'file'")
        data = upload.read(limit + 1)
    elif request.mimetype in FILE_TYPES:
        data = request.get_data(cache=False)
    else:
        raise UnsupportedMediaType(
            "send text/csv, an .xlsx (" + FILE_TYPES[4] + "), or multipart/form-data "
            "with a field 'file'"
        )
    if len(data) > limit:
        raise RequestEntityTooLarge(f"the file is larger than {limit // 1024} KiB")
    return data


def report_json(report: ImportReport) -> dict:
    return {
        "dry_run": report.dry_run,
        "created": report.count("created"),
        "updated": report.count("updated"),
        "skipped": report.count("skipped"),
        "unresolved": report.count("unresolved"),
        "errors": report.count("error"),
        "rows": [_row(r) for r in report.rows],
    }


def _row(r: RowOutcome) -> dict:
    return {
        "line": r.line,
        "outcome": r.outcome,
        "email": r.email or None,
        "speaker": r.speaker.slug
        if r.speaker is not None and r.speaker.slug and r.outcome != "error"
        else None,
        "field": r.field,
        "reason": r.reason,
        "errors": [
            {"column": e.column, "field": e.field, "reason": str(e.reason)} for e in r.errors
        ],
        "matches": [
            {
                "target": m.target,
                "speaker": m.speaker.slug if m.speaker is not None else None,
                "line": m.line,
                "reasons": m.reasons,
                "names": list(m.names) if m.names else None,
            }
            for m in r.matches
        ],
        "choice": r.choice,
        "preview": _preview(r.preview) if r.preview is not None else None,
    }


def _preview(speaker: Speaker) -> dict:
    """The row as it will be saved: what staff check before importing."""
    return {
        "names": [
            {
                "script": n.script,
                "family": n.family,
                "given": n.given,
                "family_first": n.family_first,
            }
            for n in speaker.names
        ],
        "honorific": speaker.honorific,
        "title": speaker.title,
        "affiliation": speaker.affiliation,
        "country": speaker.country,
        "email": speaker.email,
        "registration": speaker.registration.value if speaker.registration else None,
    }
