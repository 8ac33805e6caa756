"""HTTP responses for rendered bodies: strong ETag, Last-Modified, and 304 when they match.

The body goes out in the coding the client prefers among br, gzip and none (each copy made
once, agenda/compressed.py), with an ETag of that coding's own: a 304 answers the copy the
client holds, never another coding's.
"""

from __future__ import annotations

from flask import Response, current_app, request

from ..agenda import compressed
from ..agenda.rendered import Rendered, levels
from . import caching


def respond(
    rendered: Rendered,
    mimetype: str,
    public: bool = True,
    max_age: int | None = None,
    vary: str = "Accept-Language",
) -> Response:
    """200 with the body, or 304 when If-None-Match or If-Modified-Since says it is unchanged.

    Public answers are kept by browsers for max_age seconds (default PUBLIC_MAX_AGE) and by
    shared caches as caching.public says; private ones by the reader's browser alone."""
    coding = compressed.chosen(request.headers.get("Accept-Encoding"), len(rendered.body))
    if coding == compressed.IDENTITY:
        response = Response(rendered.body, mimetype=mimetype)
    else:
        response = Response(rendered.encoded(coding, levels()), mimetype=mimetype)
        response.content_encoding = coding
    response.set_etag(compressed.etag(rendered.etag, coding))
    if rendered.last_modified is not None:
        response.last_modified = rendered.last_modified
    if public:
        caching.public(response, max_age)
    else:
        caching.private(
            response, current_app.config["PUBLIC_MAX_AGE"] if max_age is None else max_age
        )
    response.vary.add(vary)
    response.vary.add("Accept-Encoding")
    # make_conditional answers 304 for If-None-Match, and for If-Modified-Since without an ETag.
    response.make_conditional(request)  # in place (it returns the response, typed as werkzeug's)
    return response
