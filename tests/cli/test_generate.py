"""eventsvc generate: deterministic and realistic."""

import json
from collections import Counter

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from eventsvc import create_app
from eventsvc.extensions import db
from eventsvc.releases.models import Release


def _generate(tmp_path, name, *args):
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path / name}")
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["generate", "--event", "synth", *args])
    with app.app_context():
        release = db.session.scalars(select(Release)).one()
        snapshot = json.loads(release.snapshot)
        digest = release.digest
        db.session.remove()
        db.engine.dispose()
    return result, digest, snapshot


SIZE = ["--forums", "6", "--sessions", "120", "--speakers", "150"]


def test_generate_same_seed_gives_the_same_conference(tmp_path):
    first = _generate(tmp_path, "a.sqlite", *SIZE, "--seed", "4")
    second = _generate(tmp_path, "b.sqlite", *SIZE, "--seed", "4")
    other = _generate(tmp_path, "c.sqlite", *SIZE, "--seed", "5")

    # published_at differs, so compare the agendas without the release-time stamps.
    def strip(snap):
        return [{k: v for k, v in s.items() if k != "changed_at"} for s in snap["sessions"]]

    assert strip(first[2]) == strip(second[2])
    assert first[2]["speakers"] == second[2]["speakers"]
    assert strip(first[2]) != strip(other[2])


def test_generate_makes_a_realistic_conference_of_the_asked_size(tmp_path):
    result, _, snap = _generate(tmp_path, "a.sqlite", *SIZE, "--days", "2")
    assert result.exit_code == 0, result.output
    assert "150 speakers" in result.output and "Published release 1" in result.output
    assert (len(snap["forums"]), len(snap["sessions"]), len(snap["speakers"])) == (6, 120, 150)
    assert len({f["start_date"] for f in snap["forums"]}) == 2
    scripts = Counter(n["script"] for s in snap["speakers"] for n in s["names"])
    assert scripts["Latn"] == 150 and scripts["Hans"] > 30
    statuses = Counter(s["status"] for s in snap["sessions"])
    assert statuses["cancelled"] >= 1 and statuses["confirmed"] > 100
    forums_of = {}
    for talk in snap["sessions"]:
        for a in talk["speakers"]:
            forums_of.setdefault(a["speaker"], set()).add(talk["forum"])
    assert any(len(f) > 1 for f in forums_of.values()), "speakers are shared across forums"
    roles = Counter(link["role"] for f in snap["forums"] for link in f["organizations"])
    assert roles["host"] == 6 and roles["organizer"] == 6


def test_generate_refuses_an_existing_slug_and_writes_nothing(tmp_path):
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}")
    with app.app_context():
        upgrade()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["generate", "--event", "synth", *SIZE]).exit_code == 0
    again = runner.invoke(args=["generate", "--event", "synth", *SIZE])
    assert again.exit_code == 1
    assert "an event with slug 'synth' exists" in again.output
    with app.app_context():
        assert len(db.session.scalars(select(Release)).all()) == 1
        db.engine.dispose()


@pytest.mark.parametrize("bad", [["--forums", "0"], ["--sessions", "-3"], ["--speakers", "x"]])
def test_generate_rejects_bad_sizes(tmp_path, bad):
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path / 'y.sqlite'}")
    args = dict(zip(SIZE[::2], SIZE[1::2], strict=False))
    args.update(dict([bad]))
    result = app.test_cli_runner().invoke(args=["generate", "--event", "s", *sum(args.items(), ())])
    assert result.exit_code == 2
    assert "Invalid value" in result.output
