"""Writing speakers: register, edit, delete (staff and organizers of the event); the draft read."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ...auth.permissions import can_manage_speakers
from ...events.models import Event, Organization
from ...speakers import services
from ...speakers.models import Registration, Speaker
from .common import (
    ETAG,
    READ_ERRORS,
    WRITE_ERRORS,
    Text,
    actor,
    allow,
    check_if_match,
    committed,
    documented,
    in_scope,
    install_guards,
    length,
    referenced,
    tagged,
)
from .working import SpeakerOut, speaker_json

blp = Blueprint("write-speakers", __name__, url_prefix="/api/v1", description="Writing speakers")
install_guards(blp)


class NameIn(Schema):
    script = fields.String(
        validate=validate.Length(max=4),
        metadata={"description": "ISO 15924: Latn (default), Hans, Hant, ..."},
    )
    family = fields.String(validate=length("family"))
    given = fields.String(validate=length("given"))
    family_first = fields.Boolean(
        metadata={"description": "true where the family name comes first"}
    )


class SpeakerCreate(Schema):
    slug = fields.String(
        validate=length("slug"), metadata={"description": "made from the Latin name when absent"}
    )
    names = fields.List(fields.Nested(NameIn), required=True, validate=validate.Length(min=1))
    honorific = Text("honorific", allow_none=True)
    title = Text("title", allow_none=True)
    affiliation = Text("affiliation", allow_none=True)
    bio = Text("bio", allow_none=True)
    organization = fields.String(
        allow_none=True,
        validate=length("slug"),
        metadata={"description": "the organization's slug"},
    )
    country = fields.String(allow_none=True, validate=length("country"))
    photo_url = fields.String(
        allow_none=True, validate=length("photo_url"), metadata={"format": "uri"}
    )
    email = fields.String(allow_none=True, validate=length("email"))
    phone = fields.String(allow_none=True, validate=length("phone"))
    precedence = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0))
    language = fields.String(
        allow_none=True,
        validate=validate.Length(max=8),
        metadata={"description": "the language of the notices sent to the speaker"},
    )
    registration = fields.String(
        validate=validate.OneOf([r.value for r in Registration]),
        metadata={"description": "declined and withdrawn speakers leave the next release"},
    )
    public = fields.Boolean(
        metadata={"description": "false keeps the speaker off public pages from the next release"}
    )


class SpeakerPatch(SpeakerCreate):
    class Meta:
        exclude = ("slug",)


def _resolve(event: Event, body: dict) -> dict:
    data = dict(body)
    if "organization" in data:
        org = referenced(Organization, event, data.pop("organization"), "organization")
        data["organization_id"] = org.id if org else None
    return data


@blp.route("/events/<event>/speakers", methods=["POST"])
@blp.arguments(SpeakerCreate)
@blp.response(201, SpeakerOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def create_speaker(body, event: Event):
    """Register a speaker."""
    allow(can_manage_speakers(actor(), event.id))
    speaker = services.create_speaker(event, _resolve(event, body), actor=actor())
    return tagged(
        speaker_json(speaker),
        speaker,
        201,
        Location=f"/api/v1/events/{event.slug}/draft/speakers/{speaker.slug}",
    )


@blp.route("/events/<event>/draft/speakers/<speaker>", methods=["GET"])
@blp.response(200, SpeakerOut, headers=ETAG)
@documented(blp, *READ_ERRORS)
@in_scope(speaker=Speaker)
def draft_speaker(event: Event, speaker: Speaker):
    """A speaker's working copy with private contacts, and the ETag for If-Match."""
    return tagged(speaker_json(speaker), speaker)


@blp.route("/events/<event>/speakers/<speaker>", methods=["PATCH"])
@blp.arguments(SpeakerPatch(partial=True))
@blp.response(200, SpeakerOut, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(speaker=Speaker)
def update_speaker(body, event: Event, speaker: Speaker):
    """Change a speaker; the slug stays."""
    allow(can_manage_speakers(actor(), event.id))
    check_if_match(speaker)
    services.update_speaker(speaker, event, _resolve(event, body), actor=actor())
    return tagged(speaker_json(speaker), speaker)


@blp.route("/events/<event>/speakers/<speaker>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope(speaker=Speaker)
def delete_speaker(event: Event, speaker: Speaker):
    """Delete a speaker who appears in no session (409 otherwise)."""
    allow(can_manage_speakers(actor(), event.id))
    check_if_match(speaker)
    services.delete_speaker(speaker, actor=actor())
    return "", 204
