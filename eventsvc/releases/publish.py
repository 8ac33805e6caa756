"""Publishing: freeze the working agenda of an event into its next release."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit import services as audit
from ..auth.models import User
from ..db import utcnow
from ..errors import ValidationError
from ..events.models import Event, Forum
from ..extensions import db
from ..i18n import as_text_map, pick
from ..sessions.conflicts import check_publishable
from ..storable import check_text
from . import changelog, scoped, snapshot
from .committed import published_in
from .models import ConflictAcceptance, Release

# Called as hook(event, previous snapshot or None, new snapshot, release) inside the publish
# transaction, once the release is flushed. The read side registers here what it does on a
# publish (agenda/notices.py: the speakers' notices), since releases may not import it.
AFTER_PUBLISH: list[Callable[[Event, dict | None, dict, Release], None]] = []


def latest(event_id: int) -> Release | None:
    return db.session.scalars(
        select(Release).where(Release.event_id == event_id).order_by(Release.number.desc()).limit(1)
    ).first()


def load_snapshot(release: Release) -> dict:
    return json.loads(release.snapshot)


def publish(
    event: Event,
    actor: User | None,
    comment: str | Mapping[str, str] | None = "",
    forum: Forum | None = None,
    accept_conflicts: Iterable[str] = (),
    accept_reason: str = "",
) -> Release:
    """Add release N+1 of event to the session; the caller commits.

    comment is multilingual text: a language map, or a string in the event's default language.

    accept_conflicts names blocking conflicts (AgendaConflict.key) that go out accepted,
    for accept_reason: they are kept with this release and in the audit trail. Callers that
    publish for a person call sessions.conflicts.check_publishable first with the same keys.

    With a forum, only that forum's part changes against the previous release (see
    scoped.py): what a forum organizer may publish. Two publishers racing for the same
    number meet the (event_id, number) unique constraint: one commit wins, the other
    fails with nothing written.
    """
    if forum is not None and forum.event_id != event.id:
        raise ValidationError(_l("the forum belongs to another event"), {"forum": "other event"})
    comment_map = as_text_map(comment, event.default_language, "comment")
    accept_reason = check_text(accept_reason.strip(), "reason")
    previous = latest(event.id)
    previous_snapshot = load_snapshot(previous) if previous else None
    published_at = utcnow()
    current = snapshot.build(event)
    if forum is not None:
        current = scoped.merge_forum(
            previous_snapshot, current, forum.id, frozenset(snapshot.withheld(event))
        )
        current["speakers"] = snapshot.public_speakers(current["speakers"], current["sessions"])
    changelog.stamp_revisions(previous_snapshot, current, snapshot.iso(published_at))
    text = json.dumps(current, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    release = Release(
        event_id=event.id,
        number=(previous.number + 1) if previous else 1,
        published_at=published_at,
        actor_id=actor.id if actor else None,
        comment=comment_map,
        digest=hashlib.sha256(text.encode()).hexdigest(),
        snapshot=text,
        changelog=changelog.diff(previous_snapshot, current),
    )
    db.session.add(release)
    published_in(db.session)
    db.session.flush()
    if accept_conflicts:
        accepted = check_publishable(event, forum, frozenset(accept_conflicts), accept_reason)
        _record_acceptances(event, release, accepted, accept_reason, actor)
    audit.record(
        event.id,
        actor,
        "published",
        "release",
        str(release.number),
        pick(release.comment, event.default_language, event.default_language)
        or f"Release {release.number}",
        [
            {"field": "forum", "before": None, "after": forum.slug if forum else None},
            {"field": "changes", "before": None, "after": len(release.changelog)},
        ],
    )
    for hook in AFTER_PUBLISH:
        hook(event, previous_snapshot, current, release)
    return release


def _record_acceptances(
    event: Event, release: Release, accepted: list, reason: str, actor: User | None
) -> None:
    language = event.default_language
    for conflict in accepted:
        label = conflict.label(language)[:300]
        db.session.add(
            ConflictAcceptance(
                event_id=event.id,
                release_id=release.id,
                key=conflict.key,
                kind=conflict.kind,
                label=label,
                sessions=[t.uid for t in conflict.talks],
                reason=reason,
                actor_id=actor.id if actor else None,
                actor_email=actor.email if actor else "",
                accepted_at=release.published_at,
            )
        )
        audit.record(
            event.id,
            actor,
            "accepted",
            "conflict",
            conflict.key,
            label,
            [
                {"field": "kind", "before": None, "after": conflict.kind},
                {"field": "reason", "before": None, "after": reason},
                {"field": "release", "before": None, "after": release.number},
            ],
        )


def accepted_conflicts(event: Event) -> list[ConflictAcceptance]:
    """The event's accepted conflicts, oldest first, each with its release."""
    return list(
        db.session.scalars(
            select(ConflictAcceptance)
            .where(ConflictAcceptance.event_id == event.id)
            .options(joinedload(ConflictAcceptance.release))
            .order_by(ConflictAcceptance.id)
        )
    )
