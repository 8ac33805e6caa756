"""What every write endpoint shares: multilingual text in, who is asking, loading by slug,
ETags and If-Match, and one commit per request. (The error body is schemas.ErrorBody.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError as MarshmallowError
from marshmallow import fields, validate
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ...auth.permissions import can_read_drafts
from ...errors import Forbidden, NotFound, PreconditionFailed, ValidationError
from ...events.models import Event
from ...extensions import db, login_manager
from ...storable import MAX_LENGTH, check_storable, unstorable


class Text(fields.Field):
    """Multilingual text: a plain string (the event's default language) or a language map;
    `field` names its limit in storable.MAX_LENGTH (per language)."""

    def __init__(self, field: str, **kwargs):
        self.max_length = MAX_LENGTH[field]
        kwargs.setdefault("metadata", {}).update(
            {
                "type": "object",
                "additionalProperties": {"type": "string", "maxLength": self.max_length},
                "description": (
                    'a string or a map such as {"en": "...", "zh": "..."}; answered as the map'
                ),
            }
        )
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        texts = [value] if isinstance(value, str) else None
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            texts = list(value.values())
        if texts is None or not all(isinstance(text, str) for text in texts):
            raise MarshmallowError("a string or a map of language to string")
        if any(len(text.strip()) > self.max_length for text in texts):
            raise MarshmallowError(f"longer than {self.max_length} characters")
        return value


def length(field: str, minimum: int | None = None) -> validate.Length:
    """The length storable.MAX_LENGTH allows field (shown as maxLength in the OpenAPI document)."""
    return validate.Length(min=minimum, max=MAX_LENGTH[field])


# ---- who is asking -------------------------------------------------------------------


def require_login() -> None:
    """before_request of every write blueprint: 401 before anything is read or parsed."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def require_json_body() -> None:
    """A body that is not JSON is refused (415), and JSON that does not parse (400)."""
    has_body = request.content_length or request.headers.get("Transfer-Encoding")
    if request.method not in ("POST", "PUT", "PATCH") or not has_body:
        return
    if not request.is_json:
        raise UnsupportedMediaType("send the body as JSON (Content-Type: application/json)")
    if request.get_json(silent=True) is None:
        raise BadRequest("the body is not valid JSON")


def require_event_scope() -> None:
    """An unknown event is 404 and one out of scope 403 before the body is even parsed."""
    if request.view_args and "event" in request.view_args:
        event_in_scope(request.view_args["event"])


def refuse_unstorable_text() -> None:
    """Every string of the body, keys included, must be storable text: a lone surrogate or a
    control character is a 422 on its top-level field before any view reads the body."""
    body = request.get_json(silent=True) if request.is_json else None
    if body is None:
        return
    items = body.items() if isinstance(body, dict) else [("body", body)]
    for field, value in items:
        if unstorable(field):
            raise ValidationError(_l("a field name holds a character that cannot be stored"))
        check_storable(value, field)


# RFC 9110: "*" or a list of entity tags, each quoted, weak ones prefixed with W/.
_ENTITY_TAG = r'(?:W/)?"[^"\x00-\x20\x7f]*"'
_IF_MATCH = re.compile(rf"\*|{_ENTITY_TAG}(?:[ \t]*,[ \t]*{_ENTITY_TAG})*")


def require_wellformed_if_match() -> None:
    """A malformed If-Match is a 400: ignoring it would let the write overwrite a newer one."""
    value = request.headers.get("If-Match")
    if value is not None and not _IF_MATCH.fullmatch(value.strip(" \t")):
        raise BadRequest('If-Match must be "*" or entity tags such as "talk-1-2" (quoted)')


def install_guards(blueprint) -> None:
    blueprint.before_request(require_login)
    blueprint.before_request(require_event_scope)
    blueprint.before_request(require_json_body)
    blueprint.before_request(refuse_unstorable_text)
    blueprint.before_request(require_wellformed_if_match)


# What any write endpoint may answer besides its success, documented with ErrorSchema.
WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 413, 415, 422)
READ_ERRORS = (401, 403, 404)


def documented(blueprint, *statuses: int) -> Callable:
    """Document the error responses of a view (the components flask-smorest registers)."""

    def decorate(view):
        for status in statuses:
            view = blueprint.alt_response(status, response=HTTPStatus(status).name)(view)
        return view

    return decorate


def actor():
    return current_user._get_current_object()


def allow(permitted: bool) -> None:
    if not permitted:
        raise Forbidden(_l("you may not do this here"))


def event_in_scope(slug: str) -> Event:
    """The event, for a user who works on it (staff or organizer); 404 when there is none."""
    cached = g.get("event_in_scope")
    if cached is not None and cached.slug == slug:
        return cached
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise NotFound(_l("no event %(slug)s", slug=slug))
    allow(can_read_drafts(actor(), event.id))
    g.event_in_scope = event
    return event


def in_scope(**models):
    """Give the view the event its URL names, in the user's scope (event_in_scope), and the
    objects of that event that the other URL parts name (keyword: model, as forum=Forum),
    in place of their slugs; 404 for any that is missing. Put it right above the view, under
    the body's decorators: the body is checked first, as before."""

    def decorate(view):
        @wraps(view)
        def resolved(*args, event: str, **slugs):  # the URL's parts, by name
            found = event_in_scope(event)
            objects = {
                name: by_slug(model, found, slugs[name], name) for name, model in models.items()
            }
            return view(*args, event=found, **{**slugs, **objects})

        return resolved

    return decorate


# One sentence for each kind of object: each must read as a whole sentence once translated.
_MISSING = {
    "forum": lambda slug: _l("no forum %(slug)s in this event", slug=slug),
    "room": lambda slug: _l("no room %(slug)s in this event", slug=slug),
    "organization": lambda slug: _l("no organization %(slug)s in this event", slug=slug),
    "speaker": lambda slug: _l("no speaker %(slug)s in this event", slug=slug),
    "speakers": lambda slug: _l("no speaker %(slug)s in this event", slug=slug),
}


def by_slug(model, event: Event, slug: str, what: str):
    """An object of the event named in the URL; 404 when there is none."""
    obj = db.session.scalar(select(model).where(model.event_id == event.id, model.slug == slug))
    if obj is None:
        raise NotFound(_MISSING[what](slug))
    return obj


def referenced(model, event: Event, slug: str | None, field: str):
    """An object of the event named in the body; 422 on that field when there is none."""
    if slug is None:
        return None
    obj = db.session.scalar(select(model).where(model.event_id == event.id, model.slug == slug))
    if obj is None:
        raise ValidationError(_MISSING[field](slug), {field: "unknown"})
    return obj


# ---- versions --------------------------------------------------------------------------


def etag(obj) -> str:
    """Names the object and its version: a stale If-Match cannot match a recreated object."""
    return f"{type(obj).__name__.lower()}-{obj.id}-{obj.version}"


def check_if_match(obj) -> None:
    """412 when the client's If-Match names an older version (no If-Match: no check)."""
    if request.if_match and not request.if_match.contains(etag(obj)):
        raise PreconditionFailed(
            _l("the resource changed since you read it; fetch it again and retry"),
            {"If-Match": "stale"},
        )


ETAG = {
    "ETag": {"description": "the version: send it back as If-Match", "schema": {"type": "string"}}
}


def tagged(body: dict, obj, status: int = 200, **headers):
    return body, status, {"ETag": f'"{etag(obj)}"', **headers}


def committed(view: Callable) -> Callable:
    """One commit per request, after the view did all its work; any error rolls back."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        result = view(*args, **kwargs)
        db.session.commit()
        return result

    return wrapper
