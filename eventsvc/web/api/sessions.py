"""Sessions of a published event, as a list and as the agenda nested by day."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from ...agenda import now, query, records, search
from ...errors import NotFound
from .. import caching
from ..moment import at_moment, seconds_left_in_minute
from ..published import published_agenda
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
    """The sessions in time order, cancelled ones with their status; ?day= ?forum= ?room= narrow."""
    ref, agenda = published_agenda(event)
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
    ref, agenda_ = published_agenda(event)
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
    ref, agenda = published_agenda(event)
    found = agenda.sessions_by_uid.get(uid)
    if found is None:
        raise NotFound(_l("no session %(uid)s in this agenda", uid=repr(uid)))
    return json_response(
        f"session:{ref.digest}:{uid}",
        schemas.SessionSchema(),
        lambda: records.session(agenda, found),
        ref.published_at,
    )


@bp.get("/search")
@bp.arguments(schemas.SearchArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.SearchResults)
@documented_reads(bp)
def search_(args, event: str):
    """Sessions and speakers found by words of titles and descriptions, names in characters or
    pinyin (tones and spaces optional), Latin names and affiliations; best first."""
    ref, agenda = published_agenda(event)
    q = args["q"][: search.MAX_QUERY].strip()

    def build():
        hits = search.index_for(agenda).search(search.parse(q))
        return {
            "q": q,
            "speakers": [
                records.speaker(agenda, agenda.speakers_by_slug[h.key])
                for h in hits
                if h.kind == "speaker"
            ],
            "sessions": [
                records.session(agenda, agenda.sessions_by_uid[h.key])
                for h in hits
                if h.kind == "session"
            ],
        }

    return json_response(
        f"search:{ref.digest}:{q}", schemas.SearchResults(), build, ref.published_at
    )


@bp.get("/now")
@bp.arguments(schemas.NowArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.NowSchema)
@documented_reads(bp)
def now_(args, event: str):
    """Per room (rooms with nothing on and nothing to come left out), the session on at ?at=
    (default: this minute) and the next one; cancelled sessions are neither."""
    ref, agenda, at = at_moment(event)

    def build():
        def record(s):
            return records.session(agenda, agenda.sessions_by_uid[s.uid]) if s else None

        return {
            "at": at,
            "rooms": [
                {"room": r.room.slug, "current": record(r.current), "next": record(r.next)}
                for r in now.rooms_now(agenda, at, agenda.default_language)
            ],
        }

    response = json_response(
        f"now:{ref.digest}:{at.isoformat()}", schemas.NowSchema(), build, ref.published_at
    )
    if not args["at"]:
        caching.public(response, until=seconds_left_in_minute())
    return response
