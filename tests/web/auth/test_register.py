"""Attendees registering themselves."""

from sqlalchemy import func, select

from eventsvc.auth.models import Role, RoleGrant, User
from tests.factories import make_user
from tests.web.forms import post_form

GOOD = {
    "email": "Lin@Example.org",
    "display_name": "Lin",
    "password": "a long passphrase",
    "confirm": "a long passphrase",
}


def _count(in_app, model) -> int:
    with in_app() as session_:
        return session_.scalar(select(func.count()).select_from(model))


def test_register_creates_a_logged_in_attendee(client, in_app):
    answer = post_form(client, "/register", GOOD)
    assert answer.status_code == 302
    with in_app() as session_:
        user = session_.scalar(select(User))
        assert (user.email, user.display_name) == ("lin@example.org", "Lin")
        assert [(g.role, g.event_id, g.forum_id) for g in user.grants] == [
            (Role.ATTENDEE, None, None)
        ]
    assert "Log out of lin@example.org" in client.get("/logout").get_data(as_text=True)


def test_register_with_taken_email_creates_nothing(client, in_app):
    with in_app() as session_:
        make_user("lin@example.org")
        session_.commit()
    answer = post_form(client, "/register", GOOD)
    assert answer.status_code == 200
    assert "a user with email lin@example.org exists" in answer.get_data(as_text=True)
    assert _count(in_app, User) == 1
    assert _count(in_app, RoleGrant) == 1


def test_register_with_differing_passwords_creates_nothing(client, in_app):
    answer = post_form(client, "/register", {**GOOD, "confirm": "another passphrase"})
    assert "The passwords differ." in answer.get_data(as_text=True)
    assert _count(in_app, User) == 0


def test_register_with_short_password_creates_nothing(client, in_app):
    answer = post_form(client, "/register", {**GOOD, "password": "short", "confirm": "short"})
    assert answer.status_code == 200
    assert _count(in_app, User) == 0


def test_register_with_bad_email_shows_it_on_the_form(client, in_app):
    answer = post_form(client, "/register", {**GOOD, "email": "not-an-address"})
    assert "is not an email address" in answer.get_data(as_text=True)
    assert _count(in_app, User) == 0


def test_register_without_csrf_token_is_refused(client, in_app):
    assert client.post("/register", data=GOOD).status_code == 400
    assert _count(in_app, User) == 0
