"""The releases of a published event and their changelogs, newest first."""

from __future__ import annotations

from flask_smorest import Blueprint

from ...agenda import catalog, records
from ..published import published_agenda
from . import schemas
from .serve import args_key, documented_reads, json_response, page

bp = Blueprint("releases", __name__, url_prefix="/api/v1/events/<event>", description="Releases")


@bp.get("/releases")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.ReleasePage)
@documented_reads(bp)
def releases(args, event: str):
    """Every release with its number, time, comment and changelog against the one before."""
    ref, agenda = published_agenda(event)

    def record(release) -> dict:
        return {
            "number": release.number,
            "published_at": release.published_at,
            "digest": release.digest,
            "comment": release.comment,
            "changelog": [records.change(agenda, e) for e in release.changelog],
        }

    return json_response(
        f"releases:{ref.digest}:{args_key(args)}",
        schemas.ReleasePage(),
        lambda: page(catalog.releases(ref), args, record),
        ref.published_at,
    )
