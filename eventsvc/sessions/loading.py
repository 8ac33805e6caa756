"""Loading many sessions with their speakers in a fixed number of queries.

selectinload asks again for every 500 parents, so its count grows with the event; a joined
load repeats each session's columns (and decodes its JSON texts again) for every speaker and
name. So the speakers of a list of sessions come in three plain queries, whatever its length:
appearances, their speakers, the speakers' names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import lazyload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..speakers.models import Speaker, SpeakerName
from .models import Appearance, Talk


def with_lineups(talks: Sequence[Talk]) -> Sequence[Talk]:
    """talks, each with its appearances (in order), their speakers and the speakers' names."""
    if not talks:
        return talks
    appearances = db.session.scalars(
        select(Appearance)
        .where(Appearance.session_id.in_([t.id for t in talks]))
        .order_by(Appearance.session_id, Appearance.position, Appearance.id)
    ).all()
    speaker_ids = {a.speaker_id for a in appearances}
    speakers = {
        s.id: s
        for s in db.session.scalars(
            select(Speaker)
            .where(Speaker.id.in_(speaker_ids))
            # What a lineup shows; the rest (biography, contacts) loads if ever asked for.
            .options(load_only(Speaker.slug, Speaker.sort_name), lazyload(Speaker.names))
        )
    }
    names = defaultdict(list)
    for name in db.session.scalars(
        select(SpeakerName)
        .where(SpeakerName.speaker_id.in_(speaker_ids))
        .order_by(SpeakerName.speaker_id, SpeakerName.position, SpeakerName.id)
    ):
        names[name.speaker_id].append(name)
    for speaker in speakers.values():
        set_committed_value(speaker, "names", names[speaker.id])
    lineups = defaultdict(list)
    for appearance in appearances:
        set_committed_value(appearance, "speaker", speakers[appearance.speaker_id])
        lineups[appearance.session_id].append(appearance)
    for talk in talks:
        set_committed_value(talk, "appearances", lineups[talk.id])
        for appearance in lineups[talk.id]:
            set_committed_value(appearance, "talk", talk)
    return talks
