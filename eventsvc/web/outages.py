"""The database going away mid-request: 503 with Retry-After, never a bare 500.

A terminated backend, a restarted server or a full pool can break any statement of a request.
Where the answer is not settled yet (the view, the user loaders, the error handler's own
rollback), the request answers 503 with Retry-After: nothing was committed by it, and the
same request may well work in a moment. The page says so without asking the database who is
signed in.

The rollback at the end of a request runs after its answer is settled: the answer stands,
and a broken connection there is discarded without a word to the server. (Answering 503
instead would invite the client to repeat a write that did commit.)
"""

from __future__ import annotations

import logging

from flask import Flask, g
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..extensions import db, login_manager
from .errors import error_response

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 1


def is_outage(exc: BaseException) -> bool:
    """Whether exc says the database is unreachable or the connection broke (not bad input)."""
    return isinstance(exc, OperationalError | InterfaceError | PoolTimeout) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )


def register(app: Flask) -> None:
    # DataError and IntegrityError keep their own handlers (web/errors.py): Flask picks the
    # closest class, and those are bad input, not an outage.
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(PoolTimeout, _database_error)
    # Registered after Flask-SQLAlchemy's, so it runs first and leaves that one nothing to do.
    app.teardown_appcontext(_end_session)


def _database_error(exc: Exception):
    if not is_outage(exc):
        raise exc  # a programming error: the generic handler answers 500 and logs it
    discard_session()
    logger.warning("database unavailable: %s", getattr(exc, "orig", None) or exc)
    # Nobody's account can be read now: the page shows no account menu (base.html), and
    # Flask-Login is told the user is anonymous rather than asking the database who it is.
    g.database_down = True
    if "_login_user" not in g:
        g._login_user = login_manager.anonymous_user()
    body, status = error_response(
        503, "unavailable", "the database is busy or unreachable; retry shortly"
    )
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def discard_session() -> None:
    """Roll the request's session back; if its connection is gone, drop it unasked."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session().invalidate()


def _end_session(_exc: BaseException | None) -> None:
    try:
        db.session.remove()
    except SQLAlchemyError as exc:
        logger.warning("connection lost at the end of a request, discarded: %s", exc)
        db.session().invalidate()
        db.session.remove()
