"""Sessions of a published event, as a list and as the agenda nested by day."""

from __future__ import annotations

from flask_smorest import Blueprint

from ...agenda import query, records
from ...errors import NotFound
from ..published import published
from . import schemas
from .serve import args_key, documented_reads, json_response, page

bp = Blueprint(
    "sessions", __name__, url_prefix="/api/v1/events/<event>", description="Sessions and the agenda"
)


def _filters(agenda, args) -> query.Filters:
    return query.parse_filters(
        agenda,
        {
            "day": args["day"].isoformat() if args["day"] else None,
            "forum": args["forum"],
            "room": args["room"],
        },
    )


@bp.get("/sessions")
@bp.arguments(schemas.SessionArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.SessionPage)
@documented_reads(bp)
def sessions(args, event: str):
    """The sessions in time order, cancelled ones included with their status; ?day= ?forum= ?room= narrow."""
    ref, agenda = published(event)
    filters = _filters(agenda, args)
    return json_response(
        f"sessions:{ref.digest}:{args_key(args)}",
        schemas.SessionPage(),
        lambda: page(query.sessions(agenda, filters), args, lambda s: records.session(agenda, s)),
        ref.published_at,
    )


@bp.get("/agenda")
@bp.arguments(schemas.AgendaArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.AgendaSchema)
@documented_reads(bp)
def agenda(args, event: str):
    """The published agenda nested by day and forum; ?day= ?forum= ?room= narrow it."""
    ref, agenda_ = published(event)
    filters = _filters(agenda_, args)
    return json_response(
        f"agenda:{ref.digest}:{args_key(args)}",
        schemas.AgendaSchema(),
        lambda: records.agenda_days(agenda_, ref, filters),
        ref.published_at,
    )


@bp.get("/sessions/<uid>")
@bp.response(200, schemas.SessionSchema)
@documented_reads(bp)
def session(event: str, uid: str):
    """One session, as its page shows it."""
    ref, agenda = published(event)
    found = agenda.sessions_by_uid.get(uid)
    if found is None:
        raise NotFound(f"no session {uid!r} in this agenda")
    return json_response(
        f"session:{ref.digest}:{uid}",
        schemas.SessionSchema(),
        lambda: records.session(agenda, found),
        ref.published_at,
    )
