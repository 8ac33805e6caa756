"""Marshmallow schemas of the public API's answers and of its error body (the contract's)."""

from __future__ import annotations

from flask import current_app
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema


def Text(**kwargs):
    """A multilingual text: always a map of language tag to text."""
    return fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        allow_none=True,
        metadata={
            "description": "language tag -> text",
            "example": {"en": "Opening speech", "zh": "开幕致辞"},
        },
        **kwargs,
    )


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"example": "not_found"})
    message = fields.String(required=True)
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "field -> what is wrong with it"},
    )


class ErrorBody(Schema):
    """Every API error: {"error": {"code", "message", "fields"}}."""

    error = fields.Nested(ErrorDetail, required=True)


class ReleaseInfo(Schema):
    number = fields.Integer()
    published_at = fields.DateTime()
    digest = fields.String(metadata={"description": "SHA-256 of the release's content"})


class RoleLink(Schema):
    organization = fields.String(metadata={"description": "organization slug"})
    role = fields.String(metadata={"example": "host"})


class EventSchema(Schema):
    slug = fields.String()
    name = Text()
    venue = Text()
    description = Text()
    default_language = fields.String()
    languages = fields.List(fields.String())
    timezone = fields.String(metadata={"example": "Asia/Shanghai"})
    start_date = fields.Date()
    end_date = fields.Date()
    organizations = fields.List(fields.Nested(RoleLink))
    release = fields.Nested(ReleaseInfo)


class OrganizationSchema(Schema):
    slug = fields.String()
    name = Text()
    short_name = Text()
    country = fields.String(allow_none=True)
    website = fields.String(allow_none=True)


class RoomSchema(Schema):
    slug = fields.String()
    name = Text()
    venue = Text()
    capacity = fields.Integer(allow_none=True)


class ForumSchema(Schema):
    slug = fields.String()
    name = Text()
    theme = Text()
    description = Text()
    venue = Text()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    organizations = fields.List(fields.Nested(RoleLink))


class AppearanceSchema(Schema):
    speaker = fields.String(metadata={"description": "speaker slug"})
    role = fields.String(metadata={"example": "speaker"})
    title = Text()
    affiliation = Text()


class SessionSchema(Schema):
    uid = fields.String(metadata={"description": "permanent identity (the iCalendar UID)"})
    title = Text()
    description = Text()
    kind = fields.String()
    status = fields.String(metadata={"example": "confirmed"})
    language = fields.String(allow_none=True)
    forum = fields.String(metadata={"description": "forum slug"})
    room = fields.String(allow_none=True, metadata={"description": "room slug"})
    start = fields.DateTime(
        metadata={"description": "local time in the event's zone, with its offset"}
    )
    end = fields.DateTime()
    revision = fields.Integer()
    changed_at = fields.DateTime()
    speakers = fields.List(fields.Nested(AppearanceSchema))


class ForumDetailSchema(ForumSchema):
    sessions = fields.List(fields.Nested(SessionSchema))


class NameSchema(Schema):
    script = fields.String(metadata={"example": "Hans"})
    family = fields.String()
    given = fields.String()
    family_first = fields.Boolean()


class SpeakerSchema(Schema):
    slug = fields.String()
    names = fields.List(fields.Nested(NameSchema))
    display_name = Text()
    honorific = Text()
    title = Text()
    affiliation = Text()
    bio = Text()
    country = fields.String(allow_none=True)
    photo_url = fields.String(allow_none=True)
    precedence = fields.Integer(allow_none=True)
    organization = fields.String(allow_none=True)
    sessions = fields.List(fields.String(), metadata={"description": "session uids"})


class AgendaForum(Schema):
    forum = fields.String()
    sessions = fields.List(fields.Nested(SessionSchema))


class AgendaDay(Schema):
    date = fields.Date()
    forums = fields.List(fields.Nested(AgendaForum))


class AgendaSchema(Schema):
    event = fields.String()
    timezone = fields.String()
    release = fields.Nested(ReleaseInfo)
    days = fields.List(fields.Nested(AgendaDay))


class ChangeSchema(Schema):
    type = fields.String(metadata={"example": "rescheduled"})
    session = fields.String()
    title = Text()
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)
    speaker = fields.String(allow_none=True)


class ReleaseSchema(Schema):
    number = fields.Integer()
    published_at = fields.DateTime()
    digest = fields.String()
    comment = Text()
    changelog = fields.List(fields.Nested(ChangeSchema))


def _page_of(item: type[Schema], name: str) -> type[Schema]:
    return type(
        name,
        (Schema,),
        {
            "items": fields.List(fields.Nested(item)),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
            "total": fields.Integer(metadata={"description": "items in all pages"}),
            "__doc__": f"One page of {item.__name__.removesuffix('Schema').lower()} records.",
        },
    )


EventPage = _page_of(EventSchema, "EventPage")
OrganizationPage = _page_of(OrganizationSchema, "OrganizationPage")
RoomPage = _page_of(RoomSchema, "RoomPage")
ForumPage = _page_of(ForumSchema, "ForumPage")
SessionPage = _page_of(SessionSchema, "SessionPage")
SpeakerPage = _page_of(SpeakerSchema, "SpeakerPage")
ReleasePage = _page_of(ReleaseSchema, "ReleasePage")


class PageArgs(Schema):
    """?page= and ?per_page=; other query arguments (like ?lang=) are ignored."""

    class Meta:
        unknown = EXCLUDE

    # Bounded so an offset never leaves the database's integer range.
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=None, validate=validate.Range(min=1))

    @validates_schema
    def _not_too_many(self, data, **_kwargs):
        limit = current_app.config["API_MAX_PER_PAGE"]
        if data.get("per_page") is not None and data["per_page"] > limit:
            raise ValidationError(f"at most {limit}", "per_page")


class SessionArgs(PageArgs):
    day = fields.Date(load_default=None)
    forum = fields.String(load_default=None)
    room = fields.String(load_default=None)


class AgendaArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    day = fields.Date(load_default=None)
    forum = fields.String(load_default=None)
    room = fields.String(load_default=None)


class SearchArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(
        load_default="",
        metadata={"description": "words, names (characters or pinyin), affiliations"},
    )


class SearchResults(Schema):
    q = fields.String()
    speakers = fields.List(fields.Nested(SpeakerSchema), metadata={"description": "best first"})
    sessions = fields.List(fields.Nested(SessionSchema), metadata={"description": "best first"})


class NowArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    at = fields.String(
        load_default=None, metadata={"description": "an ISO 8601 moment; default now"}
    )


class RoomNowSchema(Schema):
    room = fields.String(metadata={"description": "room slug"})
    current = fields.Nested(SessionSchema, allow_none=True)
    next = fields.Nested(SessionSchema, allow_none=True)


class NowSchema(Schema):
    at = fields.DateTime()
    rooms = fields.List(fields.Nested(RoomNowSchema))


class SpeakerArgs(PageArgs):
    forum = fields.String(load_default=None)
    order = fields.String(load_default="protocol", validate=validate.OneOf(["protocol", "name"]))
