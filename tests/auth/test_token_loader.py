"""Bearer tokens: who they stand for, and how often their last use is stamped."""

from datetime import timedelta

from eventsvc.auth.current import LAST_USED_RESOLUTION, _load_from_token
from eventsvc.auth.services import create_api_token
from eventsvc.extensions import db
from tests.factories import make_user


def _load(app, plain):
    with app.test_request_context(headers={"Authorization": f"Bearer {plain}"}) as ctx:
        return _load_from_token(ctx.request)


def test_token_last_use_is_stamped_at_most_once_per_resolution(app, ctx):
    user = make_user()
    token, plain = create_api_token(user)
    db.session.commit()
    assert _load(app, plain) is user
    first = token.last_used_at
    assert first is not None
    assert _load(app, plain) is user
    assert token.last_used_at == first
    token.last_used_at = first - LAST_USED_RESOLUTION - timedelta(seconds=1)
    _load(app, plain)
    assert token.last_used_at > first - timedelta(seconds=1)


def test_unknown_or_malformed_bearer_stands_for_nobody(app, ctx):
    for header_token in ("nope", "x" * 500):
        assert _load(app, header_token) is None
