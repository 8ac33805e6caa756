"""Operations: liveness and readiness."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready when the database answers and its schema is at the newest migration."""
    heads = set(
        ScriptDirectory.from_config(
            current_app.extensions["migrate"].migrate.get_config()
        ).get_heads()
    )
    try:
        with db.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError:
        return jsonify(status="unavailable", reason="database unreachable"), 503
    if current != heads:
        return jsonify(status="unavailable", reason="migrations not at head"), 503
    return jsonify(status="ok", revision=sorted(current))
