"""Changing who appears in a session, in which role and order (adding is services.add_appearance).

Like every change to a session, each one bumps its version and is written to the audit trail.
"""

from __future__ import annotations

from ..checks import whole_number
from ..errors import ValidationError
from ..extensions import db
from .models import Appearance, AppearanceRole
from .services import record_speakers_change, session_state


def update_appearance(appearance: Appearance, role: str, position: int, actor=None) -> Appearance:
    try:
        role = AppearanceRole(role)
    except ValueError as exc:
        raise ValidationError(
            f"role must be one of {', '.join(AppearanceRole)}", {"role": "invalid"}
        ) from exc
    if position in (None, ""):
        raise ValidationError("position is required", {"position": "required"})
    position = whole_number(position, "position")
    talk = appearance.talk
    before = session_state(talk)
    appearance.role, appearance.position = role, position
    # The list is ordered by position when loaded; keep it so for the audit's "after".
    talk.appearances.sort(key=lambda a: (a.position, a.id or 0))
    record_speakers_change(talk, before, actor)
    db.session.flush()
    return appearance


def remove_appearance(appearance: Appearance, actor=None) -> None:
    talk = appearance.talk
    before = session_state(talk)
    talk.appearances.remove(appearance)
    record_speakers_change(talk, before, actor)
    db.session.flush()
