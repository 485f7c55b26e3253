"""The SMTP server of the tests: aiosmtpd on 127.0.0.1, recording every message it accepts.

One implementation for every kind of test: the outbox tests read ``mails`` directly, the stack and
fault tests wait for a message with ``wait_for``; ``delay`` makes it a slow relay, and a server
created without ``start()`` is a relay that is down until the test starts it."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Callable, Iterator

import pytest

from wsp.devstack import free_port


@dataclass
class ReceivedMail:
    """One message as the server received it (envelope and raw bytes)."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    _message: EmailMessage | None = field(default=None, repr=False, compare=False)

    @property
    def message(self) -> EmailMessage:
        if self._message is None:
            self._message = message_from_bytes(self.data, policy=policy.default)  # type: ignore[assignment]
        return self._message  # type: ignore[return-value]

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""

    # Names used by tests written before tests/support existed.
    @property
    def bericht(self) -> EmailMessage:
        return self.message

    def tekst(self) -> str:
        return self.text()


class SmtpServer:
    """aiosmtpd on 127.0.0.1. ``mails`` holds what it accepted, in order."""

    def __init__(self, port: int | None = None, delay: float = 0.0) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.delay = delay  # seconds to wait before answering DATA (a slow relay)
        self.mails: list[ReceivedMail] = []
        self._lock = threading.Lock()
        self._controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd hook)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        with self._lock:
            self.mails.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), data))
            delay = self.delay
        if delay:
            await asyncio.sleep(delay)
        return "250 Message accepted for delivery"

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller

        if self._controller is None:
            self._controller = Controller(self, hostname=self.host, port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [m.message for m in self.mails]

    def matching(self, predicate: Callable[[EmailMessage], Any]) -> list[EmailMessage]:
        return [m for m in self.messages if predicate(m)]

    def wait_for(self, predicate: Callable[[EmailMessage], Any], timeout: float = 30.0) -> EmailMessage:
        """The first message for which ``predicate`` is true; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.matching(predicate)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no matching mail within {timeout:.0f}s ({len(self.mails)} received)")
            time.sleep(0.2)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server_down() -> Iterator[SmtpServer]:
    """A server object whose port has nothing listening until the test calls ``start()``."""
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def smtp_server_uit(smtp_server_down: SmtpServer) -> SmtpServer:
    """Old name of ``smtp_server_down``."""
    return smtp_server_down
