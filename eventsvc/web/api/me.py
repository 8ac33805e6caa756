"""/api/v1/me: the signed-in attendee's stars and personal feed URL."""

from __future__ import annotations

from flask import abort, current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ...auth import feeds as feed_tokens
from ...auth.permissions import can_star
from ...extensions import db
from ...sessions import stars
from ..absolute import external_url
from ..feeds.links import subscribe_links
from ..feeds.views import published_talk

blp = Blueprint(
    "me",
    __name__,
    url_prefix="/api/v1/me",
    description="The signed-in account: starred sessions and the personal calendar feed.",
)


class StarSchema(Schema):
    session = fields.String(required=True, metadata={"description": "the session's uid"})
    starred = fields.Boolean(required=True)


class FeedSchema(Schema):
    url = fields.String(
        required=True, metadata={"description": "the personal feed (keep it secret)"}
    )
    webcal = fields.String(required=True)
    google = fields.String(required=True, metadata={"description": "subscribe in Google Calendar"})


def _me():
    if not can_star(current_user):
        abort(401)
    return current_user._get_current_object()


@blp.route("/stars/<session_uid>")
class Stars(MethodView):
    @blp.response(200, StarSchema)
    @blp.doc(security=[{"bearer": []}])
    def put(self, session_uid: str):
        """Star a published session: it appears in the personal feed at the next poll."""
        me = _me()
        stars.star(me, published_talk(session_uid), actor=me)
        db.session.commit()
        return {"session": session_uid, "starred": True}

    @blp.response(204)
    @blp.doc(security=[{"bearer": []}])
    def delete(self, session_uid: str):
        """Remove the star (no error when there was none)."""
        me = _me()
        stars.unstar(me, stars.talk_by_uid(session_uid), actor=me)
        db.session.commit()


def _links(token: str) -> dict:
    return subscribe_links(external_url("feeds.personal_feed", token=token))


@blp.route("/feed")
class Feed(MethodView):
    @blp.response(200, FeedSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """The personal feed's URL, made on first use."""
        me = _me()
        token = feed_tokens.feed_token(me, current_app.config["SECRET_KEY"], actor=me)
        db.session.commit()
        return _links(token)

    @blp.response(200, FeedSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self):
        """Replace the feed's URL: the previous one answers 404 from now on."""
        me = _me()
        token = feed_tokens.rotate_feed_token(me, current_app.config["SECRET_KEY"], actor=me)
        db.session.commit()
        return _links(token)
