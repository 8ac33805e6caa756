"""Speaker lists ordered as a protocol office would: precedence, then family name (pinyin for
Chinese)."""

import pytest
from sqlalchemy import select

from eventsvc.agenda import pages, query
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_forum, make_session, make_speaker


def _names(agenda, order, lang):
    return [s.name for s in pages.speakers(agenda, lang, order)]


@pytest.mark.parametrize("order", ["protocol", "name"])
def test_demo_speakers_in_both_orders(demo, published, order):
    agenda = published(demo)
    # Precedence (1, 2, 3) and family names (Chen, Phanraksa, Xue) agree for the demo.
    assert _names(agenda, order, "en") == ["Chen Jiachang", "Orakanoke Phanraksa", "Xue Lan"]
    assert _names(agenda, order, "zh") == ["陈家昌", "Orakanoke Phanraksa", "薛澜"]


@pytest.fixture
def mixed(app):
    """Chinese and Latin names, some ranked and some not, all in one session (a speaker of
    no session is not public)."""
    with app.app_context():
        event = make_event()
        hans = lambda family, given, py_family, py_given: [  # noqa: E731
            {"script": "Hans", "family": family, "given": given, "family_first": True},
            {"script": "Latn", "family": py_family, "given": py_given, "family_first": True},
        ]
        make_speaker(event, names=hans("王", "伟", "Wang", "Wei"), precedence=2)
        make_speaker(
            event, names=[{"script": "Latn", "family": "Schmidt", "given": "Anna"}], precedence=1
        )
        make_speaker(event, names=hans("李", "娜", "Li", "Na"))
        # Only characters: sorted by the pinyin of the family name (zhang).
        make_speaker(
            event, names=[{"script": "Hans", "family": "张", "given": "三", "family_first": True}]
        )
        make_speaker(event, names=[{"script": "Latn", "family": "Adams", "given": "Bob"}])
        make_speaker(
            event, names=[{"script": "Latn", "family": "Müller", "given": "Jan"}], precedence=2
        )
        make_speaker(event, names=[{"script": "Latn", "family": "Phanraksa", "given": "Orakanoke"}])
        everyone = db.session.scalars(select(Speaker).where(Speaker.event_id == event.id))
        make_session(make_forum(event), speakers=[{"speaker": s} for s in everyone])
        publish(event, None)
        db.session.commit()
        return event.slug


def test_mixed_speakers_in_protocol_order(mixed, published):
    agenda = published(mixed)
    assert _names(agenda, "protocol", "en") == [
        "Anna Schmidt",
        "Jan Müller",
        "Wang Wei",
        "Bob Adams",
        "Li Na",
        "Orakanoke Phanraksa",
        "张三",
    ]
    assert _names(agenda, "protocol", "zh") == [
        "Anna Schmidt",
        "Jan Müller",
        "王伟",
        "Bob Adams",
        "李娜",
        "Orakanoke Phanraksa",
        "张三",
    ]


def test_mixed_speakers_by_name(mixed, published):
    agenda = published(mixed)
    assert _names(agenda, "name", "en") == [
        "Bob Adams",
        "Li Na",
        "Jan Müller",
        "Orakanoke Phanraksa",
        "Anna Schmidt",
        "Wang Wei",
        "张三",
    ]
    assert _names(agenda, "name", "zh") == [
        "Bob Adams",
        "李娜",
        "Jan Müller",
        "Orakanoke Phanraksa",
        "Anna Schmidt",
        "王伟",
        "张三",
    ]


def test_parse_order_refuses_unknown_orders():
    from eventsvc.errors import ValidationError

    assert (query.parse_order(None), query.parse_order("name")) == ("protocol", "name")
    with pytest.raises(ValidationError):
        query.parse_order("age")
