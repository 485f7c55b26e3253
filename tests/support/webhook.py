"""A real HTTP receiver for the handover webhook (http.server in a thread)."""

from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass
from typing import Iterator

import pytest


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def pad(self) -> str:  # name used by tests written before tests/support existed
        return self.path


class WebhookReceiver:
    """Answers each POST with the next status code from ``responses`` (200 when it is empty)."""

    def __init__(self) -> None:
        self.requests: list[ReceivedRequest] = []
        self.responses: list[int] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server hook)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.requests.append(
                    ReceivedRequest(self.path, {k: v for k, v in self.headers.items()}, body))
                code = receiver.responses.pop(0) if receiver.responses else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/overdracht-webhook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # Names used by tests written before tests/support existed.
    @property
    def verzoeken(self) -> list[ReceivedRequest]:
        return self.requests

    @property
    def antwoorden(self) -> list[int]:
        return self.responses


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()
