"""POST /api/v1/events/{event}/speakers/import: a CSV of speakers, with ?dry_run=true.

The body is the CSV itself (Content-Type text/csv) or a multipart form with the file in
the field `file`. The answer is the report of every row: 200 for a dry run (its `errors`
counts the bad rows) and a successful import; a real import with a bad row answers 422
with the same report under "report" and writes nothing.
"""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from ...auth.permissions import can_manage_speakers
from ...extensions import db
from ...speakers.csv_import import ImportReport, import_speakers
from ..errors import error_response
from .access import event_for

bp = Blueprint(
    "api_speaker_import",
    __name__,
    url_prefix="/api/v1/events",
    description="Bulk registration of speakers from CSV",
)
CSV_TYPES = ("text/csv", "application/csv", "text/plain")


class ImportArgs(Schema):
    dry_run = fields.Boolean(
        load_default=False, metadata={"description": "validate, write nothing"}
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
def import_csv(slug: str, dry_run: bool):
    """Create or update (matched by email) the speakers of a CSV file, all or none."""
    event = event_for(slug, can_manage_speakers)
    report = import_speakers(
        event, _csv_body(), actor=current_user._get_current_object(), dry_run=dry_run
    )
    if dry_run:
        db.session.rollback()
        return jsonify(report_json(report))
    if not report.ok:
        db.session.rollback()
        response, status = error_response(
            422,
            "invalid",
            f"{report.count('error')} row(s) have errors; nothing was imported",
            {
                f"line {r.line}": f"{r.field}: {r.reason}"
                for r in report.rows
                if r.outcome == "error"
            },
        )
        return jsonify({**response.get_json(), "report": report_json(report)}), status
    db.session.commit()
    return jsonify(report_json(report))


def _csv_body() -> bytes:
    limit = current_app.config["SPEAKER_IMPORT_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"the file is larger than {limit // 1024} KiB")
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise UnsupportedMediaType("send the CSV in the form field 'file'")
        data = upload.read(limit + 1)
    elif request.mimetype in CSV_TYPES:
        data = request.get_data(cache=False)
    else:
        raise UnsupportedMediaType("send text/csv, or multipart/form-data with a field 'file'")
    if len(data) > limit:
        raise RequestEntityTooLarge(f"the file is larger than {limit // 1024} KiB")
    return data


def report_json(report: ImportReport) -> dict:
    return {
        "dry_run": report.dry_run,
        "created": report.count("created"),
        "updated": report.count("updated"),
        "errors": report.count("error"),
        "rows": [
            {
                "line": r.line,
                "outcome": r.outcome,
                "email": r.email or None,
                "speaker": r.speaker.slug
                if r.speaker is not None and r.outcome != "error"
                else None,
                "field": r.field,
                "reason": r.reason,
            }
            for r in report.rows
        ],
    }
