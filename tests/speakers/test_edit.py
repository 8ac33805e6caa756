"""Editing a registered speaker."""

from eventsvc.extensions import db
from eventsvc.speakers.services import apply_fields
from tests.factories import make_event, make_speaker


def test_renaming_a_speaker_in_the_same_script_updates_the_name(ctx):
    event = make_event()
    speaker = make_speaker(event, family="Chen", given="Jia")
    db.session.commit()
    apply_fields(speaker, event, {"names": [{"script": "Latn", "family": "Li", "given": "Ming"}]})
    db.session.commit()
    db.session.expire_all()
    assert [(n.script, n.family, n.given) for n in speaker.names] == [("Latn", "Li", "Ming")]
    assert (speaker.sort_name, speaker.version) == ("li\tming", 2)
