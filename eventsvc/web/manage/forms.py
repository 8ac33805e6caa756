"""The /manage forms (Flask-WTF: every one carries a CSRF token).

Multilingual texts get one field per interface language (`name_en`, `name_zh`);
`text_map` gathers them and keeps any other language the object already had.
Edit forms carry the object's version: saving over a newer version is a conflict.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (DateField, DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ...events.models import OrgRole
from ...sessions.models import AppearanceRole, SessionKind, SessionStatus

LANGUAGES = ("en", "zh")


def text_map(form: FlaskForm, prefix: str, before: dict | None = None) -> dict | None:
    """{"en": ..., "zh": ...} from form fields prefix_en and prefix_zh, over before's other languages."""
    merged = {k: v for k, v in (before or {}).items() if k not in LANGUAGES}
    for lang in LANGUAGES:
        text = (getattr(form, f"{prefix}_{lang}").data or "").strip()
        if text:
            merged[lang] = text
    return merged or None


def fill_text(form: FlaskForm, prefix: str, value: dict | None) -> None:
    for lang in LANGUAGES:
        getattr(form, f"{prefix}_{lang}").data = (value or {}).get(lang, "")


def _choices(enum_cls):
    return [(m.value, m.value) for m in enum_cls]


class VersionedForm(FlaskForm):
    version = HiddenField()


class EventForm(VersionedForm):
    slug = StringField(_l("Slug"), validators=[DataRequired()])
    name_en = StringField(_l("Name (English)"))
    name_zh = StringField(_l("Name (Chinese)"))
    timezone = StringField(_l("Time zone"), default="Asia/Shanghai", validators=[DataRequired()])
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    venue_en = StringField(_l("Venue (English)"))
    venue_zh = StringField(_l("Venue (Chinese)"))


class ForumForm(VersionedForm):
    slug = StringField(_l("Slug"), validators=[DataRequired()])
    name_en = StringField(_l("Name (English)"))
    name_zh = StringField(_l("Name (Chinese)"))
    theme_en = StringField(_l("Theme (English)"))
    theme_zh = StringField(_l("Theme (Chinese)"))
    start_date = DateField(_l("First day"), validators=[Optional()])
    end_date = DateField(_l("Last day"), validators=[Optional()])
    position = IntegerField(_l("Position"), default=0, validators=[Optional(), NumberRange(min=0)])


class RoomForm(VersionedForm):
    slug = StringField(_l("Slug"), validators=[DataRequired()])
    name_en = StringField(_l("Name (English)"))
    name_zh = StringField(_l("Name (Chinese)"))
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1)])
    position = IntegerField(_l("Position"), default=0, validators=[Optional(), NumberRange(min=0)])


class OrganizationForm(VersionedForm):
    slug = StringField(_l("Slug"), validators=[DataRequired()])
    name_en = StringField(_l("Name (English)"))
    name_zh = StringField(_l("Name (Chinese)"))
    short_name_en = StringField(_l("Short name (English)"))
    short_name_zh = StringField(_l("Short name (Chinese)"))
    country = StringField(_l("Country (two letters)"))
    website = StringField(_l("Website"))


class OrgRoleForm(FlaskForm):
    organization = SelectField(_l("Organization"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=_choices(OrgRole))
    forum = SelectField(_l("At"))
    position = IntegerField(_l("Position"), validators=[Optional(), NumberRange(min=0)])


class PositionForm(FlaskForm):
    position = IntegerField(_l("Position"), validators=[InputRequired(), NumberRange(min=0)])


class SessionForm(VersionedForm):
    title_en = StringField(_l("Title (English)"))
    title_zh = StringField(_l("Title (Chinese)"))
    kind = SelectField(_l("Kind"), choices=_choices(SessionKind), default="speech")
    status = SelectField(_l("Status"), choices=_choices(SessionStatus), default="confirmed")
    start = DateTimeLocalField(_l("Starts (event time)"), format="%Y-%m-%dT%H:%M",
                               validators=[InputRequired()])
    end = DateTimeLocalField(_l("Ends (event time)"), format="%Y-%m-%dT%H:%M",
                             validators=[InputRequired()])
    room = SelectField(_l("Room"))
    language = StringField(_l("Language"))
    description_en = TextAreaField(_l("Description (English)"))
    description_zh = TextAreaField(_l("Description (Chinese)"))


class AppearanceForm(FlaskForm):
    speaker = SelectField(_l("Speaker"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=_choices(AppearanceRole))
    position = IntegerField(_l("Position"), validators=[Optional(), NumberRange(min=0)])


class AppearanceEditForm(FlaskForm):
    role = SelectField(_l("Role"), choices=_choices(AppearanceRole))
    position = IntegerField(_l("Position"), validators=[InputRequired(), NumberRange(min=0)])


class SpeakerForm(VersionedForm):
    family_name = StringField(_l("Family name (Latin)"))
    given_name = StringField(_l("Given name (Latin)"))
    name_order = SelectField(_l("Name order"), choices=[("given_first", _l("given name first")),
                                                         ("family_first", _l("family name first"))])
    family_name_zh = StringField(_l("Family name (Chinese)"))
    given_name_zh = StringField(_l("Given name (Chinese)"))
    honorific_en = StringField(_l("Honorific (English)"))
    honorific_zh = StringField(_l("Honorific (Chinese)"))
    title_en = StringField(_l("Title (English)"))
    title_zh = StringField(_l("Title (Chinese)"))
    affiliation_en = StringField(_l("Affiliation (English)"))
    affiliation_zh = StringField(_l("Affiliation (Chinese)"))
    organization = SelectField(_l("Organization"))
    country = StringField(_l("Country (two letters)"))
    precedence = IntegerField(_l("Protocol precedence"), validators=[Optional(), NumberRange(min=0)])
    photo_url = StringField(_l("Photo URL"))
    email = StringField(_l("Email (private)"))
    phone = StringField(_l("Phone (private)"))
    bio_en = TextAreaField(_l("Biography (English)"))
    bio_zh = TextAreaField(_l("Biography (Chinese)"))


class PublishForm(FlaskForm):
    comment = TextAreaField(_l("Comment (shown on the public changes page)"))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"))
    # The checked file comes back with the confirmation, so the import needs no second upload.
    csv_text = HiddenField()


class ConfirmForm(FlaskForm):
    """A button that posts (delete, remove): the CSRF token is its only field."""
