"""Attendees registering themselves: the page answers alike whether or not the address has an
account; the address is told by mail (a link to finish, or a reminder to sign in)."""

import re

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from eventsvc.auth.models import Role, User
from tests.factories import make_user
from tests.web.forms import post_form

GOOD = {"email": "Lin@Example.org", "display_name": "Lin"}
PASSWORDS = {"display_name": "Lin", "password": "a long passphrase", "confirm": "a long passphrase"}


def _count(in_app, model) -> int:
    with in_app() as session_:
        return session_.scalar(select(func.count()).select_from(model))


def _existing(in_app) -> None:
    with in_app() as session_:
        make_user("lin@example.org")
        session_.commit()


def _link(message) -> str:
    """The path of the first link in a message."""
    return re.search(r"http://localhost(/\S+)", message.get_content()).group(1)


def test_register_new_email_sends_welcome(client, smtp_server):
    post_form(client, "/register", GOOD)
    assert [(m["To"], m["Subject"]) for m in smtp_server.messages] == [
        ("lin@example.org", "Welcome: finish creating your account")
    ]


def test_register_existing_email_sends_reminder(client, in_app, smtp_server):
    _existing(in_app)
    post_form(client, "/register", GOOD)
    assert [(m["To"], m["Subject"]) for m in smtp_server.messages] == [
        ("lin@example.org", "You already have an account")
    ]


def test_register_answers_alike_whether_email_exists(app, in_app, smtp_server):
    first = post_form(app.test_client(), "/register", GOOD)
    _existing(in_app)
    second = post_form(app.test_client(), "/register", GOOD)
    assert (first.status_code, first.get_data(as_text=True)) == (
        second.status_code,
        second.get_data(as_text=True),
    )


def test_register_creates_no_account_before_the_link(client, in_app, smtp_server):
    post_form(client, "/register", GOOD)
    assert _count(in_app, User) == 0


def test_register_existing_email_changes_nothing(client, in_app, smtp_server):
    _existing(in_app)
    post_form(client, "/register", GOOD)
    assert _count(in_app, User) == 1


def test_welcome_link_creates_a_logged_in_attendee(client, in_app, smtp_server):
    post_form(client, "/register", GOOD)
    answer = post_form(client, _link(smtp_server.messages[0]), PASSWORDS)
    assert answer.status_code == 302
    with in_app() as session_:
        user = session_.scalar(select(User))
        assert (user.email, user.display_name, [(g.role, g.event_id) for g in user.grants]) == (
            "lin@example.org",
            "Lin",
            [(Role.ATTENDEE, None)],
        )
    assert "Log out of lin@example.org" in client.get("/logout").get_data(as_text=True)


def test_welcome_link_works_once(client, smtp_server):
    post_form(client, "/register", GOOD)
    link = _link(smtp_server.messages[0])
    post_form(client, link, PASSWORDS)
    assert client.get(link).status_code == 410


def test_welcome_link_expired_is_refused(client, smtp_server, monkeypatch):
    post_form(client, "/register", GOOD)
    link = _link(smtp_server.messages[0])
    later = TimestampSigner.get_timestamp(TimestampSigner("k")) + 25 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    answer = client.get(link)
    assert (answer.status_code, "This link has expired." in answer.get_data(as_text=True)) == (
        410,
        True,
    )


def test_altered_welcome_link_is_refused(client, smtp_server):
    post_form(client, "/register", GOOD)
    link = _link(smtp_server.messages[0])
    assert client.get(link[:-3] + "abc").status_code == 404


def test_welcome_link_with_differing_passwords_creates_nothing(client, in_app, smtp_server):
    post_form(client, "/register", GOOD)
    answer = post_form(
        client, _link(smtp_server.messages[0]), {**PASSWORDS, "confirm": "another passphrase"}
    )
    assert "The passwords differ." in answer.get_data(as_text=True)
    assert _count(in_app, User) == 0


def test_welcome_link_with_short_password_creates_nothing(client, in_app, smtp_server):
    post_form(client, "/register", GOOD)
    short = {**PASSWORDS, "password": "short", "confirm": "short"}
    assert post_form(client, _link(smtp_server.messages[0]), short).status_code == 200
    assert _count(in_app, User) == 0


def test_register_with_bad_email_shows_it_on_the_form(client, in_app, smtp_server):
    answer = post_form(client, "/register", {**GOOD, "email": "not-an-address"})
    assert "is not an email address" in answer.get_data(as_text=True)
    assert smtp_server.messages == []


def test_register_without_csrf_token_is_refused(client, smtp_server):
    assert client.post("/register", data=GOOD).status_code == 400
    assert smtp_server.messages == []


@pytest.mark.parametrize("lang, subject", [("zh", "欢迎：请完成账户注册")])
def test_welcome_mail_in_the_page_language(client, smtp_server, lang, subject):
    post_form(client, f"/register?lang={lang}", GOOD)
    assert smtp_server.messages[0]["Subject"] == subject
