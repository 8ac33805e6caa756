"""Adding a message to the outbox, inside the caller's transaction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.policy import default as default_policy
from email.utils import format_datetime, getaddresses, make_msgid

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..db import utcnow
from ..errors import ValidationError
from ..extensions import db
from . import hooks
from .models import OutgoingMessage

# 7-bit bodies (base64 or quoted-printable), which any server accepts; stored with the CRLF
# line ends of SMTP (the text inside keeps LF, which is what receivers decode).
_POLICY = default_policy.clone(cte_type="7bit")
_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def queue(
    to: str,
    subject: str,
    text: str,
    *,
    event_id: int | None = None,
    kind: str = "",
    attachments: Iterable[tuple[str, str, bytes]] = (),
) -> OutgoingMessage:
    """Put a plain-text message to one address in the outbox; it is sent after the current
    transaction commits, and not at all if it rolls back.

    attachments: (filename, MIME type such as "text/calendar", bytes) each.
    """
    to = (to or "").strip()
    if not _ADDRESS.match(to) or len(to) > 254:
        raise ValidationError(
            _l("%(email)s is not an email address", email=repr(to)), {"email": "invalid"}
        )
    # A header is one line: a line break in a subject must not start another header.
    subject = " ".join((subject or "").split())[:300]
    message = _build(to, subject, text, list(attachments))
    row = OutgoingMessage(
        recipient=to,
        subject=subject,
        kind=kind[:40],
        event_id=event_id,
        message=message.as_bytes(policy=SMTP),
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    hooks.deliver_after_commit(db.session(), row.id)
    return row


def _build(to: str, subject: str, text: str, attachments: list) -> EmailMessage:
    sender = current_app.config["MAIL_SENDER"]
    message = EmailMessage(policy=_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    # Non-ASCII text goes out as UTF-8, base64 or quoted-printable (whichever is shorter).
    message.set_content(text)
    for filename, mimetype, data in attachments:
        maintype, _, subtype = mimetype.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def _domain(sender: str) -> str:
    address = getaddresses([sender])[0][1]
    return Address(addr_spec=address).domain if "@" in address else "localhost"
