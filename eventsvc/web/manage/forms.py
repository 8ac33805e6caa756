"""The /manage forms (Flask-WTF: every one carries a CSRF token).

Multilingual texts get one field per interface language (`name_en`, `name_zh`);
`text_map` gathers them and keeps any other language the object already had.
Edit forms carry the object's version: saving over a newer version is a conflict.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from ...speakers.models import Registration
from ...storable import MAX_LENGTH
from ..labels import ORGANIZATION_ROLES, SESSION_KINDS, SPEAKER_ROLES, STATUSES

REGISTRATION_LABELS = {
    Registration.INVITED: _l("invited"),
    Registration.CONFIRMED: _l("confirmed"),
    Registration.DECLINED: _l("declined"),
    Registration.WITHDRAWN: _l("withdrawn"),
}

LANGUAGES = ("en", "zh")


def text_map(form: FlaskForm, prefix: str, before: dict | None = None) -> dict | None:
    """{"en": ..., "zh": ...} from the fields prefix_en and prefix_zh, over before's other
    languages."""
    merged = {k: v for k, v in (before or {}).items() if k not in LANGUAGES}
    for lang in LANGUAGES:
        text = (getattr(form, f"{prefix}_{lang}").data or "").strip()
        if text:
            merged[lang] = text
    return merged or None


def fill_text(form: FlaskForm, prefix: str, value: dict | None) -> None:
    for lang in LANGUAGES:
        getattr(form, f"{prefix}_{lang}").data = (value or {}).get(lang, "")


def within(field: str) -> list:
    """The length storable.MAX_LENGTH allows field (the browser sees it as maxlength too)."""
    return [Length(max=MAX_LENGTH[field])]


def _clean(value) -> str:
    return (value or "").strip()


class TextField(StringField):
    """A one-line text, stripped; an absent field reads as empty, never None."""

    def __init__(self, label=None, validators=None, filters=(), **kwargs):
        super().__init__(label, validators, filters=(_clean, *filters), **kwargs)


def _choices(labels: dict):
    """Every code of labels, shown by its word in the interface language."""
    return [SelectChoice(code, label) for code, label in labels.items()]


class ReadingOrderForm(FlaskForm):
    """A form whose texts in two languages come in the reader's order: on a Chinese page each
    Chinese field before its English twin (标题（中文）, then 标题（英文）), and the fields of
    chinese_block (a name in characters, say) before those of latin_block."""

    latin_block: tuple[str, ...] = ()
    chinese_block: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if str(get_locale()) == "zh":
            fields = dict(_chinese_first(self._fields))
            if self.latin_block:
                fields = dict(_block_first(fields, self.chinese_block, self.latin_block[0]))
            self._fields = fields

    def texts(self, prefix: str) -> list:
        """The fields prefix_en and prefix_zh, in the reader's order."""
        twins = {f"{prefix}_{lang}" for lang in LANGUAGES}
        return [field for name, field in self._fields.items() if name in twins]


def _chinese_first(fields: dict):
    for name, field in fields.items():
        if name.endswith("_zh") and f"{name[:-3]}_en" in fields:
            continue  # given with its twin, in its twin's place
        if name.endswith("_en") and f"{name[:-3]}_zh" in fields:
            yield f"{name[:-3]}_zh", fields[f"{name[:-3]}_zh"]
        yield name, field


def _block_first(fields: dict, block: tuple[str, ...], before: str):
    """fields, with those named in block moved just before the field named before."""
    for name, field in fields.items():
        if name == before:
            yield from ((b, fields[b]) for b in block)
        if name not in block:
            yield name, field


class VersionedForm(ReadingOrderForm):
    version = HiddenField()


class EventForm(VersionedForm):
    slug = TextField(_l("Slug"), validators=[DataRequired(), *within("slug")])
    name_en = TextField(_l("Name (English)"), validators=within("name"))
    name_zh = TextField(_l("Name (Chinese)"), validators=within("name"))
    timezone = TextField(_l("Time zone"), default="Asia/Shanghai", validators=[DataRequired()])
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    venue_en = TextField(_l("Venue (English)"), validators=within("venue"))
    venue_zh = TextField(_l("Venue (Chinese)"), validators=within("venue"))


