"""The Host header: well formed, and one of TRUSTED_HOSTS when that is set; else 400.

Nothing is built from the Host a client sends (links come from PUBLIC_URL, see
`absolute.py`), so the Host only decides whether the request is answered at all. Flask
checks it before any view (a readable page, or JSON under /api); the replay checks it too
and passes a refused request on to Flask, so a kept answer is never sent to such a Host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask.globals import request_ctx
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.sansio.utils import get_host


def acceptable(environ: dict, trusted: list[str] | None) -> bool:
    """False for a malformed Host (`a b`, empty) or, with trusted hosts, one not among them."""
    header = environ.get("HTTP_HOST")
    if header is None:
        return True  # HTTP/1.0 sends none: the server's own name stands in
    try:
        # werkzeug answers "" for a value with characters no host name has.
        return get_host(environ["wsgi.url_scheme"], header, None, trusted) != ""
    except SecurityError:
        return False


def register(app: Flask) -> None:
    @app.before_request
    def _refuse_unknown_host():
        if not acceptable(request.environ, current_app.config["TRUSTED_HOSTS"]):
            if request_ctx.url_adapter is None:
                # Flask builds no URL adapter for an untrusted Host; the error page links to
                # its style sheet all the same.
                request_ctx.url_adapter = current_app.url_map.bind(
                    urlsplit(current_app.config["PUBLIC_URL"]).netloc,
                    script_name=request.script_root or "/",
                    url_scheme=request.scheme,
                    path_info=request.path,
                )
            raise BadRequest("the Host header does not name a host this service answers to")
