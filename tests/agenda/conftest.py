"""The agenda read side, built from real releases."""

from __future__ import annotations

import pytest

from eventsvc.agenda.current import agenda_for, current_release


@pytest.fixture
def published(app):
    """published(slug) -> the Agenda of the event's newest release."""

    def read(slug: str):
        with app.app_context():
            return agenda_for(current_release(slug))

    return read
