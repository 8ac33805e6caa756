"""A forum organizer's release: the previous release with one forum's part replaced.

A forum organizer may publish their forum and nothing else, so their release starts from
the previous release (or, before the first one, from an empty agenda of the event) and
swaps in the working state of their forum: its record and its sessions. Everything the
new sessions refer to (speakers, rooms, organizations) is taken from the previous release
when it is there, so shared records edited for another forum stay unpublished; only a
record the previous release lacks is added from the working tables. A session moved out
of this forum into another leaves the release until that forum (or the event) publishes.
A speaker withheld since (declined, withdrawn, marked not public) leaves it at once, with
their appearances in every forum: that is protocol's or security's call, not one forum's.
"""

from __future__ import annotations


def merge_forum(
    previous: dict | None, current: dict, forum_id: int, withheld: frozenset[int] = frozenset()
) -> dict:
    """previous with forum forum_id's part taken from current (both snapshots, format 1),
    without the speakers whose ids are in withheld."""
    base = previous or {
        **current,
        "organizations": [],
        "forums": [],
        "rooms": [],
        "speakers": [],
        "sessions": [],
    }
    ours = [s for s in current["sessions"] if s["forum"] == forum_id]
    forums = [f for f in base["forums"] if f["id"] != forum_id] + [
        f for f in current["forums"] if f["id"] == forum_id
    ]
    merged = {
        **base,
        "speakers": [s for s in base["speakers"] if s["id"] not in withheld],
        "forums": _in_order_of(forums, current["forums"]),
        "sessions": merge_sessions(base["sessions"], current["sessions"], forum_id, withheld),
    }
    _add_missing(merged, current, "speakers", {a["speaker"] for s in ours for a in s["speakers"]})
    _add_missing(merged, current, "rooms", {s["room"] for s in ours if s["room"] is not None})
    forum = next((f for f in merged["forums"] if f["id"] == forum_id), None)
    orgs = {r["organization"] for r in (forum or {}).get("organizations", [])}
    orgs |= {s["organization"] for s in merged["speakers"] if s["organization"] is not None}
    _add_missing(merged, current, "organizations", orgs)
    return merged


def merge_sessions(
    previous: list[dict], current: list[dict], forum_id: int, withheld: frozenset[int]
) -> list[dict]:
    """The sessions of a forum's release: forum forum_id's from current, the others from
    previous (without the withheld speakers), in agenda order."""
    ours = [s for s in current if s["forum"] == forum_id]
    taken = {s["uid"] for s in ours}
    sessions = [
        {**s, "speakers": [a for a in s["speakers"] if a["speaker"] not in withheld]}
        for s in previous
        if s["forum"] != forum_id and s["uid"] not in taken
    ] + ours
    return sorted(sessions, key=lambda s: (s["start"], s["id"]))


def _in_order_of(records: list[dict], order: list[dict]) -> list[dict]:
    """records sorted as in order; records that order lacks (deleted since) keep their place at
    the end."""
    rank = {r["id"]: i for i, r in enumerate(order)}
    return sorted(records, key=lambda r: rank.get(r["id"], len(rank)))


def _add_missing(merged: dict, current: dict, kind: str, wanted: set[int]) -> None:
    have = {r["id"] for r in merged[kind]}
    extra = [r for r in current[kind] if r["id"] in wanted - have]
    if extra:
        merged[kind] = (
            _in_order_of(merged[kind] + extra, current[kind])
            if kind == "rooms"
            else sorted(merged[kind] + extra, key=lambda r: r["id"])
        )
