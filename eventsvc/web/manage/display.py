"""How /manage pages show names and conflicts, in the interface language."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

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


def conflict_label(conflict: AgendaConflict) -> str:
    labels = {
        "speaker_double_booked": _(
            "%(name)s is in two sessions at once",
            name=speaker_name(conflict.speaker) if conflict.speaker else "",
        ),
        "room_double_booked": _("the room holds two sessions at once"),
        "outside_event_dates": _("outside the event's dates"),
        "outside_forum_dates": _("outside the forum's dates"),
        "no_room": _("no room"),
        "no_speaker": _("no speaker"),
    }
    return labels[conflict.kind]


@bp.context_processor
def _helpers():
    return {"speaker_name": speaker_name, "conflict_label": conflict_label}
