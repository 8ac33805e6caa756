"""The outbox: sent after commit through a real SMTP server, kept and retried while it is down."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from eventsvc.db import utcnow
from eventsvc.errors import ValidationError
from eventsvc.extensions import db
from eventsvc.mail import deliver_pending, queue
from eventsvc.mail.models import MailStatus, OutgoingMessage


def _outbox() -> list[OutgoingMessage]:
    db.session.rollback()
    return list(db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)))


def _later(minutes: int):
    return utcnow() + timedelta(minutes=minutes)


def test_queued_message_sent_after_commit(ctx, smtp_server):
    queue("ada@example.org", "Welcome", "Hello Ada", kind="registration")
    db.session.commit()
    assert [(m["To"], m["Subject"], m.get_content()) for m in smtp_server.messages] == [
        ("ada@example.org", "Welcome", "Hello Ada\n")
    ]


def test_sent_message_recorded_as_sent(ctx, smtp_server):
    queue("ada@example.org", "Welcome", "Hello Ada", kind="registration")
    db.session.commit()
    [row] = _outbox()
    assert (row.status, row.attempts, row.kind, row.last_error) == (
        MailStatus.SENT,
        1,
        "registration",
        "",
    )


def test_queued_message_waits_for_commit(ctx, smtp_server):
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.flush()
    assert smtp_server.messages == []


def test_rolled_back_message_never_sent(ctx, smtp_server):
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.rollback()
    deliver_pending(now=_later(60))
    assert (smtp_server.messages, _outbox()) == ([], [])


def test_commit_succeeds_while_smtp_down(ctx, smtp_server):
    smtp_server.stop()
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    [row] = _outbox()
    assert (row.status, row.attempts, row.last_error.startswith("ConnectionRefusedError")) == (
        MailStatus.PENDING,
        1,
        True,
    )


def test_message_sent_when_smtp_back(ctx, smtp_server):
    smtp_server.stop()
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    smtp_server.start()
    deliver_pending(now=_later(2))
    assert [m["To"] for m in smtp_server.messages] == ["ada@example.org"]


def test_retry_waits_for_back_off(ctx, smtp_server):
    smtp_server.stop()
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    smtp_server.start()
    report = deliver_pending()
    assert (report.sent, smtp_server.messages) == (0, [])


def test_back_off_doubles_after_each_failure(ctx, smtp_server):
    smtp_server.stop()
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    now = _later(2)
    deliver_pending(now=now)
    [row] = _outbox()
    assert (row.attempts, row.next_attempt_at - now) == (2, timedelta(minutes=2))


def test_message_failed_after_max_attempts(app, ctx, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    smtp_server.stop()
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    deliver_pending(now=_later(2))
    [row] = _outbox()
    assert (row.status, row.attempts) == (MailStatus.FAILED, 2)


def test_refused_recipient_failed_at_once(ctx, smtp_server):
    smtp_server.refused.add("nobody@example.org")
    queue("nobody@example.org", "Welcome", "Hello")
    db.session.commit()
    [row] = _outbox()
    assert (row.status, row.last_error) == (MailStatus.FAILED, "550 5.1.1 no such mailbox")


def test_refused_recipient_does_not_hold_back_others(ctx, smtp_server):
    smtp_server.refused.add("nobody@example.org")
    queue("nobody@example.org", "Welcome", "Hello")
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == ["ada@example.org"]


def test_delivered_message_not_sent_again(ctx, smtp_server):
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    deliver_pending(now=_later(60))
    assert len(smtp_server.messages) == 1


def test_chinese_subject_encoded_word(ctx, smtp_server):
    queue("wang@example.org", "邀请：中关村论坛组织者", "王教授，您好！")
    db.session.commit()
    [row] = _outbox()
    raw_subject = next(
        line for line in row.message.decode("ascii").splitlines() if line.startswith("Subject:")
    )
    assert raw_subject == "Subject: =?utf-8?b?6YKA6K+377ya5Lit5YWz5p2R6K665Z2b57uE57uH6ICF?="


def test_chinese_subject_and_body_arrive_intact(ctx, smtp_server):
    queue("wang@example.org", "邀请：中关村论坛组织者", "王教授，您好！\n请点击链接。")
    db.session.commit()
    [message] = smtp_server.messages
    assert (message["Subject"], message.get_content_charset(), message.get_content()) == (
        "邀请：中关村论坛组织者",
        "utf-8",
        "王教授，您好！\n请点击链接。\n",
    )


def test_message_carries_sender_date_and_id(app, ctx, smtp_server):
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    [message] = smtp_server.messages
    assert (
        message["From"],
        message["Message-ID"].endswith("@eventsvc.local>"),
        message["Date"].datetime.tzinfo is not None,
    ) == (app.config["MAIL_SENDER"], True, True)


def test_attachment_arrives(ctx, smtp_server):
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    queue(
        "ada@example.org",
        "Your session",
        "See attached",
        attachments=[("a.ics", "text/calendar", ics)],
    )
    db.session.commit()
    [message] = smtp_server.messages
    [part] = list(message.iter_attachments())
    assert (part.get_filename(), part.get_content_type(), part.get_content().encode()) == (
        "a.ics",
        "text/calendar",
        ics,
    )


def test_subject_line_break_kept_in_one_header(ctx, smtp_server):
    queue("ada@example.org", "Hello\r\nBcc: eve@example.org", "Hi")
    db.session.commit()
    [message] = smtp_server.messages
    assert (message["Subject"], message["Bcc"]) == ("Hello Bcc: eve@example.org", None)


def test_bad_address_refused(ctx):
    with pytest.raises(ValidationError):
        queue("not an address", "Welcome", "Hello")


def test_log_only_without_mail_host(app, ctx, caplog):
    logger = logging.getLogger("eventsvc.mail")
    logger.addHandler(caplog.handler)
    try:
        queue("wang@example.org", "邀请", "请点击 https://example.org/x")
        db.session.commit()
    finally:
        logger.removeHandler(caplog.handler)
    assert [(r.mail_to, r.mail_subject, r.mail_text) for r in caplog.records] == [
        ("wang@example.org", "邀请", "请点击 https://example.org/x\n")
    ]


def test_log_only_message_recorded_as_sent(ctx):
    queue("wang@example.org", "邀请", "请点击")
    db.session.commit()
    [row] = _outbox()
    assert row.status == MailStatus.SENT


def test_cli_deliver_sends_due_messages(app, ctx, smtp_server):
    smtp_server.stop()
    queue("ada@example.org", "Welcome", "Hello Ada")
    db.session.commit()
    smtp_server.start()
    db.session.execute(OutgoingMessage.__table__.update().values(next_attempt_at=utcnow()))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert (result.output, len(smtp_server.messages)) == ("sent 1, to retry 0, failed 0\n", 1)
