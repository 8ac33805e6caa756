"""A real SMTP server on loopback for the tests: aiosmtpd in a thread of its own.

The `smtp_server` fixture starts it on a free port and points the app's MAIL_* settings at
it (restored afterwards). `.messages` holds what it received, as `EmailMessage`s; `.stop()`
and `.start()` take it down and bring it back on the same port, for tests of retries.
"""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


class _Collect:
    def __init__(self, server: SmtpServer):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.server.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Lines end in LF once received, as a mail client shows them.
        raw = envelope.original_content.replace(b"\r\n", b"\n")
        message = message_from_bytes(raw, policy=default_policy)
        self.server.messages.append(message)
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        # Addresses the server refuses for good (550), as a real one refuses unknown mailboxes.
        self.refused: set[str] = set()
        self.port = _free_port()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    server = SmtpServer()
    server.start()
    settings = {"MAIL_HOST": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_TLS": "none"}
    saved = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        yield server
    finally:
        app.config.update(saved)
        server.stop()
