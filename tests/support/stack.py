"""The running system for integration and browser tests: real Rasa server, real action server,
outbox worker, inbox and demo page, started once per test session with ``wsp.devstack`` (the same
code ``make run`` uses), on free ports, with a fresh SQLite database and a real SMTP server."""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.support.smtp import SmtpServer
from wsp.devstack import ROOT, Stack, StackConfig, free_port, post_json

sys.path.insert(0, str(ROOT / "scripts"))
from train import model_path  # noqa: E402


@dataclass
class RunningStack:
    stack: Stack
    mailbox: SmtpServer  # the SMTP server the outbox worker delivers to
    smtp_port: int
    startup_seconds: float
    content_root: Path
    conversations: list[str] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return self.stack.config.rasa_url

    @property
    def action_url(self) -> str:
        return self.stack.config.action_url

    @property
    def inbox_url(self) -> str:
        return self.stack.config.inbox_url

    @property
    def web_url(self) -> str:
        return self.stack.config.web_url

    @property
    def token(self) -> str:
        return self.stack.config.auth_token

    @property
    def actie_geheim(self) -> str:
        """The secret only Rasa sends to the action server (header X-WSP-Actie-Geheim)."""
        return self.stack.config.actie_geheim

    @property
    def database_url(self) -> str:
        return self.stack.database_url

    def new_sender(self, prefix: str = "test") -> str:
        sender = f"{prefix}-{uuid.uuid4().hex[:10]}"
        self.conversations.append(sender)
        return sender

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        result = post_json(
            f"{self.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": message}
        )
        assert isinstance(result, list)
        return result

    def tracker(self, sender: str) -> dict[str, Any]:
        import json
        import urllib.request

        request = urllib.request.Request(
            f"{self.rasa_url}/conversations/{sender}/tracker?token={self.token}"
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    # WSP_MODEL lets a developer try a model trained from other data; CI uses the current one.
    model = Path(os.environ["WSP_MODEL"]) if os.environ.get("WSP_MODEL") else model_path()
    if not model.exists():
        pytest.fail("No trained model for the current training data: run 'make train' first.")
    smtp_port = free_port()
    mailbox = SmtpServer(smtp_port).start()
    var_dir = tmp_path_factory.mktemp("stack")
    # The action server reads a copy of the editors' files, so tests can edit them (hot reload).
    content = var_dir / "content"
    for folder in ("knowledge", "regional_rules"):
        shutil.copytree(ROOT / folder, content / folder)
    config = StackConfig(
        model=model,
        var_dir=var_dir,
        rasa_port=free_port(),
        action_port=free_port(),
        inbox_port=free_port(),
        web_port=free_port(),
        auth_token=uuid.uuid4().hex,
        extra_env={
            "WSP_SMTP_HOST": "127.0.0.1",
            "WSP_SMTP_PORT": str(smtp_port),
            "WSP_INBOX_SECRET": uuid.uuid4().hex,
            "WSP_CONTENT_ROOT": str(content),
            # Rate limits: the tests chat from 127.0.0.1 all session long, so that address is
            # not limited; tests/integration/test_aanvallen.py plays clients behind our proxy
            # (X-Forwarded-For) to which the limits do apply, lower here to keep it quick.
            "WSP_CHAT_VRIJE_ADRESSEN": "127.0.0.1,::1",
            "WSP_CHAT_ACHTER_PROXY": "1",
            "WSP_CHAT_MAX_PER_MINUUT_AFZENDER": "8",
            "WSP_CHAT_MAX_PER_MINUUT_ADRES": "20",
        },
    )
    running = Stack(config).start()
    try:
        seconds = running.wait_ready(timeout=float(os.environ.get("WSP_STACK_TIMEOUT", "600")))
        yield RunningStack(running, mailbox, smtp_port, seconds, content)
    finally:
        running.stop()
        mailbox.stop()
