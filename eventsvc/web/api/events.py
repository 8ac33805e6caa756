"""Published events and their organizations."""

from __future__ import annotations

import hashlib

from flask_smorest import Blueprint

from ...agenda import catalog, records
from ...agenda.current import agendas_for
from ..published import published_agenda
from . import schemas
from .serve import args_key, documented_reads, json_response, page

bp = Blueprint("events", __name__, url_prefix="/api/v1", description="Published events")


@bp.get("/events")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.EventPage)
@documented_reads(bp)
def events(args):
    """The published events, newest first."""
    refs = catalog.newest_releases()
    digest = hashlib.sha256("|".join(r.digest for r in refs).encode()).hexdigest()

    def build():
        # One query for every agenda not built yet, not one per event.
        pairs = sorted(
            zip(refs, agendas_for(refs), strict=True),
            key=lambda p: (p[1].event["start_date"], p[1].slug),
            reverse=True,
        )
        return page(pairs, args, lambda pair: records.event(pair[1], pair[0]))

    return json_response(
        f"events:{digest}:{args_key(args)}",
        schemas.EventPage(),
        build,
        max((r.published_at for r in refs), default=None),
    )


@bp.get("/events/<event>")
@bp.response(200, schemas.EventSchema)
@documented_reads(bp)
def event(event: str):
    """One published event, as of its newest release."""
    ref, agenda = published_agenda(event)
    return json_response(
        f"event:{ref.digest}",
        schemas.EventSchema(),
        lambda: records.event(agenda, ref),
        ref.published_at,
    )


@bp.get("/events/<event>/organizations")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.OrganizationPage)
@documented_reads(bp)
def organizations(args, event: str):
    """The organizations named in the event's agenda (hosts, organizers, speakers' institutions)."""
    ref, agenda = published_agenda(event)
    return json_response(
        f"organizations:{ref.digest}:{args_key(args)}",
        schemas.OrganizationPage(),
        lambda: page(list(agenda.organizations.values()), args, records.organization),
        ref.published_at,
    )
