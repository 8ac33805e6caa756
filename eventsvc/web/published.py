"""The published agenda of an event, as every public route starts: one query when built."""

from __future__ import annotations

from ..agenda.current import ReleaseRef, agenda_for, current_release
from ..agenda.model import Agenda
from ..errors import NotFound


def published(slug: str) -> tuple[ReleaseRef, Agenda]:
    """The event's newest release and its agenda; 404 when the event has none."""
    ref = current_release(slug)
    if ref is None:
        raise NotFound(f"no published event {slug!r}")
    return ref, agenda_for(ref)
