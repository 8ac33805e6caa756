"""The agenda as public records: slugs instead of ids, every language kept as a map.

Language-neutral views for the JSON API and exports; pages use agenda.pages instead.
Only what the snapshot holds can appear here, and the snapshot holds nothing private.
"""

from __future__ import annotations

from datetime import date

from ..storable import shown_url
from .current import ReleaseRef
from .model import Agenda, Talk
from .names import display_name
from .query import Filters
from .query import sessions as select_sessions


def release(ref: ReleaseRef) -> dict:
    return {"number": ref.number, "published_at": ref.published_at, "digest": ref.digest}


def event(agenda: Agenda, ref: ReleaseRef) -> dict:
    e = agenda.event
    return {
        "slug": e["slug"],
        "name": e["name"],
        "venue": e["venue"],
        "description": e["description"],
        "default_language": e["default_language"],
        "languages": e["languages"],
        "timezone": e["timezone"],
        "start_date": _date(e["start_date"]),
        "end_date": _date(e["end_date"]),
        "organizations": _roles(agenda, e),
        "release": release(ref),
    }


def organization(o: dict) -> dict:
    return {
        **{k: o[k] for k in ("slug", "name", "short_name", "country")},
        "website": shown_url(o["website"]),
    }


def room(r: dict) -> dict:
    return {k: r[k] for k in ("slug", "name", "venue", "capacity")}


def forum(agenda: Agenda, f: dict) -> dict:
    return {
        **{k: f[k] for k in ("slug", "name", "theme", "description", "venue")},
        "start_date": _date(f["start_date"]),
        "end_date": _date(f["end_date"]),
        "organizations": _roles(agenda, f),
    }


def forum_detail(agenda: Agenda, f: dict) -> dict:
    """A forum with its sessions, as its page shows it."""
    return {
        **forum(agenda, f),
        "sessions": [session(agenda, s) for s in agenda.sessions_by_forum.get(f["id"], [])],
    }


def session(agenda: Agenda, s: Talk) -> dict:
    room_ = agenda.rooms_by_id.get(s.room_id) if s.room_id is not None else None
    return {
        "uid": s.uid,
        "title": s.title,
        "description": s.description,
        "kind": s.kind,
        "status": s.status,
        "language": s.language,
        "forum": agenda.forums_by_id[s.forum_id]["slug"],
        "room": room_["slug"] if room_ else None,
        "start": s.local_start,
        "end": s.local_end,
        "revision": s.revision,
        "changed_at": s.changed_at,
        "speakers": [_appearance(agenda, a) for a in s.appearances],
    }


def speaker(agenda: Agenda, s: dict) -> dict:
    org = agenda.organizations.get(s["organization"])
    return {
        "slug": s["slug"],
        "names": s["names"],
        "display_name": {lang: display_name(s, lang) for lang in agenda.event["languages"]},
        **{
            k: s[k]
            for k in (
                "honorific",
                "title",
                "affiliation",
                "bio",
                "country",
                "precedence",
            )
        },
        "photo_url": shown_url(s["photo_url"]),
        "organization": org["slug"] if org else None,
        "sessions": [t.uid for t in agenda.sessions_by_speaker.get(s["id"], [])],
    }


def agenda_days(agenda: Agenda, ref: ReleaseRef, filters: Filters) -> dict:
    """The published agenda nested by day, then forum in the forums' set order."""
    position = {f["id"]: i for i, f in enumerate(agenda.forums)}
    by_day: dict = {}
    for s in select_sessions(agenda, filters):
        by_day.setdefault(s.day, {}).setdefault(s.forum_id, []).append(session(agenda, s))
    return {
        "event": agenda.slug,
        "timezone": agenda.zone.key,
        "release": release(ref),
        "days": [
            {
                "date": day,
                "forums": [
                    {"forum": agenda.forums_by_id[fid]["slug"], "sessions": talks}
                    for fid, talks in sorted(forums.items(), key=lambda i: position[i[0]])
                ],
            }
            for day, forums in sorted(by_day.items())
        ],
    }


def change(agenda: Agenda, entry: dict) -> dict:
    """A changelog entry, the ids it names turned into slugs (None once gone from the agenda)."""
    out = {"type": entry["type"], "session": entry["session"], "title": entry["title"]}
    if entry["type"] == "moved":
        out["before"], out["after"] = (
            _slug(agenda.rooms_by_id, entry[k]) for k in ("before", "after")
        )
    elif "before" in entry:
        out["before"], out["after"] = entry["before"], entry.get("after")
    if "speaker" in entry:
        out["speaker"] = _slug(agenda.speakers, entry["speaker"])
    return out


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _slug(index: dict, key) -> str | None:
    found = index.get(key)
    return found["slug"] if found else None


def _roles(agenda: Agenda, holder: dict) -> list[dict]:
    return [
        {"organization": org["slug"], "role": role} for org, role in agenda.organizations_of(holder)
    ]


def _appearance(agenda: Agenda, a: dict) -> dict:
    record = agenda.speakers[a["speaker"]]
    return {
        "speaker": record["slug"],
        "role": a["role"],
        "title": a["title"] or record["title"],
        "affiliation": a["affiliation"] or record["affiliation"],
    }
