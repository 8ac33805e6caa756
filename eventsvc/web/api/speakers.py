"""Speakers of a published event, in protocol or name order. Never their contact details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from ...agenda import query, records
from ...errors import NotFound
from ..published import published_agenda
from . import schemas
from .serve import args_key, documented_reads, json_response, page

bp = Blueprint("speakers", __name__, url_prefix="/api/v1/events/<event>", description="Speakers")


@bp.get("/speakers")
@bp.arguments(schemas.SpeakerArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.SpeakerPage)
@documented_reads(bp)
def speakers(args, event: str):
    """?order=protocol (precedence, then family name; default) or ?order=name; ?forum= narrows."""
    ref, agenda = published_agenda(event)
    forum = query.parse_filters(agenda, {"forum": args["forum"]}).forum
    return json_response(
        f"speakers:{ref.digest}:{args_key(args)}",
        schemas.SpeakerPage(),
        lambda: page(
            query.speakers(agenda, args["order"], forum), args, lambda s: records.speaker(agenda, s)
        ),
        ref.published_at,
    )


@bp.get("/speakers/<speaker>")
@bp.response(200, schemas.SpeakerSchema)
@documented_reads(bp)
def speaker(event: str, speaker: str):
    """One speaker with the uids of their sessions."""
    ref, agenda = published_agenda(event)
    found = agenda.speakers_by_slug.get(speaker)
    if found is None:
        raise NotFound(_l("no speaker %(slug)s in this agenda", slug=repr(speaker)))
    return json_response(
        f"speaker:{ref.digest}:{speaker}",
        schemas.SpeakerSchema(),
        lambda: records.speaker(agenda, found),
        ref.published_at,
    )
