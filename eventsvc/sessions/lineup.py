"""Changing who appears in a session, in which role and order (adding is services.add_appearance)."""

from __future__ import annotations

from ..errors import ValidationError
from ..extensions import db
from .models import Appearance, AppearanceRole


def update_appearance(appearance: Appearance, role: str, position: int, actor=None) -> Appearance:
    try:
        role = AppearanceRole(role)
    except ValueError as exc:
        raise ValidationError(f"role must be one of {', '.join(AppearanceRole)}", {"role": "invalid"}) from exc
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise ValidationError("position must be a whole number, 0 or more", {"position": "invalid"})
    appearance.role, appearance.position = role, position
    db.session.flush()
    return appearance


def remove_appearance(appearance: Appearance, actor=None) -> None:
    db.session.delete(appearance)
    db.session.flush()
