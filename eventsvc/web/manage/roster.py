"""Importing a roster of speakers: upload, a preview to check, then the import as chosen.

The upload runs a dry run and shows each row as it will be saved, every error in the page's
language, and the speakers or earlier rows it matches, with a choice per matched row. The
confirmation sends the same file back (base64 in a hidden field, so no second upload and no
file kept on the server) with the choices; the import then writes all rows or none.
"""

from __future__ import annotations

import base64
import binascii

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from ...agenda.names import display_name
from ...auth import permissions as can
from ...errors import DomainError
from ...extensions import db
from ...speakers import csv_import
from ...speakers.columns import ALIASES
from .access import event_or_404, user
from .blueprint import bp
from .editing import saved, show_error, status
from .forms import ImportForm


@bp.route("/events/<slug>/speakers/import", methods=["GET", "POST"])
def speaker_import(slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    form, report = ImportForm(), None
    data: bytes | None = None
    if form.validate_on_submit():
        data, confirmed = _file(form)
        if data is not None:
            report = _run(event, form, data, confirmed)
        if report is not None and confirmed and report.ok:
            saved(
                _(
                    "%(created)d speakers created, %(updated)d updated, %(skipped)d skipped.",
                    created=report.count("created"),
                    updated=report.count("updated"),
                    skipped=report.count("skipped"),
                )
            )
            return redirect(url_for("manage.speakers", slug=slug))
    page = render_template(
        "manage/import.html",
        event=event,
        form=form,
        report=report,
        encoded=base64.b64encode(data or b"").decode("ascii"),
        aliases=ALIASES,
        name_lines=_name_lines,
        limit_kib=current_app.config["SPEAKER_IMPORT_MAX_BYTES"] // 1024,
    )
    refused = report is not None and not report.dry_run and not report.ok
    return page, 422 if refused else status(form)


def _file(form: ImportForm) -> tuple[bytes | None, bool]:
    """The uploaded file (a check), or the checked file sent back (the import)."""
    limit = current_app.config["SPEAKER_IMPORT_MAX_BYTES"]
    upload = form.file.data
    if isinstance(upload, FileStorage) and upload.filename:
        data, confirmed = upload.read(limit + 1), False
    else:
        try:
            data = base64.b64decode(form.data_file.data or "", validate=True)
        except (binascii.Error, ValueError):
            data = b""
        confirmed = True
    if not data:
        form.file.errors = [_("Choose a file to check.")]
        return None, False
    if len(data) > limit:
        form.file.errors = [_("The file is larger than %(kib)d KiB.", kib=limit // 1024)]
        return None, False
    return data, confirmed


def _run(event, form: ImportForm, data: bytes, confirmed: bool):
    choices = {
        int(key.removeprefix("choice-")): value
        for key, value in request.form.items()
        if key.startswith("choice-") and key.removeprefix("choice-").isdigit()
    }
    try:
        report = csv_import.import_speakers(
            event, data, actor=user(), dry_run=not confirmed, choices=choices
        )
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return None
    # A dry run or a refused import adds nothing to the session: the report's speakers stay
    # loaded for the page (a rollback would expire them, and the page would load each again).
    if confirmed and report.ok:
        db.session.commit()
    return report


def _name(n) -> dict:
    return {
        "script": n.script,
        "family": n.family,
        "given": n.given,
        "family_first": n.family_first,
    }


def _name_lines(speaker) -> list[dict]:
    """Each name of a previewed speaker: as shown, its parts and its order."""
    return [
        {
            "script": n.script,
            "shown": display_name({"names": [_name(n)]}, "en"),
            "family": n.family,
            "given": n.given,
            "family_first": n.family_first,
        }
        for n in speaker.names
    ]
