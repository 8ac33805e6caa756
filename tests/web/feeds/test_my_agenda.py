"""/me/agenda and the header: the signed-in attendee's starred sessions and personal feed."""

import lxml.html
from sqlalchemy import select

from eventsvc.auth.models import User
from eventsvc.extensions import db
from eventsvc.sessions import stars
from eventsvc.sessions.models import Talk
from tests.factories import make_published_event, make_user
from tests.web.public.reading import Page


def _log_in(app, client, starred=()) -> int:
    with app.app_context():
        user = make_user(email="ada@example.org")
        for uid in starred:
            stars.star(user, stars.talk_by_uid(uid), actor=user)
        db.session.commit()
        user_id = user.id
    with client.session_transaction() as browser:
        browser["_user_id"] = str(user_id)
    return user_id


def test_my_agenda_lists_starred_sessions_by_day(app, client, conference):
    _log_in(app, client, starred=[conference.panel, conference.opening])
    response = client.get("/me/agenda?lang=en")
    page = Page(response)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert page.texts("//section[@class='my-event']/h3") == ["Monday, April 29, 2024"]
    assert page.texts("//section[@class='my-event']//article//*[@class='title']") == [
        "Opening",
        "Panel",
    ]


def test_my_agenda_offers_the_personal_feed(app, client, conference):
    _log_in(app, client)
    page = Page(client.get("/me/agenda?lang=en"))
    (url,) = page.attrs("//input[@id='feed-url']/@value")
    assert url.startswith("http://localhost/feeds/") and url.endswith(".ics")
    webcal = url.replace("http://", "webcal://")
    assert page.attrs("//section[@class='personal-feed']//a/@href")[0] == webcal
    assert client.get(url.removeprefix("http://localhost")).status_code == 200


def test_replacing_the_feed_url_retires_the_old_one(app, client, conference):
    _log_in(app, client)
    page = Page(client.get("/me/agenda?lang=en"))
    (old,) = page.attrs("//input[@id='feed-url']/@value")
    (csrf,) = page.attrs(
        "//section[@class='personal-feed']//form//input[@name='csrf_token']/@value"
    )
    answer = client.post("/me/agenda/feed", data={"csrf_token": csrf})
    assert (answer.status_code, answer.headers["Location"]) == (303, "/me/agenda?replaced=1")
    (new,) = Page(client.get("/me/agenda?lang=en")).attrs("//input[@id='feed-url']/@value")
    assert new != old
    assert client.get(old.removeprefix("http://localhost")).status_code == 404


def test_replacing_the_feed_url_needs_the_csrf_token(app, client, conference):
    _log_in(app, client)
    assert client.post("/me/agenda/feed", data={}).status_code == 400


def test_my_agenda_sends_anonymous_visitors_to_sign_in(client, conference):
    response = client.get("/me/agenda")
    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/login?next=/me/agenda",
    )


def test_header_offers_sign_in_and_register_to_anonymous_visitors(client, conference):
    page = Page(client.get(f"/events/{conference.event}?lang=en"))
    assert page.texts("//nav[@class='account']//a") == ["Sign in", "Register"]
    assert page.attrs("//nav[@class='account']//a/@href")[0] == (
        f"/login?next=/events/{conference.event}?lang%3Den&lang=en"
    )


def test_header_shows_the_account_my_agenda_and_sign_out(app, client, conference):
    _log_in(app, client)
    for url in (f"/events/{conference.event}?lang=en", "/manage/?lang=en", "/me/agenda?lang=en"):
        page = Page(client.get(url))
        assert page.texts("//nav[@class='account']//li") == [
            "My agenda",
            "ada@example.org",
            "Sign out",
        ], url


def test_anonymous_star_button_leads_to_sign_in_and_back(client, conference):
    page = f"/events/{conference.event}/sessions/{conference.talk}"
    tree = lxml.html.fromstring(client.get(f"{page}?lang=en").data)
    (href,) = tree.xpath("//ul[contains(@class,'add-to-calendar')]//a[@class='star-link']/@href")
    assert href == f"/login?next={page}%23s-{conference.talk}"


def test_anonymous_star_signs_in_and_comes_back_to_the_session(app, client, conference):
    """Following the star link, signing in there, lands on the same session, the star at hand."""
    with app.app_context():
        make_user(email="ada@example.org")
        db.session.commit()
    page = f"/events/{conference.event}/sessions/{conference.talk}"
    tree = lxml.html.fromstring(client.get(f"{page}?lang=en").data)
    (href,) = tree.xpath("//a[@class='star-link']/@href")
    login = Page(client.get(href))
    fields = {i.get("name"): i.get("value", "") for i in login.tree.xpath("//main//form//input")}
    answer = client.post(
        "/login", data={**fields, "email": "ada@example.org", "password": "correct horse battery"}
    )
    assert (answer.status_code, answer.headers["Location"]) == (302, f"{page}#s-{conference.talk}")
    back = Page(client.get(page + "?lang=en"))
    assert back.attrs("//form[@class='star']//button/@aria-pressed") == ["false"]


def test_star_button_on_a_session_page_stars_it(app, client, conference):
    user_id = _log_in(app, client)
    page = Page(client.get(f"/events/{conference.event}/sessions/{conference.talk}?lang=en"))
    fields = dict(
        zip(
            page.attrs("//form[@class='star']//input/@name"),
            page.attrs("//form[@class='star']//input/@value"),
            strict=True,
        )
    )
    (action,) = page.attrs("//form[@class='star']/@action")
    assert client.post(action, data=fields).status_code == 303
    with app.app_context():
        assert db.session.get(User, user_id).stars_version == 1


def _starring_user_of(size: int, app, client) -> None:
    with app.app_context():
        event, forum = make_published_event(size)
        user = make_user()
        for talk in db.session.scalars(select(Talk).where(Talk.forum_id == forum.id)):
            stars.star(user, talk, actor=user)
        db.session.commit()
        user_id = user.id
    with client.session_transaction() as browser:
        browser["_user_id"] = str(user_id)


def test_my_agenda_query_count_does_not_grow_with_the_stars(app, count_queries):
    counts = []
    for size in (1, 60):
        client = app.test_client()
        _starring_user_of(size, app, client)
        client.get("/me/agenda")  # the feed's token is made on the first visit
        with count_queries() as counter:
            assert client.get("/me/agenda").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
