"""A real SMTP server for the tests (aiosmtpd, in a thread): what Parvis sends is received over
a socket and parsed as a mail client would, headers and both parts."""

from __future__ import annotations

import email
import socket
import threading
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the server received; `refuse` holds addresses answered « 550 user unknown »."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.port = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] and address in m["To"]]

    @staticmethod
    def parts(message: EmailMessage) -> tuple[str, str]:
        """(plain text, HTML) of a message."""
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        return (text.get_content() if text else "", html.get_content() if html else "")


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.inbox.port = self.port
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
