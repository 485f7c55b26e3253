"""Shared fixtures for the handover tests: a real SMTP server, a real webhook receiver and a real
database (a SQLite file, and a fresh PostgreSQL database per test when the server is reachable).
"""

from __future__ import annotations

import http.server
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator

import pytest
from aiosmtpd.controller import Controller

PG_ADMIN_URL = os.environ.get("WSP_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ROSTER_FIXTURE = Path(__file__).parent / "data" / "roster_overdracht.yml"


def vrije_poort() -> int:
    """A TCP port on 127.0.0.1 on which nothing listens (at the moment of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- SMTP ---------------------------------------------------------------------------------------

@dataclass
class OntvangenMail:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def bericht(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]

    def tekst(self) -> str:
        part = self.bericht.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def html(self) -> str:
        part = self.bericht.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""


class SmtpServer:
    """aiosmtpd on 127.0.0.1; may be created stopped ("server down") and started later."""

    def __init__(self, port: int | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = port or vrije_poort()
        self.mails: list[OntvangenMail] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd hook)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.mails.append(OntvangenMail(envelope.mail_from, list(envelope.rcpt_tos), data))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpServer:
        if self._controller is None:
            self._controller = Controller(self, hostname=self.host, port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server_uit() -> Iterator[SmtpServer]:
    """A server object whose port has nothing listening until the test calls ``start()``."""
    server = SmtpServer()
    yield server
    server.stop()


# ---- webhook receiver ---------------------------------------------------------------------------

@dataclass
class OntvangenVerzoek:
    pad: str
    headers: dict[str, str]
    body: bytes


class WebhookOntvanger:
    """http.server in a thread; answers with the next code from ``antwoorden`` (then 200)."""

    def __init__(self) -> None:
        self.verzoeken: list[OntvangenVerzoek] = []
        self.antwoorden: list[int] = []
        ontvanger = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server hook)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                ontvanger.verzoeken.append(
                    OntvangenVerzoek(self.path, {k: v for k, v in self.headers.items()}, body))
                code = ontvanger.antwoorden.pop(0) if ontvanger.antwoorden else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/overdracht-webhook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> WebhookOntvanger:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookOntvanger]:
    ontvanger = WebhookOntvanger().start()
    yield ontvanger
    ontvanger.stop()


# ---- database -----------------------------------------------------------------------------------

def _postgres_database() -> Iterator[str]:
    try:
        import psycopg2
        admin = psycopg2.connect(PG_ADMIN_URL, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 (any reason means: not reachable)
        pytest.skip(f"PostgreSQL niet bereikbaar op {PG_ADMIN_URL}: {type(exc).__name__}: {exc}")
    admin.autocommit = True
    name = f"wsp_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    try:
        yield url
    finally:
        from wsp.db import engine_for

        engine_for(url).dispose()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file, and a new PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'wsp-test.sqlite'}"
        yield url
        from wsp.db import engine_for

        engine_for(url).dispose()
    else:
        yield from _postgres_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'wsp-unit.sqlite'}"
    yield url
    from wsp.db import engine_for

    engine_for(url).dispose()


@pytest.fixture
def overdracht_roster_pad() -> Path:
    return ROSTER_FIXTURE


def wacht_tot(voorwaarde, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.02)
    return voorwaarde()


# ---- handover helpers ---------------------------------------------------------------------------

NU = datetime(2026, 11, 10, 9, 0)  # Tuesday, naive UTC; nobody in the fixture roster is away
INBOX = "https://inbox.wsp-voorbeeld.nl"
BSN = "123 456 782"


def gesprek_events(t0: float = 1794301200.0) -> list[dict]:
    """A short chat in Rasa tracker-event form in which the employer types a BSN and a diagnosis."""
    def user(text: str, dt: float, intent: str, entities: list[dict] | None = None) -> dict:
        return {"event": "user", "text": text, "timestamp": t0 + dt,
                "parse_data": {"intent": {"name": intent}, "entities": entities or []}}

    def bot(text: str, dt: float, buttons: list[dict] | None = None) -> dict:
        return {"event": "bot", "text": text, "timestamp": t0 + dt,
                "data": {"buttons": buttons or []}}

    return [
        user(f"Kan ik loonkostensubsidie krijgen? Kandidaat heeft BSN {BSN} en autisme.", 1,
             "ask_loonkostensubsidie", [{"entity": "regeling", "value": "loonkostensubsidie"}]),
        {"event": "slot", "name": "regeling", "value": "loonkostensubsidie", "timestamp": t0 + 1},
        bot("Loonkostensubsidie vraagt u aan bij de gemeente waar de werknemer woont.\n"
            "Bron: Participatiewet (gecontroleerd op 3 maart 2026)", 2,
            [{"title": "Hoe vraag ik het aan?", "payload": "/ask_how_to_apply"},
             {"title": "Ik wil iemand spreken", "payload": "/request_human"}]),
        user("/request_human", 3, "request_human"),
        bot("Uw vaste contactpersoon is Sanne de Vries. Mag ik dit gesprek aan haar doorgeven?",
            4, [{"title": "Ja, graag", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]),
        user("/affirm", 5, "affirm"),
        # consent as the action server records it (the handover service requires it)
        {"event": "action", "name": "action_overdracht_toestemming", "timestamp": t0 + 5},
        {"event": "slot", "name": "toestemming_op", "timestamp": t0 + 5,
         "value": datetime.fromtimestamp(t0, timezone.utc).isoformat()},
    ]


@pytest.fixture
def overdracht_roster(overdracht_roster_pad: Path):  # type: ignore[no-untyped-def]
    from wsp.overdracht.toewijzing import Roster

    return Roster.from_file(overdracht_roster_pad)


@pytest.fixture
def db_sessions(db_url: str):  # type: ignore[no-untyped-def]
    from wsp.db import session_factory

    return session_factory(db_url)


@pytest.fixture
def nieuwe_overdracht(db_sessions, overdracht_roster):  # type: ignore[no-untyped-def]
    """Call maak_overdracht with a realistic handover; keyword arguments override."""
    from wsp.overdracht.service import Contact, maak_overdracht
    from wsp.overdracht.transcript import transcript_from_events

    def maak(**anders):  # type: ignore[no-untyped-def]
        args = dict(
            gesprek_id=f"gesprek-{uuid.uuid4().hex[:10]}",
            reden="gevraagd",
            gemeente="arnhem",
            regelingen=["loonkostensubsidie"],
            vraag=f"Hoe vraag ik LKS aan? BSN {BSN}",
            contact=Contact(naam="Jan Jansen", organisatie="Bakkerij Jansen & Zn",
                            email="Jan@Bakkerij-Jansen.nl", telefoon="06 12345678",
                            kvk="12345678", contactvoorkeur="bellen, dinsdagochtend"),
            toestemming_op=NU,
            transcript=transcript_from_events(gesprek_events()),
            kanaal="socketio",
            roster=overdracht_roster,
            inbox_base_url=INBOX,
            nu=NU,
        )
        args.update(anders)
        with db_sessions() as session:
            return maak_overdracht(session, **args)

    return maak
