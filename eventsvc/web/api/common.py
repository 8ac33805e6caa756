"""What every write endpoint shares: multilingual text in, who is asking, loading by slug,
ETags and If-Match, and one commit per request. (The error body is schemas.ErrorBody.)"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from flask import g, request
from flask_login import current_user
from marshmallow import ValidationError as MarshmallowError
from marshmallow import fields
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ...auth.permissions import can_read_drafts
from ...errors import Forbidden, NotFound, PreconditionFailed, ValidationError
from ...events.models import Event
from ...extensions import db, login_manager


class Text(fields.Field):
    """Multilingual text: a plain string (the event's default language) or a language map."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).update(
            {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": (
                    'a string or a map such as {"en": "...", "zh": "..."}; answered as the map'
                ),
            }
        )
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return value
        raise MarshmallowError("a string or a map of language to string")


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


def install_guards(blueprint) -> None:
    blueprint.before_request(require_login)
    blueprint.before_request(require_event_scope)
    blueprint.before_request(require_json_body)


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
        raise Forbidden("you may not do this here")


def event_in_scope(slug: str) -> Event:
    """The event, for a user who works on it (staff or organizer); 404 when there is none."""
    cached = g.get("event_in_scope")
    if cached is not None and cached.slug == slug:
        return cached
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise NotFound(f"no event {slug}")
    allow(can_read_drafts(actor(), event.id))
    g.event_in_scope = event
    return event


def by_slug(model, event: Event, slug: str, what: str):
    """An object of the event named in the URL; 404 when there is none."""
    obj = db.session.scalar(select(model).where(model.event_id == event.id, model.slug == slug))
    if obj is None:
        raise NotFound(f"no {what} {slug} in this event")
    return obj


def referenced(model, event: Event, slug: str | None, field: str):
    """An object of the event named in the body; 422 on that field when there is none."""
    if slug is None:
        return None
    obj = db.session.scalar(select(model).where(model.event_id == event.id, model.slug == slug))
    if obj is None:
        raise ValidationError(f"no {field} {slug} in this event", {field: "unknown"})
    return obj


# ---- versions --------------------------------------------------------------------------


def etag(obj) -> str:
    """Names the object and its version: a stale If-Match cannot match a recreated object."""
    return f"{type(obj).__name__.lower()}-{obj.id}-{obj.version}"


def check_if_match(obj) -> None:
    """412 when the client's If-Match names an older version (no If-Match: no check)."""
    if request.if_match and not request.if_match.contains(etag(obj)):
        raise PreconditionFailed(
            "the resource changed since you read it; fetch it again and retry",
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
