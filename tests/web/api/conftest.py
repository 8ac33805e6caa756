"""The API tests' world: every kind of user, with tokens, over two events (world.py)."""

import pytest

from tests.web.api.world import build_world


@pytest.fixture
def world(app):
    with app.app_context():
        return build_world()
