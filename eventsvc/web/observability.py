"""One structured (JSON) log line per request, and a request id that travels with it.

The line holds the method, the path, the status, the duration in milliseconds, the user id
(when the request already knew its user) and the request id. It never holds what could
stand for a person or a secret: no query string, no headers, no body, and path parts that
are secrets (a personal feed's token) are replaced by "[redacted]".

The request id is the client's or proxy's X-Request-ID when it looks like one, a new
random one otherwise; the response carries it back so a user's report finds its log line.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import inspect

logger = logging.getLogger("eventsvc.requests")

HEADER = "X-Request-ID"
REDACTED = "[redacted]"
# Printable, bounded: an id from outside must not be able to forge or flood log lines.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:@+=/-]{1,128}")
# Route arguments whose names say they are secrets.
_SECRET_ARGS = re.compile(r"token|secret", re.IGNORECASE)
# Personal feed URLs even when no route matched (a mistyped suffix must not leak the token).
_FEED_TOKEN = re.compile(r"^/feeds/[^/.]+")


def register(app: Flask) -> None:
    """Time and log every request; register before other hooks so the time covers them."""
    _attach_handler()
    app.before_request(_start)
    app.after_request(_finish)


def _attach_handler() -> None:
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter(timestamp=True))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        # Our own line to our own handler: not a second copy through the root logger.
        logger.propagate = False


def _start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id()


def request_id() -> str:
    """The id of the current request: the caller's when acceptable, else a new one."""
    if "request_id" not in g:
        g.request_id = accepted_request_id(request.headers.get(HEADER, ""))
    return g.request_id


def accepted_request_id(given: str) -> str:
    return given if _ACCEPTED_ID.fullmatch(given) else uuid.uuid4().hex


def loggable_path() -> str:
    path = request.path
    for name, value in (request.view_args or {}).items():
        if _SECRET_ARGS.search(name) and str(value):
            path = path.replace(str(value), REDACTED)
    return _FEED_TOKEN.sub(f"/feeds/{REDACTED}", path)


def _user_id() -> int | None:
    # Only a user the request already loaded, and its id as the session knows it: reading the
    # attribute would reload a user expired by a commit, a query that can fail after the
    # answer is settled (a dropped connection), and would cost one per request anyway.
    state = inspect(g.get("_login_user"), raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


def _finish(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    log_request(
        request.method,
        loggable_path(),
        response.status_code,
        g.get("request_started"),
        _user_id(),
        request_id(),
    )
    return response


def log_request(
    method: str,
    path: str,
    status: int,
    started: float | None,
    user_id: int | None,
    request_id_: str,
) -> None:
    """The request's log line; `started` is its perf_counter() at the start."""
    logger.info(
        "request",
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
            "user_id": user_id,
            "request_id": request_id_,
        },
    )
