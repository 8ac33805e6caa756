"""How /manage pages show names and conflicts, in the interface language."""

from __future__ import annotations

from collections.abc import Container

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...agenda.names import display_name
from ...sessions.conflicts import AgendaConflict
from ...speakers.models import Speaker
from .blueprint import bp


def speaker_name(speaker: Speaker) -> str:
    names = {
        "names": [
            {
                "script": n.script,
                "family": n.family,
                "given": n.given,
                "family_first": n.family_first,
            }
            for n in speaker.names
        ]
    }
    return display_name(names, str(get_locale() or "en"))


_POSTS = (("title", _l("Title")), ("affiliation", _l("Affiliation")))


def posts() -> tuple:
    """(field, label) of a speaker's title and affiliation in the order the page's language
    reads them: the affiliation first in Chinese (清华大学 院长), the title first in English."""
    return _POSTS[::-1] if str(get_locale()) == "zh" else _POSTS


_CONFLICTS = {
    "room_double_booked": _l("the room holds two sessions at once"),
    "outside_event_dates": _l("outside the event's dates"),
    "outside_forum_dates": _l("outside the forum's dates"),
    "no_room": _l("no room"),
    "no_speaker": _l("no speaker"),
}
# What a conflict means for publishing, as the heading of its line (the colon is the
# language's own: "：" in Chinese).
_STANDINGS = {
    "accepted": _l("Accepted:"),
    "blocking": _l("Blocks publishing:"),
    "warning": _l("Warning:"),
}


def conflict_label(conflict: AgendaConflict) -> str:
    if conflict.kind == "speaker_double_booked":
        name = speaker_name(conflict.speaker) if conflict.speaker else ""
        return _("%(name)s is in two sessions at once", name=name)
    return str(_CONFLICTS[conflict.kind])


def standing(conflict: AgendaConflict, accepted: Container[str]) -> str:
    """accepted (at a publish, with a reason), blocking (publishing) or warning."""
    if conflict.key in accepted:
        return "accepted"
    return "blocking" if conflict.blocking else "warning"


def worst(conflicts: list[AgendaConflict], accepted: Container[str]) -> str:
    """The standing that marks a session with these conflicts."""
    found = {standing(c, accepted) for c in conflicts}
    return next(kind for kind in ("blocking", "warning", "accepted") if kind in found)


@bp.context_processor
def _helpers():
    return {
        "speaker_name": speaker_name,
        "posts": posts,
        "conflict_label": conflict_label,
        "standing": standing,
        "worst": worst,
        "standing_label": lambda code: str(_STANDINGS[code]),
    }
