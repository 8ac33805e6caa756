"""Forums and rooms of a published event."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from ...agenda import records
from ...errors import NotFound
from ..published import published_agenda
from . import schemas
from .serve import args_key, documented_reads, json_response, page

bp = Blueprint(
    "forums", __name__, url_prefix="/api/v1/events/<event>", description="Forums and rooms"
)


@bp.get("/forums")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.ForumPage)
@documented_reads(bp)
def forums(args, event: str):
    """The forums, in their set order."""
    ref, agenda = published_agenda(event)
    return json_response(
        f"forums:{ref.digest}:{args_key(args)}",
        schemas.ForumPage(),
        lambda: page(agenda.forums, args, lambda f: records.forum(agenda, f)),
        ref.published_at,
    )


@bp.get("/forums/<forum>")
@bp.response(200, schemas.ForumDetailSchema)
@documented_reads(bp)
def forum(event: str, forum: str):
    """One forum with its sessions."""
    ref, agenda = published_agenda(event)
    found = agenda.forums_by_slug.get(forum)
    if found is None:
        raise NotFound(_l("no forum %(slug)s in this agenda", slug=repr(forum)))
    return json_response(
        f"forum:{ref.digest}:{forum}",
        schemas.ForumDetailSchema(),
        lambda: records.forum_detail(agenda, found),
        ref.published_at,
    )


@bp.get("/rooms")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.RoomPage)
@documented_reads(bp)
def rooms(args, event: str):
    """The rooms, in their set order."""
    ref, agenda = published_agenda(event)
    return json_response(
        f"rooms:{ref.digest}:{args_key(args)}",
        schemas.RoomPage(),
        lambda: page(agenda.rooms, args, records.room),
        ref.published_at,
    )
