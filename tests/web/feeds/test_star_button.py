"""The star button on public pages: a plain form with a CSRF token, no JavaScript needed."""

import html5lib

from eventsvc.auth.models import User
from eventsvc.extensions import db
from tests.factories import make_user

NS = {"h": "http://www.w3.org/1999/xhtml"}


def _log_in(app, client) -> int:
    with app.app_context():
        user = make_user()
        db.session.commit()
        user_id = user.id
    with client.session_transaction() as browser:
        browser["_user_id"] = str(user_id)
    return user_id


def _star_forms(page: bytes) -> dict[str, tuple[str, dict]]:
    """Each session's star form: {session uid: (form URL, {field name: value})}."""
    tree = html5lib.parse(page, namespaceHTMLElements=True)
    forms = {}
    for article in tree.iterfind(".//h:article", NS):
        form = article.find(".//h:form[@class='star']", NS)
        if form is not None:
            fields = {i.get("name"): i.get("value") for i in form.iterfind(".//h:input", NS)}
            forms[article.get("id").removeprefix("s-")] = (form.get("action"), fields)
    return forms


def test_signed_in_attendee_stars_a_session_from_the_forum_page(app, client, conference):
    user_id = _log_in(app, client)
    page = f"/events/{conference.event}/forums/{conference.forums[0]}"
    forms = _star_forms(client.get(page).data)
    assert sorted(forms) == sorted([conference.opening, conference.talk])
    url, fields = forms[conference.talk]
    assert url == f"/events/{conference.event}/sessions/{conference.talk}/star"
    assert (sorted(fields), fields["action"], fields["next"]) == (
        ["action", "csrf_token", "next"],
        "star",
        f"{page}#s-{conference.talk}",
    )
    response = client.post(url, data=fields)
    assert (response.status_code, response.headers["Location"]) == (
        303,
        f"{page}#s-{conference.talk}",
    )
    with app.app_context():
        assert db.session.get(User, user_id).stars_version == 1


def test_starred_session_offers_unstar(app, client, conference):
    user_id = _log_in(app, client)
    page = f"/events/{conference.event}/forums/{conference.forums[0]}"
    url, fields = _star_forms(client.get(page).data)[conference.talk]
    client.post(url, data=fields)
    forms = _star_forms(client.get(page).data)
    assert (forms[conference.talk][1]["action"], forms[conference.opening][1]["action"]) == (
        "unstar",
        "star",
    )
    url, fields = forms[conference.talk]
    client.post(url, data=fields)
    assert _star_forms(client.get(page).data)[conference.talk][1]["action"] == "star"
    with app.app_context():
        assert db.session.get(User, user_id).stars_version == 2


def test_anonymous_visitors_get_the_shared_page_without_star_forms(client, conference):
    response = client.get(f"/events/{conference.event}/forums/{conference.forums[0]}")
    assert _star_forms(response.data) == {}
    assert response.headers["Cache-Control"].startswith("public")


def test_signed_in_page_is_private(app, client, conference):
    _log_in(app, client)
    response = client.get(f"/events/{conference.event}")
    assert response.headers["Cache-Control"].startswith("private")
    assert len(_star_forms(response.data)) == 3
