"""Every write route against every row of the contract's role table.

Each case names a route, a body, and the roles allowed; everyone else is refused (401 when
anonymous, 403 otherwise) and a refusal changes nothing: the row counts and the rows of
every table are as before.

To add a route, add a Case: `kind="api"` sends JSON with the role's bearer token;
`kind="form"` logs the role in through /login and posts the form with the CSRF token
taken from `form_page` (anonymous is then sent to the login page: 302).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tests.conftest import empty_tables
from tests.web.api.world import PASSWORD, ROLES, World, build_world, contents, row_counts
from tests.web.forms import csrf_token

STAFF_UP = {"staff", "forum_a_org", "event_org", "admin"}
FORUM_A = {"forum_a_org", "event_org", "admin"}
EVENT_ORG = {"event_org", "admin"}
ANYONE = {"attendee", "staff", "staff_other", "forum_a_org", "event_org", "admin"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str  # formatted with the World's fields, and {role_token_id}
    allowed: frozenset[str]
    ok: int
    body: dict | Callable[[World], dict] | None = None
    kind: str = "api"
    form_page: str | None = None
    headers: dict = field(default_factory=dict)

    def path(self, world: World, role: str) -> str:
        return self.url.format(**vars(world), role_token_id=world.token_ids.get(role, 0))

    def data(self, world: World):
        return self.body(world) if callable(self.body) else self.body


def case(name, method, url, allowed, ok, body=None, **kw) -> Case:
    return Case(name, method, url, frozenset(allowed), ok, body, **kw)


E = "/api/v1/events/{event}"
SESSION_BODY = {"title": "New", "start": "2024-04-29T14:00", "end": "2024-04-29T15:00"}

CASES = [
    case(
        "create event",
        "POST",
        "/api/v1/events",
        {"admin"},
        201,
        {
            "slug": "new-event",
            "name": "New",
            "timezone": "Asia/Shanghai",
            "start_date": "2025-04-25",
        },
    ),
    case("edit event", "PATCH", E, EVENT_ORG, 200, {"venue": "Beijing"}),
    case(
        "create forum", "POST", E + "/forums", EVENT_ORG, 201, {"slug": "new-forum", "name": "New"}
    ),
    case("edit own forum A", "PATCH", E + "/forums/{forum_a}", FORUM_A, 200, {"theme": "AI"}),
    case("edit forum B", "PATCH", E + "/forums/{forum_b}", EVENT_ORG, 200, {"theme": "AI"}),
    case("delete forum", "DELETE", E + "/forums/{forum_empty}", EVENT_ORG, 204),
    case("create room", "POST", E + "/rooms", EVENT_ORG, 201, {"slug": "hall-9", "name": "Hall 9"}),
    case("edit room", "PATCH", E + "/rooms/{room}", EVENT_ORG, 200, {"capacity": 300}),
    case("delete room", "DELETE", E + "/rooms/{room_unused}", EVENT_ORG, 204),
    case(
        "create organization",
        "POST",
        E + "/organizations",
        EVENT_ORG,
        201,
        {"slug": "cast", "name": "CAST"},
    ),
    case(
        "edit organization", "PATCH", E + "/organizations/{org}", EVENT_ORG, 200, {"country": "CN"}
    ),
    case("delete organization", "DELETE", E + "/organizations/{org_unused}", EVENT_ORG, 204),
    case(
        "add event role",
        "POST",
        E + "/roles",
        EVENT_ORG,
        201,
        {"organization": "acme", "role": "supporter"},
    ),
    case("remove event role", "DELETE", E + "/roles/{org}/host", EVENT_ORG, 204),
    case(
        "add role at own forum A",
        "POST",
        E + "/forums/{forum_a}/roles",
        FORUM_A,
        201,
        {"organization": "acme", "role": "supporter"},
    ),
    case(
        "add role at forum B",
        "POST",
        E + "/forums/{forum_b}/roles",
        EVENT_ORG,
        201,
        {"organization": "acme", "role": "supporter"},
    ),
    case(
        "remove role at forum B",
        "DELETE",
        E + "/forums/{forum_b}/roles/{org}/organizer",
        EVENT_ORG,
        204,
    ),
    case(
        "create session in forum A",
        "POST",
        E + "/sessions",
        FORUM_A,
        201,
        lambda w: {**SESSION_BODY, "forum": w.forum_a},
    ),
    case(
        "create session in forum B",
        "POST",
        E + "/sessions",
        EVENT_ORG,
        201,
        lambda w: {**SESSION_BODY, "forum": w.forum_b},
    ),
    case(
        "edit session in forum A",
        "PATCH",
        E + "/sessions/{session_a}",
        FORUM_A,
        200,
        lambda w: {"title": "Renamed", "speakers": []},
    ),
    case(
        "edit session in forum B",
        "PATCH",
        E + "/sessions/{session_b}",
        EVENT_ORG,
        200,
        {"title": "Renamed"},
    ),
    case(
        "move session from A to B",
        "PATCH",
        E + "/sessions/{session_a}",
        EVENT_ORG,
        200,
        lambda w: {"forum": w.forum_b},
    ),
    case("delete session in forum B", "DELETE", E + "/sessions/{session_b}", EVENT_ORG, 204),
    case(
        "register speaker",
        "POST",
        E + "/speakers",
        STAFF_UP,
        201,
        {"names": [{"family": "Chen", "given": "Jiachang", "family_first": True}]},
    ),
    case(
        "edit speaker",
        "PATCH",
        E + "/speakers/{speaker}",
        STAFF_UP,
        200,
        {"email": "chen@example.org"},
    ),
    case("delete speaker", "DELETE", E + "/speakers/{speaker_unused}", STAFF_UP, 204),
    case("publish the event", "POST", E + "/releases", EVENT_ORG, 201, {"comment": "second"}),
    case("publish forum A", "POST", E + "/releases", FORUM_A, 201, lambda w: {"forum": w.forum_a}),
    case(
        "publish forum B", "POST", E + "/releases", EVENT_ORG, 201, lambda w: {"forum": w.forum_b}
    ),
    case("read a draft session", "GET", E + "/draft/sessions/{session_b}", STAFF_UP, 200),
    case("read the audit trail", "GET", E + "/audit", STAFF_UP, 200),
    case("create a token", "POST", "/api/v1/me/tokens", ANYONE, 201, {"label": "laptop"}),
    case("revoke own token", "DELETE", "/api/v1/me/tokens/{role_token_id}", ANYONE, 204),
    case("log out", "POST", "/logout", ANYONE, 302, kind="form", form_page="/logout"),
]


def expected(c: Case, role: str) -> int:
    if role in c.allowed:
        return c.ok
    if role == "anonymous":
        return 302 if c.kind == "form" else 401
    return 403


def perform(client, world: World, c: Case, role: str):
    path = c.path(world, role)
    if c.kind == "api":
        return client.open(
            path, method=c.method, json=c.data(world), headers={**world.headers(role), **c.headers}
        )
    if role != "anonymous":
        client.post(
            "/login",
            data={
                "csrf_token": csrf_token(client, "/login"),
                "email": world.emails[role],
                "password": PASSWORD,
            },
        )
    # Anonymous cannot open a protected form; the login page's token passes CSRF just the same,
    # so what refuses them is the route's own check.
    token = csrf_token(
        client, c.form_page.format(**vars(world)) if role != "anonymous" else "/login"
    )
    return client.open(path, method=c.method, data={"csrf_token": token, **(c.data(world) or {})})


def _fresh_world(app) -> World:
    empty_tables(app)
    with app.app_context():
        return build_world()


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.name)
def test_permission_matrix(app, c):
    """Refused roles go first, on one world (they must not change it); each allowed role gets
    a fresh world, since its request does change it."""
    refused = [r for r in ROLES if r not in c.allowed]
    allowed = [r for r in ROLES if r in c.allowed]
    wrong = []
    world = _fresh_world(app)
    with app.app_context():
        counts, before = row_counts(), contents()
    for role in refused:
        answer = perform(app.test_client(), world, c, role)
        if answer.status_code != expected(c, role):
            wrong.append(
                (role, expected(c, role), answer.status_code, answer.get_data(as_text=True)[:200])
            )
        elif c.kind == "api":
            assert set(answer.get_json()["error"]) == {"code", "message", "fields"}
        with app.app_context():
            assert row_counts() == counts, f"{role} was refused but rows were added or removed"
            assert contents() == before, f"{role} was refused but a row changed"
    for n, role in enumerate(allowed):
        world = world if n == 0 else _fresh_world(app)
        answer = perform(app.test_client(), world, c, role)
        if answer.status_code != c.ok:
            wrong.append((role, c.ok, answer.status_code, answer.get_data(as_text=True)[:200]))
    assert wrong == []
