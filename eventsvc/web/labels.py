"""Words for the codes the agenda stores (kinds, roles, statuses, changes), in the interface
language."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

SESSION_KINDS = {
    "opening": _l("Opening"),
    "keynote": _l("Keynote"),
    "speech": _l("Speech"),
    "remarks": _l("Remarks"),
    "panel": _l("Panel"),
    "dialogue": _l("Dialogue"),
    "ceremony": _l("Ceremony"),
    "break": _l("Break"),
    "other": _l("Session"),
}
STATUSES = {
    "confirmed": _l("Confirmed"),
    "tentative": _l("Tentative"),
    "cancelled": _l("Cancelled"),
}
SPEAKER_ROLES = {
    "speaker": _l("Speaker"),
    "keynote": _l("Keynote speaker"),
    "moderator": _l("Moderator"),
    "host": _l("Host"),
    "panelist": _l("Panelist"),
    "discussant": _l("Discussant"),
}
# An organization's part in an event or forum, as a heading over one or more names.
ORGANIZATION_ROLES = {
    "host": lazy_pgettext("organization", "Host"),
    "organizer": lazy_pgettext("organization", "Organizers"),
    "co-organizer": lazy_pgettext("organization", "Co-organizers"),
    "supporter": lazy_pgettext("organization", "Supporters"),
}
CHANGES = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "cancelled": _l("Cancelled"),
    "status_changed": _l("Status changed"),
    "rescheduled": _l("Rescheduled"),
    "moved": _l("Moved to another room"),
    "retitled": _l("Retitled"),
    "speaker_added": _l("Speaker added"),
    "speaker_removed": _l("Speaker removed"),
    "changed": _l("Details changed"),
}
LANGUAGES = {"en": "English", "zh": "中文"}


def _label(table: dict):
    def label(code: str) -> str:
        return str(table.get(code, code))

    return label


def register(app: Flask) -> None:
    app.add_template_filter(_label(SESSION_KINDS), "kind_label")
    app.add_template_filter(_label(STATUSES), "status_label")
    app.add_template_filter(_label(SPEAKER_ROLES), "role_label")
    app.add_template_filter(_label(ORGANIZATION_ROLES), "org_role_label")
    app.add_template_filter(_label(CHANGES), "change_label")
    app.jinja_env.globals["language_names"] = LANGUAGES
