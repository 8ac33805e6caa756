"""Error responses: JSON under /api, a readable page everywhere else. Never a bare 500."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..errors import DomainError
from ..extensions import db

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    message = str(message)  # a domain message may be lazy: translated into the reader's language
    if wants_json():
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        return jsonify(body), status
    return render_template(
        "errors/error.html", status=status, message=message, fields=fields or {}
    ), status


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        db.session.rollback()
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError):
        # Two writers raced past validation (a duplicate slug, say): nothing was written.
        db.session.rollback()
        return error_response(409, "conflict", _l("the change conflicts with existing data"))

    @app.errorhandler(DataError)
    def _unstorable(exc: DataError):
        # The last line of defence behind validation: a value the database cannot store
        # (a number past its integer range, a NUL character, a string past a column's length).
        db.session.rollback()
        return error_response(422, "invalid", _l("a value is out of range or cannot be stored"))

    @app.errorhandler(StaleDataError)
    def _stale(exc: StaleDataError):
        # Another writer changed the row between our read and our UPDATE (version_id_col).
        db.session.rollback()
        return error_response(
            412,
            "precondition_failed",
            _l("someone else changed this in the meantime; reload it and retry"),
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        db.session.rollback()
        status = exc.code or 500
        fields = getattr(exc, "data", {}).get("messages") if hasattr(exc, "data") else None
        body, status = error_response(
            status, _CODES.get(status, "error"), exc.description or exc.name, _flatten(fields)
        )
        # A 405 says which methods the URL takes (RFC 9110); werkzeug knows them.
        valid = getattr(exc, "valid_methods", None)
        return body, status, {"Allow": ", ".join(valid)} if valid else {}

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return error_response(500, "internal", InternalServerError.description)


def _flatten(messages) -> dict:
    """webargs nests messages by location (json, query); the contract wants field: message."""
    if not isinstance(messages, dict):
        return {}
    flat = {}
    for location in messages.values():
        if isinstance(location, dict):
            for field, problems in location.items():
                flat[str(field)] = (
                    "; ".join(map(str, problems)) if isinstance(problems, list) else str(problems)
                )
    return flat
