"""Sending what the outbox holds: once after the transaction that queued it commits, then by
every `deliver_pending()` pass (`eventsvc mail deliver --loop`) until it goes out or fails for
good. Each message is claimed before it is sent, so two passes never send it twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ..db import utcnow
from ..extensions import db
from .models import MailStatus, OutgoingMessage
from .transport import PermanentFailure, attach_handler, transport_for

logger = logging.getLogger("eventsvc.mail")

# While a pass sends a message, it is not due for anyone else; longer than any SMTP timeout.
LEASE = timedelta(minutes=10)
# Retries wait 1, 2, 4, ... minutes, at most an hour, up to MAIL_MAX_ATTEMPTS attempts.
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
BATCH = 500


@dataclass
class Report:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def deliver_pending(*, now: datetime | None = None) -> Report:
    """Send every message that is due (now: for tests of the back-off)."""
    return deliver(now=now)


def deliver(*, ids: list[int] | None = None, now: datetime | None = None) -> Report:
    """Send the due messages (only those of ids, if given) over one SMTP connection. Stops at
    the first failure that is the server's rather than the message's: the rest wait."""
    attach_handler()
    now = now or utcnow()
    config = current_app.config
    report = Report()
    with Session(db.engine) as session:
        due = (
            select(OutgoingMessage.id)
            .where(OutgoingMessage.status == MailStatus.PENDING)
            .where(OutgoingMessage.next_attempt_at <= now)
            .order_by(OutgoingMessage.next_attempt_at, OutgoingMessage.id)
            .limit(BATCH)
        )
        if ids is not None:
            due = due.where(OutgoingMessage.id.in_(ids))
        candidates = list(session.scalars(due))
        session.rollback()
        with transport_for(config) as transport:
            for message_id in candidates:
                row = _claim(session, message_id, now)
                if row is None:
                    continue  # another pass has it, or it is gone
                try:
                    transport.send(row.recipient, row.message)
                except PermanentFailure as exc:
                    _finish(session, row, MailStatus.FAILED, str(exc))
                    report.failed += 1
                except Exception as exc:  # the server's fault, or the network's: retry later
                    _retry(session, row, now, config["MAIL_MAX_ATTEMPTS"], exc, report)
                    break
                else:
                    _finish(session, row, MailStatus.SENT, "", sent_at=utcnow())
                    report.sent += 1
    return report


def _claim(session: Session, message_id: int, now: datetime) -> OutgoingMessage | None:
    # An UPDATE without RETURNING gives a CursorResult, which Session.execute is not typed to say.
    result = cast(
        CursorResult,
        session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == message_id)
            .where(OutgoingMessage.status == MailStatus.PENDING)
            .where(OutgoingMessage.next_attempt_at <= now)
            .values(next_attempt_at=now + LEASE, attempts=OutgoingMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        ),
    )
    claimed = result.rowcount
    session.commit()
    return session.get(OutgoingMessage, message_id) if claimed else None


def _finish(session: Session, row: OutgoingMessage, status: MailStatus, error: str, **more):
    row.status = status
    row.last_error = error[:2000]
    for key, value in more.items():
        setattr(row, key, value)
    session.commit()
    if status is MailStatus.FAILED:
        logger.warning("mail %s to %s refused for good: %s", row.id, row.recipient, error)


def _retry(session, row, now, max_attempts: int, exc: Exception, report: Report) -> None:
    error = f"{type(exc).__name__}: {exc}"
    if row.attempts >= max_attempts:
        _finish(session, row, MailStatus.FAILED, error)
        report.failed += 1
        return
    row.next_attempt_at = now + backoff(row.attempts)
    row.last_error = error[:2000]
    session.commit()
    report.retrying += 1
    logger.warning(
        "mail %s to %s not sent (attempt %s, next at %s): %s",
        row.id,
        row.recipient,
        row.attempts,
        row.next_attempt_at.isoformat(),
        error,
    )
