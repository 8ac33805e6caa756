"""A release's comment is multilingual text: a string (the default language) or a language map,
in the API, the CLI and the manage form, shown in the reader's language on the changes page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsvc.errors import ValidationError
from eventsvc.extensions import db
from eventsvc.releases.models import Release
from eventsvc.releases.publish import publish
from tests.factories import make_event, make_forum, make_session
from tests.web.public.reading import read


def test_publish_stores_a_string_comment_in_the_default_language(ctx):
    event = make_event(default_language="zh")
    assert publish(event, None, comment=" 首版 ").comment == {"zh": "首版"}


def test_publish_stores_a_language_map_comment(ctx):
    event = make_event()
    release = publish(event, None, comment={"en": "First", "zh": "首版"})
    assert release.comment == {"en": "First", "zh": "首版"}


def test_publish_without_comment_stores_none(ctx):
    assert publish(make_event(), None).comment is None


def test_publish_refuses_a_comment_in_no_language(ctx):
    with pytest.raises(ValidationError) as caught:
        publish(make_event(), None, comment={"not a tag!": "x"})
    assert caught.value.fields == {"comment": "invalid"}


def test_publish_refuses_an_overlong_comment(ctx):
    with pytest.raises(ValidationError) as caught:
        publish(make_event(), None, comment={"zh": "长" * 2001})
    assert caught.value.fields == {"comment": "too long"}


@pytest.fixture
def commented(app):
    with app.app_context():
        event = make_event()
        make_session(make_forum(event))
        publish(event, None, comment={"en": "Afternoon instead", "zh": "改到下午"})
        db.session.commit()
        return event.slug


@pytest.mark.parametrize(("lang", "shown"), [("en", ["Afternoon instead"]), ("zh", ["改到下午"])])
def test_changes_page_shows_the_comment_in_the_readers_language(client, commented, lang, shown):
    page = read(client, f"/events/{commented}/changes?lang={lang}")
    assert page.texts("//p[@class='comment']") == shown


def test_changes_page_marks_a_fallback_comment_with_its_language(client, app):
    with app.app_context():
        event = make_event()
        make_session(make_forum(event))
        publish(event, None, comment="English only")
        db.session.commit()
        slug = event.slug
    page = read(client, f"/events/{slug}/changes?lang=zh")
    assert page.attrs("//p[@class='comment']/@lang") == ["en"]


def test_releases_api_answers_the_comment_as_a_map(client, commented):
    body = client.get(f"/api/v1/events/{commented}/releases").get_json()
    assert [r["comment"] for r in body["items"]] == [{"en": "Afternoon instead", "zh": "改到下午"}]


def test_publish_cli_takes_comments_in_several_languages(app, ctx):
    event = make_event(slug="zgc-comments")
    make_session(make_forum(event))
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["publish", "zgc-comments", "--comment", "Day two", "--comment-in", "zh", "第二天"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Release.comment)) == {"en": "Day two", "zh": "第二天"}
