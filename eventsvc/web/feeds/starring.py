"""The star buttons on public pages, for signed-in accounts.

A page with star buttons carries the viewer's own stars and CSRF token, so it cannot come
from the shared page cache: public pages ask `starring()` and, for a signed-in viewer,
render a private copy. Anonymous visitors (no session user) cost nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_login import current_user

from ...auth.permissions import can_star
from ...sessions import stars


@dataclass(frozen=True, slots=True)
class Starring:
    uids: frozenset[str]  # what the viewer has starred
    back: str  # the page to come back to after the form


def starring() -> Starring | None:
    """The signed-in viewer's stars (one query per request), or None for anonymous visitors."""
    if not can_star(current_user):
        return None
    if "starring" not in g:
        back = request.full_path if request.query_string else request.path
        g.starring = Starring(frozenset(stars.starred_uids(current_user)), back)
    return g.starring
