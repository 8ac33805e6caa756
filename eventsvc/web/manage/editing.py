"""One save from a /manage form: check the version, write, commit once; or show why not.

A form opened on version N and saved after someone else saved N+1 is a conflict: nothing
is written, the user's input is shown again with a message, and the form now carries the
current version, so saving once more (after a look) is a deliberate overwrite.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ...errors import DomainError
from ...extensions import db

# Where a service's field name is not a form field of the same name.
_FIELD_ALIASES = {"names": "family_name", "organization_id": "organization"}


def attempt(form, write: Callable[[], object], obj=None):
    """Run write() and commit; its result (or True), or False (nothing written, reasons on form)."""
    if obj is not None and _stale(form, obj):
        return False
    try:
        result = write()
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return False
    except StaleDataError:
        db.session.rollback()
        _conflict(form, obj)
        return False
    except IntegrityError:
        # Passed validation but met a constraint (the same speaker twice, a racing duplicate).
        db.session.rollback()
        form.form_errors.append(_("This conflicts with existing data (is it there already?)."))
        return False
    return result or True


def _stale(form, obj) -> bool:
    if form.version.data == str(obj.version):
        return False
    _conflict(form, obj)
    return True


def _conflict(form, obj) -> None:
    db.session.refresh(obj)
    form.conflict = _(
        "Someone else saved this since you opened it. Your changes below are not "
        "saved yet: compare them with the saved version, then save again to keep yours."
    )
    form.version.data = str(obj.version)
    form.version.raw_data = [str(obj.version)]


def show_error(form, exc: DomainError) -> None:
    placed = False
    for field in exc.fields:
        name = _FIELD_ALIASES.get(field, field)
        target = getattr(form, name, None) or getattr(form, f"{name}_en", None)
        if target is not None and hasattr(target, "errors"):
            # The message says what is wrong; the field's problem code is for programs.
            target.errors = [*target.errors, str(exc.message)]
            placed = True
    if not placed:
        form.form_errors.append(str(exc.message))


def saved(message: str) -> None:
    flash(message, "success")


def status(form) -> int:
    """A form shown again answers 409 after a conflict, 422 with errors, else 200."""
    if getattr(form, "conflict", None):
        return 409
    if form.is_submitted() and (form.errors or form.form_errors):
        return 422
    return 200
