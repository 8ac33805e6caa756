"""Compare two snapshots: what a release changed, and each session's revision."""

from __future__ import annotations

# A change to any of these is significant for calendar clients: the revision (iCal SEQUENCE)
# goes up. Other public changes (description, speakers) only move changed_at.
SIGNIFICANT = ("start", "end", "room", "title", "status")
_REVISION_FIELDS = ("revision", "changed_at")


def stamp_revisions(previous: dict | None, current: dict, published_at: str) -> None:
    """Give every session of current its revision and changed_at, compared with previous."""
    before = {s["uid"]: s for s in (previous or {}).get("sessions", [])}
    for talk in current["sessions"]:
        old = before.get(talk["uid"])
        if old is None:
            talk["revision"], talk["changed_at"] = 0, published_at
            continue
        public_old = {k: v for k, v in old.items() if k not in _REVISION_FIELDS}
        public_new = {k: v for k, v in talk.items() if k not in _REVISION_FIELDS}
        significant = any(old.get(k) != talk.get(k) for k in SIGNIFICANT)
        talk["revision"] = old["revision"] + (1 if significant else 0)
        talk["changed_at"] = published_at if public_old != public_new else old["changed_at"]


def diff(previous: dict | None, current: dict) -> list[dict]:
    """The changelog entries of current against previous, sessions in agenda order."""
    before = {s["uid"]: s for s in (previous or {}).get("sessions", [])}
    now = {s["uid"]: s for s in current["sessions"]}
    entries: list[dict] = []
    for uid, talk in now.items():
        old = before.get(uid)
        if old is None:
            entries.append(_entry("added", talk))
            continue
        entries.extend(_session_changes(old, talk))
    for uid, old in before.items():
        if uid not in now:
            entries.append(_entry("removed", old))
    return entries


def _entry(kind: str, talk: dict, **details) -> dict:
    return {"type": kind, "session": talk["uid"], "title": talk["title"], **details}


def _session_changes(old: dict, new: dict) -> list[dict]:
    out = []
    if old["status"] != new["status"]:
        kind = "cancelled" if new["status"] == "cancelled" else "status_changed"
        out.append(_entry(kind, new, before=old["status"], after=new["status"]))
    if (old["start"], old["end"]) != (new["start"], new["end"]):
        out.append(
            _entry(
                "rescheduled",
                new,
                before=[old["start"], old["end"]],
                after=[new["start"], new["end"]],
            )
        )
    if old["room"] != new["room"]:
        out.append(_entry("moved", new, before=old["room"], after=new["room"]))
    if old["title"] != new["title"]:
        out.append(_entry("retitled", new, before=old["title"]))
    old_speakers = {a["speaker"] for a in old["speakers"]}
    new_speakers = {a["speaker"] for a in new["speakers"]}
    for speaker in sorted(new_speakers - old_speakers):
        out.append(_entry("speaker_added", new, speaker=speaker))
    for speaker in sorted(old_speakers - new_speakers):
        out.append(_entry("speaker_removed", new, speaker=speaker))
    if not out and _without(old, "speakers") != _without(new, "speakers"):
        out.append(_entry("changed", new))
    return out


def _without(talk: dict, *keys: str) -> dict:
    return {k: v for k, v in talk.items() if k not in keys + _REVISION_FIELDS}
