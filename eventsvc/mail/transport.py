"""Handing a message to SMTP (smtplib), or to the log when no MAIL_HOST is set."""

from __future__ import annotations

import logging
import smtplib
import ssl
from contextlib import contextmanager
from email import message_from_bytes
from email.policy import default as default_policy
from email.utils import getaddresses

from pythonjsonlogger.json import JsonFormatter

logger = logging.getLogger("eventsvc.mail")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


class PermanentFailure(Exception):
    """The server refused this message for good (a 5xx reply): retrying cannot help."""


@contextmanager
def transport_for(config):
    if not config["MAIL_HOST"]:
        yield LogTransport()
        return
    transport = SmtpTransport(config)
    try:
        yield transport
    finally:
        transport.close()


class LogTransport:
    """The embedded default: each message becomes one log line, link and all, for whoever
    runs the service to read."""

    def send(self, recipient: str, raw: bytes) -> None:
        message = message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=default_policy)
        body = message.get_body(preferencelist=("plain",))
        logger.info(
            "mail (no EVENTSVC_MAIL_HOST: logged, not sent)",
            extra={
                "mail_to": recipient,
                "mail_subject": str(message["Subject"]),
                "mail_text": body.get_content() if body is not None else "",
            },
        )


class SmtpTransport:
    """One connection, opened at the first message of a pass."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None
        self.sender = getaddresses([config["MAIL_SENDER"]])[0][1]

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        tls = c["MAIL_TLS"]
        port = c["MAIL_PORT"] or DEFAULT_PORTS[tls]
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if tls == "ssl":
            smtp = smtplib.SMTP_SSL(
                c["MAIL_HOST"], port, timeout=c["MAIL_TIMEOUT"], context=context
            )
        else:
            smtp = smtplib.SMTP(c["MAIL_HOST"], port, timeout=c["MAIL_TIMEOUT"])
        try:
            if tls == "starttls":
                smtp.starttls(context=context)
            if c["MAIL_USER"]:
                smtp.login(c["MAIL_USER"], c["MAIL_PASSWORD"] or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, recipient: str, raw: bytes) -> None:
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.sendmail(self.sender, [recipient], raw)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(code >= 500 for code in codes):
                raise PermanentFailure(_describe(exc.recipients[recipient])) from exc
            raise
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            if exc.smtp_code >= 500:
                raise PermanentFailure(_describe((exc.smtp_code, exc.smtp_error))) from exc
            raise

    def close(self) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()
        self.smtp = None


def _describe(reply: tuple[int, bytes | str]) -> str:
    code, text = reply
    return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"


def attach_handler() -> None:
    """Mail lines go to standard error as JSON, like the request log (web/observability.py)."""
    if not logger.handlers:
        handler = logging.StreamHandler()
        # Chinese subjects and names stay readable in the log.
        handler.setFormatter(JsonFormatter(timestamp=True, json_ensure_ascii=False))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