class ForumForm(VersionedForm):
    slug = TextField(_l("Slug"), validators=[DataRequired(), *within("slug")])
    name_en = TextField(_l("Name (English)"), validators=within("name"))
    name_zh = TextField(_l("Name (Chinese)"), validators=within("name"))
    theme_en = TextField(_l("Theme (English)"), validators=within("theme"))
    theme_zh = TextField(_l("Theme (Chinese)"), validators=within("theme"))
    start_date = DateField(_l("First day"), validators=[Optional()])
    end_date = DateField(_l("Last day"), validators=[Optional()])
    position = IntegerField(_l("Position"), default=0, validators=[Optional(), NumberRange(min=0)])


class RoomForm(VersionedForm):
    slug = TextField(_l("Slug"), validators=[DataRequired(), *within("slug")])
    name_en = TextField(_l("Name (English)"), validators=within("name"))
    name_zh = TextField(_l("Name (Chinese)"), validators=within("name"))
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1)])
    position = IntegerField(_l("Position"), default=0, validators=[Optional(), NumberRange(min=0)])


class OrganizationForm(VersionedForm):
    slug = TextField(_l("Slug"), validators=[DataRequired(), *within("slug")])
    name_en = TextField(_l("Name (English)"), validators=within("name"))
    name_zh = TextField(_l("Name (Chinese)"), validators=within("name"))
    short_name_en = TextField(_l("Short name (English)"), validators=within("short_name"))
    short_name_zh = TextField(_l("Short name (Chinese)"), validators=within("short_name"))
    country = TextField(_l("Country (two letters)"))
    website = TextField(_l("Website"), validators=within("website"))


class OrgRoleForm(FlaskForm):
    organization = SelectField(_l("Organization"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=_choices(ORGANIZATION_ROLES))
    forum = SelectField(_l("At"))
    position = IntegerField(_l("Position"), validators=[Optional(), NumberRange(min=0)])


class PositionForm(FlaskForm):
    position = IntegerField(_l("Position"), validators=[InputRequired(), NumberRange(min=0)])


class LineupRow(Form):
    """One speaker of a session: who (by slug), in which role, in which place."""

    speaker = HiddenField()
    role = SelectField(_l("Role"), choices=_choices(SPEAKER_ROLES), default="speaker")
    order = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=1)])


