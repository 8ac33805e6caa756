"""Logging in and out: passwords, next pages, CSRF and throttling."""

import pytest

from eventsvc.auth.models import User
from eventsvc.extensions import limiter
from tests.factories import make_event, make_user
from tests.web.forms import post_form

PASSWORD = "correct horse battery"


@pytest.fixture
def user(in_app):
    with in_app() as session_:
        user_id = make_user("ada@example.org", role="attendee").id
        session_.commit()
    return user_id


def _logged_in_as(client) -> str | None:
    page = client.get("/logout").get_data(as_text=True)
    return "ada@example.org" if "Log out of ada@example.org" in page else None


def test_login_with_right_password_goes_to_next_page(client, user):
    answer = post_form(
        client,
        "/login",
        {"email": "Ada@Example.org", "password": PASSWORD, "next": "/events/x?day=2024-04-29"},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/events/x?day=2024-04-29"
    assert _logged_in_as(client) == "ada@example.org"


def test_login_as_staff_without_next_goes_to_workspace(client, in_app):
    with in_app() as session_:
        make_user("staff@example.org", role="staff", event=make_event())
        session_.commit()
    answer = post_form(client, "/login", {"email": "staff@example.org", "password": PASSWORD})
    assert answer.headers["Location"] == "/manage"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "evil.example",
        "",
    ],
)
def test_login_next_off_site_goes_home_instead(client, user, target):
    answer = post_form(
        client, "/login", {"email": "ada@example.org", "password": PASSWORD, "next": target}
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"


def test_login_with_wrong_password_is_refused(client, user):
    answer = post_form(
        client, "/login", {"email": "ada@example.org", "password": "wrong password!"}
    )
    assert answer.status_code == 200
    assert "Wrong email or password." in answer.get_data(as_text=True)
    assert _logged_in_as(client) is None


def test_login_with_unknown_email_says_the_same(client, user):
    answer = post_form(client, "/login", {"email": "bob@example.org", "password": PASSWORD})
    assert "Wrong email or password." in answer.get_data(as_text=True)
    assert _logged_in_as(client) is None


def test_login_of_deactivated_user_is_refused(client, user, in_app):
    with in_app() as session_:
        session_.get(User, user).active = False
        session_.commit()
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    assert _logged_in_as(client) is None


def test_login_without_csrf_token_is_refused(client, user):
    answer = client.post("/login", data={"email": "ada@example.org", "password": PASSWORD})
    assert answer.status_code == 400
    assert "CSRF" in answer.get_data(as_text=True)
    assert _logged_in_as(client) is None


def test_login_session_cookie_is_http_only_and_same_site(client, user):
    answer = post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie


def test_production_cookies_are_secure_only(app):
    from flask import Config

    from eventsvc.settings import load

    config = Config(app.root_path)
    load(
        config,
        app.instance_path,
        "production",
        {"SECRET_KEY": "x" * 40, "PUBLIC_URL": "https://agenda.example.org"},
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["PERMANENT_SESSION_LIFETIME"] == 12 * 3600


@pytest.fixture
def three_per_minute(app):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    yield
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    limiter.reset()


def test_login_throttled_after_the_limit(client, user, three_per_minute):
    statuses = [
        post_form(
            client, "/login", {"email": "ada@example.org", "password": "wrong password!"}
        ).status_code
        for _ in range(3)
    ]
    throttled = post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    assert statuses == [200, 200, 200]
    assert throttled.status_code == 429
    assert throttled.mimetype == "text/html"
    assert "429" in throttled.get_data(as_text=True)
    assert 0 < int(throttled.headers["Retry-After"]) <= 60
    assert _logged_in_as(client) is None


def test_login_page_itself_is_not_throttled(client, user, three_per_minute):
    assert [client.get("/login").status_code for _ in range(5)] == [200] * 5


def test_logout_by_post_ends_the_session(client, user):
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    answer = post_form(client, "/logout", {})
    assert answer.status_code == 302
    assert _logged_in_as(client) is None


def test_logout_by_get_only_asks(client, user):
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    assert client.get("/logout").status_code == 200
    assert _logged_in_as(client) == "ada@example.org"


def test_logout_without_csrf_token_is_refused(client, user):
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    assert client.post("/logout").status_code == 400
    assert _logged_in_as(client) == "ada@example.org"


def test_login_form_labels_follow_the_language(client):
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert "<h1>Log in</h1>" in page


def test_login_page_escapes_a_hostile_next(client):
    page = client.get('/login?next="><script>alert(1)</script>').get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _copy_of_session_cookie(client, app):
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_cookie_copied_before_logout_no_longer_works(app, client, user):
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    copy = _copy_of_session_cookie(client, app)
    post_form(client, "/logout", {})
    assert _logged_in_as(copy) is None


def test_cookie_copy_works_until_logout(app, client, user):
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    assert _logged_in_as(_copy_of_session_cookie(client, app)) == "ada@example.org"


def test_login_after_logout_works_again(client, user):
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    post_form(client, "/logout", {})
    post_form(client, "/login", {"email": "ada@example.org", "password": PASSWORD})
    assert _logged_in_as(client) == "ada@example.org"
