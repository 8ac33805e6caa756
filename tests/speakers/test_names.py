from eventsvc.agenda.names import display_name
from eventsvc.extensions import db
from tests.factories import make_event, make_speaker


def test_chinese_name_sorts_by_pinyin_of_the_family_name(ctx):
    event = make_event()
    speaker = make_speaker(
        event, names=[{"script": "Hans", "family": "薛", "given": "澜", "family_first": True}]
    )
    db.session.commit()
    assert speaker.sort_name == "xue\tlan"
    assert speaker.slug == "xue-lan"


def test_latin_name_is_preferred_for_the_sort_key_and_slug(ctx):
    event = make_event()
    speaker = make_speaker(
        event,
        names=[
            {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
            {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
        ],
    )
    assert (speaker.sort_name, speaker.slug) == ("chen\tjiachang", "chen-jiachang")


def test_names_display_in_their_own_order():
    chen = {
        "names": [
            {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
            {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
        ]
    }
    thai = {
        "names": [
            {"script": "Latn", "family": "Phanraksa", "given": "Orakanoke", "family_first": False}
        ]
    }
    assert display_name(chen, "en") == "Chen Jiachang"
    assert display_name(chen, "zh") == "陈家昌"
    assert display_name(thai, "en") == "Orakanoke Phanraksa"
    assert display_name(thai, "zh") == "Orakanoke Phanraksa"


def test_second_speaker_with_the_same_name_gets_its_own_slug(ctx):
    event = make_event()
    first = make_speaker(event, family="Wang", given="Wei")
    second = make_speaker(event, family="Wang", given="Wei")
    assert (first.slug, second.slug) == ("wei-wang", "wei-wang-2")