class SessionForm(VersionedForm):
    title_en = TextField(_l("Title (English)"), validators=within("title"))
    title_zh = TextField(_l("Title (Chinese)"), validators=within("title"))
    kind = SelectField(_l("Kind"), choices=_choices(SESSION_KINDS), default="speech")
    status = SelectField(_l("Status"), choices=_choices(STATUSES), default="confirmed")
    start = DateTimeLocalField(
        _l("Starts (event time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    end = DateTimeLocalField(
        _l("Ends (event time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    room = SelectField(_l("Room"))
    language = TextField(_l("Language"))
    description_en = TextAreaField(_l("Description (English)"), validators=within("description"))
    description_zh = TextAreaField(_l("Description (Chinese)"), validators=within("description"))
    speakers = FieldList(FormField(LineupRow))
    # The speaker picker's search: narrows the speakers offered, never saved.
    find = TextField(_l("Find a speaker (name in any script, pinyin or affiliation)"))


class MoveForm(VersionedForm):
    """A session dragged on the board: its new start (event time) and room; it keeps its length."""

    start = DateTimeLocalField(format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    room = TextField()


class SpeakerForm(VersionedForm):
    # Staff in Beijing type the name in characters first; abroad, the Latin one.
    latin_block = ("family_name", "given_name", "name_order")
    chinese_block = ("family_name_zh", "given_name_zh", "name_order_zh")

    family_name = TextField(_l("Family name (Latin)"), validators=within("family"))
    given_name = TextField(_l("Given name (Latin)"), validators=within("given"))
    name_order = SelectField(
        _l("Name order (Latin)"),
        choices=[
            SelectChoice("given_first", _l("given name first")),
            SelectChoice("family_first", _l("family name first")),
        ],
    )
    family_name_zh = TextField(_l("Family name (Chinese)"), validators=within("family"))
    given_name_zh = TextField(_l("Given name (Chinese)"), validators=within("given"))
    # A foreign name written in characters runs given name first: 法比奥拉·贾诺蒂.
    name_order_zh = SelectField(
        _l("Chinese name order"),
        choices=[
            SelectChoice("family_first", _l("family name first (a Chinese name)")),
            SelectChoice("given_first", _l("given name first, with a middle dot (a foreign name)")),
        ],
        default="family_first",
    )
    honorific_en = TextField(_l("Honorific (English)"), validators=within("honorific"))
    honorific_zh = TextField(_l("Honorific (Chinese)"), validators=within("honorific"))
    # A speaker's title is their post (Dean, 院长), not a session's title (标题).
    title_en = TextField(_l("Job title (English)"), validators=within("title"))
    title_zh = TextField(_l("Job title (Chinese)"), validators=within("title"))
    affiliation_en = TextField(_l("Affiliation (English)"), validators=within("affiliation"))
    affiliation_zh = TextField(_l("Affiliation (Chinese)"), validators=within("affiliation"))
    organization = SelectField(_l("Organization"))
    country = TextField(_l("Country (two letters)"))
    precedence = IntegerField(
        _l("Protocol precedence"), validators=[Optional(), NumberRange(min=0)]
    )
    photo_url = TextField(_l("Photo URL"), validators=within("photo_url"))
    email = TextField(_l("Email (private)"), validators=within("email"))
    phone = TextField(_l("Phone (private)"), validators=within("phone"))
    bio_en = TextAreaField(_l("Biography (English)"), validators=within("bio"))
    bio_zh = TextAreaField(_l("Biography (Chinese)"), validators=within("bio"))
    registration = SelectField(
        _l("Registration"),
        choices=[SelectChoice(state.value, label) for state, label in REGISTRATION_LABELS.items()],
        default=Registration.INVITED.value,
    )
    public = BooleanField(
        _l("Public (unticked: on no public page, whatever their sessions)"), default=True
    )
    language = SelectField(
        _l("Language of notices"),
        default="",
        choices=[
            SelectChoice("", _l("from the name (Chinese name: Chinese)")),
            SelectChoice("en", "English"),
            SelectChoice("zh", "中文"),
        ],
    )


class PublishForm(ReadingOrderForm):
    comment_en = TextAreaField(
        _l("Comment in English (shown on the public changes page)"), validators=within("comment")
    )
    comment_zh = TextAreaField(
        _l("Comment in Chinese (shown on the public changes page)"), validators=within("comment")
    )
    # The keys of the blocking conflicts ticked on the page; the page keeps those still open.
    accept_conflicts = SelectMultipleField(validate_choice=False)
    accept_reason = TextAreaField(
        _l("Why the ticked conflicts are accepted (shown on the public changes page)"),
        filters=(_clean,),
        validators=within("reason"),
    )

    def validate_accept_reason(self, field) -> None:
        if self.accept_conflicts.data and not field.data:
            raise StopValidation(_l("Say why the ticked conflicts are accepted."))


class ImportForm(FlaskForm):
    file = FileField(_l("Roster (.xlsx or CSV)"))
    # The checked file comes back with the confirmation (base64), so no second upload.
    data_file = HiddenField()


class ConfirmForm(FlaskForm):
    """A button that posts (delete, remove): the CSRF token is its only field."""


class TokenForm(FlaskForm):
    label = TextField(_l("Label (what the token is for)"), validators=within("label"))


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), filters=(_clean,), validators=[DataRequired(), Length(max=254)])
    # "organizer", "staff" or "forum:<slug>" (organizer of that forum); choices set per page.
    role = SelectField(_l("Role"))
