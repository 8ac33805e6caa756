"""HTTP responses for rendered bodies: strong ETag, Last-Modified, and 304 when they match."""

from __future__ import annotations

from flask import Response, request

from ..agenda.rendered import Rendered


def respond(
    rendered: Rendered,
    mimetype: str,
    public: bool = True,
    max_age: int = 300,
    vary: str = "Accept-Language",
) -> Response:
    """200 with the body, or 304 when If-None-Match or If-Modified-Since says it is unchanged."""
    response = Response(rendered.body, mimetype=mimetype)
    response.set_etag(rendered.etag)
    if rendered.last_modified is not None:
        response.last_modified = rendered.last_modified
    response.headers["Cache-Control"] = f"{'public' if public else 'private'}, max-age={max_age}"
    response.vary.add(vary)
    # make_conditional answers 304 for If-None-Match, and for If-Modified-Since without an ETag.
    response.make_conditional(request)  # in place (it returns the response, typed as werkzeug's)
    return response
