"""Speakers: the list, the registration form (with the private contact fields), the CSV
template and the export (the import is roster.py)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...auth import permissions as can
from ...events.models import Event, Organization
from ...extensions import db
from ...speakers import csv_import
from ...speakers.models import Registration, Speaker
from ...speakers.search import find_ids, load
from ...speakers.services import create_speaker, update_speaker
from .access import child_or_404, event_or_404, user
from .blueprint import bp, pick_text
from .editing import attempt, saved, status
from .forms import REGISTRATION_LABELS, SpeakerForm, fill_text, text_map

_TEXTS = ("honorific", "title", "affiliation", "bio")
PAGE_SIZE = 100


@dataclass(frozen=True)
class Filters:
    """What the speaker list shows: unknown or bad values mean "all", never an error."""

    query: str
    state: Registration | None
    page: int

    def args(self, **changed) -> dict:
        """The query string of these filters, with changed values (page=2, say)."""
        args = {
            "q": self.query,
            "state": self.state.value if self.state else None,
            "page": self.page if self.page > 1 else None,
            **changed,
        }
        return {k: v for k, v in args.items() if v}


def _filters() -> Filters:
    states = {state.value: state for state in Registration}
    return Filters(
        query=request.args.get("q", "").strip()[:200],
        state=states.get(request.args.get("state", "")),
        page=max(request.args.get("page", 1, type=int), 1),
    )


@bp.get("/events/<slug>/speakers/")
def speakers(slug: str):
    """The event's speakers in protocol order, PAGE_SIZE at a time, found by name in any
    script, pinyin or affiliation (as the session form's picker finds them) and by state."""
    event = event_or_404(slug, can.can_manage_speakers)
    filters = _filters()
    chosen = select(Speaker).where(Speaker.event_id == event.id)
    if filters.state is not None:
        chosen = chosen.where(Speaker.registration == filters.state)
    chosen = chosen.order_by(
        Speaker.precedence.is_(None), Speaker.precedence, Speaker.sort_name, Speaker.id
    )
    if filters.query:
        # Pinyin and names in any script are matched in Python, as the session form's picker.
        ids = find_ids(chosen, filters.query)
        total = len(ids)
    else:
        total = db.session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    offset = (page - 1) * PAGE_SIZE
    if filters.query:
        shown = load(ids[offset : offset + PAGE_SIZE])
    else:
        shown = list(db.session.scalars(chosen.offset(offset).limit(PAGE_SIZE)))
    return render_template(
        "manage/speakers.html",
        event=event,
        speakers=shown,
        states=REGISTRATION_LABELS,
        filters=filters,
        total=total,
        page=page,
        pages=pages,
        first=offset + 1,
        last=offset + len(shown),
    )


def _speaker_form(event: Event, speaker: Speaker | None) -> SpeakerForm:
    form = SpeakerForm()
    if speaker is not None and not form.is_submitted():
        names = {n.script: n for n in speaker.names}
        latin, han = names.get("Latn"), names.get("Hans")
        # No obj=speaker: WTForms would prefer speaker.organization (an object) over its id here.
        form = SpeakerForm(
            version=speaker.version,
            country=speaker.country,
            precedence=speaker.precedence,
            photo_url=speaker.photo_url,
            email=speaker.email,
            phone=speaker.phone,
            family_name=latin.family if latin else "",
            given_name=latin.given if latin else "",
            name_order="family_first" if latin and latin.family_first else "given_first",
            family_name_zh=han.family if han else "",
            given_name_zh=han.given if han else "",
            name_order_zh="given_first" if han and not han.family_first else "family_first",
            organization=str(speaker.organization_id or ""),
            registration=speaker.registration.value,
            public=speaker.public,
            language=speaker.language or "",
        )
        for prefix in _TEXTS:
            fill_text(form, prefix, getattr(speaker, prefix))
    orgs = db.session.scalars(
        select(Organization).where(Organization.event_id == event.id).order_by(Organization.slug)
    )
    form.organization.choices = [("", "—")] + [
        (str(o.id), pick_text(o.name) or o.slug) for o in orgs
    ]
    return form


def _speaker_data(form: SpeakerForm, speaker: Speaker | None) -> dict:
    names = []
    if form.family_name.data or form.given_name.data:
        names.append(
            {
                "script": "Latn",
                "family": form.family_name.data,
                "given": form.given_name.data,
                "family_first": form.name_order.data == "family_first",
            }
        )
    if form.family_name_zh.data or form.given_name_zh.data:
        names.append(
            {
                "script": "Hans",
                "family": form.family_name_zh.data,
                "given": form.given_name_zh.data,
                "family_first": form.name_order_zh.data != "given_first",
            }
        )
    # Names in other scripts (Thai, say) come from the API or the import; the form keeps them.
    kept = [
        {"script": n.script, "family": n.family, "given": n.given, "family_first": n.family_first}
        for n in (speaker.names if speaker else [])
        if n.script not in ("Latn", "Hans")
    ]
    data = {
        prefix: text_map(form, prefix, getattr(speaker, prefix) if speaker else None)
        for prefix in _TEXTS
    }
    return {
        **data,
        "names": names + kept,
        "country": form.country.data,
        "precedence": form.precedence.data,
        "photo_url": form.photo_url.data,
        "email": form.email.data,
        "phone": form.phone.data,
        "organization_id": int(form.organization.data) if form.organization.data else None,
        "registration": form.registration.data,
        "public": bool(form.public.data),
        "language": form.language.data or None,
    }


@bp.route("/events/<slug>/speakers/new", methods=["GET", "POST"])
def speaker_new(slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    form = _speaker_form(event, None)
    if form.validate_on_submit() and attempt(
        form, lambda: create_speaker(event, _speaker_data(form, None), actor=user())
    ):
        saved(_("Speaker registered."))
        return redirect(url_for("manage.speakers", slug=slug))
    page = render_template(
        "manage/form.html", form=form, event=event, title=_("Register a speaker")
    )
    return page, status(form)


@bp.route("/events/<slug>/speakers/<speaker_slug>/edit", methods=["GET", "POST"])
def speaker_edit(slug: str, speaker_slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    speaker = child_or_404(Speaker, event, speaker_slug)
    form = _speaker_form(event, speaker)
    if (
        form.is_submitted()
        and form.validate()
        and attempt(
            form,
            lambda: update_speaker(speaker, event, _speaker_data(form, speaker), actor=user()),
            obj=speaker,
        )
    ):
        saved(_("Speaker saved."))
        return redirect(url_for("manage.speakers", slug=slug))
    page = render_template("manage/form.html", form=form, event=event, title=_("Edit speaker"))
    return page, status(form)


def _csv(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/events/<slug>/speakers/template.csv")
def speaker_template(slug: str):
    event_or_404(slug, can.can_manage_speakers)
    return _csv("\ufeff" + csv_import.template(), "speakers-template.csv")
