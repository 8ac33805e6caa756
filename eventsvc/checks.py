"""Small validators the services share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .errors import ValidationError

# Integer columns are 32-bit in PostgreSQL: a larger number must be refused, not overflow.
MAX_WHOLE = 2**31 - 1


def whole_number(value, field: str, minimum: int = 0) -> int | None:
    """value as a whole number from minimum to MAX_WHOLE; None or "" give None."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_WHOLE:
        raise ValidationError(
            _l(
                "%(field)s must be a whole number from %(minimum)d to %(maximum)d",
                field=field,
                minimum=minimum,
                maximum=MAX_WHOLE,
            ),
            {field: "invalid"},
        )
    return value
