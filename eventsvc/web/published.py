"""The published agenda of an event, as every public route starts: one query when built."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l

from ..agenda.current import ReleaseRef, agenda_for, current_release
from ..agenda.model import Agenda
from ..errors import NotFound
from .replay import mark


def published_agenda(slug: str) -> tuple[ReleaseRef, Agenda]:
    """The event's newest release and its agenda; 404 when the event has none.

    The answer may then be replayed (web/replay.py) for as long as ref stays the newest: a
    route whose answer depends on anything but this release and the request must not call this.
    """
    ref = current_release(slug)
    if ref is None:
        raise NotFound(_l("no published event %(slug)s", slug=repr(slug)))
    mark(request.environ, ref)
    return ref, agenda_for(ref)
