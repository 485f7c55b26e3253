"""Faults in real processes: a stack of its own (``wsp.devstack`` on free ports, handover database
on a throwaway PostgreSQL database, a real SMTP server that can be made slow, a real webhook
receiver), so killing and stopping processes never disturbs the shared session stack.

- action server killed (SIGKILL): the employer gets a Dutch message with the WSP's phone and
  e-mail from the channel configuration; restarted: answers again;
- action server hanging (SIGSTOP longer than the action timeout): a polite message within the
  channel's time limit, and answers again after SIGCONT;
- handover database unavailable while a handover is stored: it waits on disk and arrives, with
  exactly one mail, when the database is back;
- outbox worker killed in the middle of sending a mail: after a restart exactly one distinct mail
  (the same Message-ID) reaches the receiver;
- the webhook body of a handover from a conversation full of special data holds none of it.
"""

from __future__ import annotations

import json
import os
import signal
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from sqlalchemy import select

from tests.support.gesprek import (
    formulier_antwoord,
    gesprek_met_bijzondere_gegevens,
    gevonden,
    mailtekst,
    naar_formulier,
    teksten,
    zeg,
)
from tests.support.services import database_url as pg_database_url
from tests.support.services import postgres_admin
from tests.support.smtp import SmtpServer
from tests.support.waiting import wait_until
from tests.support.webhook import WebhookReceiver
from wsp.devstack import ROOT, Stack, StackConfig, _http_ok, free_port
from wsp.overdracht.models import OutboxBericht, Overdracht

pytestmark = [pytest.mark.stack, pytest.mark.postgres]

KANAAL = yaml.safe_load((ROOT / "assistant" / "credentials.yml").read_text())[
    "assistant.addons.channel.WSPRestInput"]
LEASE_SECONDEN = 8


def mails_voor(smtp: SmtpServer, publieke_id: str) -> list:
    """The mails about one handover (header X-WSP-Overdracht)."""
    return smtp.matching(lambda m: publieke_id in (m["X-WSP-Overdracht"] or ""))


class EigenStack:
    def __init__(self, stack: Stack, smtp: SmtpServer, webhook: WebhookReceiver,
                 pg_admin: Any, db_naam: str) -> None:
        self.stack, self.smtp, self.webhook = stack, smtp, webhook
        self.pg_admin, self.db_naam = pg_admin, db_naam

    @property
    def rasa_url(self) -> str:
        return self.stack.config.rasa_url

    def say(self, sender: str, tekst: str, timeout: float = 120) -> list[dict]:
        return zeg(self.rasa_url, sender, tekst, timeout=timeout)

    def signaal(self, naam: str, sig: signal.Signals) -> None:
        os.killpg(self.stack.processes[naam].pid, sig)

    def database_weg(self) -> None:
        with self.pg_admin.cursor() as cur:
            cur.execute(f'ALTER DATABASE "{self.db_naam}" ALLOW_CONNECTIONS false')
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()", (self.db_naam,))

    def database_terug(self) -> None:
        with self.pg_admin.cursor() as cur:
            cur.execute(f'ALTER DATABASE "{self.db_naam}" ALLOW_CONNECTIONS true')


@pytest.fixture(scope="module")
def eigen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EigenStack]:
    admin = postgres_admin()
    db_naam = f"wsp_storing_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{db_naam}"')
    database_url = pg_database_url(db_naam)

    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from train import model_path

    model = Path(os.environ["WSP_MODEL"]) if os.environ.get("WSP_MODEL") else model_path()
    smtp, webhook = SmtpServer().start(), WebhookReceiver().start()
    var_dir = tmp_path_factory.mktemp("storingen")
    config = StackConfig(
        model=model, var_dir=var_dir, rasa_port=free_port(), action_port=free_port(),
        inbox_port=free_port(), web_port=free_port(), auth_token=uuid.uuid4().hex,
        database_url=database_url, with_inbox=False, with_web=False,
        extra_env={
            "WSP_SMTP_HOST": "127.0.0.1", "WSP_SMTP_PORT": str(smtp.port),
            "WSP_SMTP_TIMEOUT": "90", "WSP_OUTBOX_LEASE_SECONDEN": str(LEASE_SECONDEN),
            "WSP_WEBHOOK_URL": webhook.url, "WSP_WEBHOOK_SECRET": "geheim-" + uuid.uuid4().hex,
        },
    )
    stack = Stack(config).start()
    try:
        stack.wait_ready()
        yield EigenStack(stack, smtp, webhook, admin, db_naam)
    finally:
        for naam in ("actions", "outbox"):  # never leave a stopped process behind
            proces = stack.processes.get(naam)
            if proces is not None and proces.poll() is None:
                try:
                    os.killpg(proces.pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
        stack.stop()
        smtp.stop()
        webhook.stop()
        from wsp.db import engine_for

        engine_for(database_url).dispose()
        with admin.cursor() as cur:
            cur.execute(f'ALTER DATABASE "{db_naam}" ALLOW_CONNECTIONS true')
            cur.execute(f'DROP DATABASE IF EXISTS "{db_naam}" WITH (FORCE)')
        admin.close()


def storingsmelding(tekst: str) -> bool:
    return KANAAL["telefoon"] in tekst and KANAAL["email"] in tekst


def sessie(eigen: EigenStack):  # type: ignore[no-untyped-def]
    from wsp.db import session_scope

    return session_scope(eigen.stack.database_url)


# ---- privacy: the webhook -------------------------------------------------------------------------

def test_webhook_en_postgres_zonder_bijzondere_gegevens(eigen: EigenStack) -> None:
    sender = f"avg-webhook-{uuid.uuid4().hex[:8]}"
    _, _, bevestiging = gesprek_met_bijzondere_gegevens(
        lambda t: eigen.say(sender, t), f"{sender}@bakkerij.example")
    assert "doorgegeven aan" in bevestiging
    with sessie(eigen) as s:
        publieke_id = s.execute(select(Overdracht.publieke_id)
                                .where(Overdracht.gesprek_id == sender)).scalar_one()
    verzoek = wait_until(lambda: next((v for v in eigen.webhook.requests
                                      if publieke_id.encode() in v.body), None))
    body = verzoek.body.decode("utf-8")
    assert json.loads(body) and "Jan de Vries" in body
    assert verzoek.headers.get("X-WSP-Signature", "").startswith("sha256=")
    mail = wait_until(lambda: mails_voor(eigen.smtp, publieke_id))
    with sessie(eigen) as s:
        rij = s.execute(select(Overdracht).where(Overdracht.gesprek_id == sender)).scalar_one()
        database = repr([rij.vraag, rij.transcript, rij.contactvoorkeur, rij.laatste_antwoorden])
    lekken = {"webhook": gevonden(body), "mail": gevonden(mailtekst(mail[0])),
              "postgresql": gevonden(database)}
    assert {waar: wat for waar, wat in lekken.items() if wat} == {}
    assert "[BSN verwijderd]" in body


# ---- action server --------------------------------------------------------------------------------

def test_actieserver_gedood_en_herstart(eigen: EigenStack) -> None:
    sender = f"kill-{uuid.uuid4().hex[:8]}"
    assert "no-risk" in teksten(eigen.say(sender, "Wat is de no-riskpolis?")).lower()
    proces = eigen.stack.processes["actions"]
    eigen.signaal("actions", signal.SIGKILL)
    proces.wait(10)
    try:
        begin = time.monotonic()
        antwoord = teksten(eigen.say(sender, "Wie betaalt een jobcoach?"))
        assert time.monotonic() - begin < 20
        assert "Er ging iets mis aan mijn kant" in antwoord, antwoord
        assert storingsmelding(antwoord), antwoord
        # the channel answers also for a brand-new conversation
        assert storingsmelding(teksten(eigen.say(f"nieuw-{sender}", "Wat is het LKV?")))
    finally:
        eigen.stack.start_actions()
        wait_until(lambda: _http_ok(f"{eigen.stack.config.action_url}/health"), timeout=60)
    antwoord = teksten(eigen.say(sender, "Wat kost een jobcoach mij als werkgever?"))
    assert "jobcoach" in antwoord.lower() and not storingsmelding(antwoord), antwoord


def test_trage_actieserver(eigen: EigenStack) -> None:
    sender = f"traag-{uuid.uuid4().hex[:8]}"
    eigen.say(sender, "hallo")
    grens = float(KANAAL["antwoord_timeout"]) + 10
    eigen.signaal("actions", signal.SIGSTOP)
    try:
        begin = time.monotonic()
        antwoord = teksten(eigen.say(sender, "Wat is de no-riskpolis?", timeout=grens + 60))
        duur = time.monotonic() - begin
        assert duur < grens, f"{duur:.0f} s: Rasa waited for the action server itself"
        assert storingsmelding(antwoord), antwoord
    finally:
        eigen.signaal("actions", signal.SIGCONT)
    antwoord = teksten(eigen.say(sender, "Wat is de no-riskpolis?"))
    assert "no-risk" in antwoord.lower(), antwoord


# ---- handover database away -------------------------------------------------------------------------

def test_database_even_weg_tijdens_overdracht(eigen: EigenStack) -> None:
    sender = f"db-weg-{uuid.uuid4().hex[:8]}"
    say = lambda t: eigen.say(sender, t)  # noqa: E731
    formulier = naar_formulier(say, "Wat is een proefplaatsing?", "Zevenaar")
    gegevens = {"naam": "Els Bakker", "organisatie": "Zorg aan de IJssel",
                "email": f"{sender}@zorg.example"}
    wachtrij_map = eigen.stack.config.var_dir / "wachtrij"

    # answer the form up to the summary; the database goes away just before "ja, klopt"
    antwoord = teksten(formulier)
    for _ in range(12):
        if "klopt dit?" in antwoord.lower():
            break
        antwoord = beantwoord_formulier_stap(say, antwoord, gegevens)
    assert "klopt dit?" in antwoord.lower(), antwoord

    eigen.database_weg()
    try:
        bevestiging = teksten(say("/affirm"))
        assert "doorgegeven aan" in bevestiging, bevestiging
        bestanden = list(wachtrij_map.glob("*.json"))
        assert len(bestanden) == 1, "the handover waits on disk"
        publieke_id = json.loads(bestanden[0].read_text())["publieke_id"]
        time.sleep(5)  # the worker tries (and fails) a few rounds meanwhile
        assert list(wachtrij_map.glob("*.json")) and not mails_voor(eigen.smtp, publieke_id)
    finally:
        eigen.database_terug()

    mails = wait_until(lambda: mails_voor(eigen.smtp, publieke_id), timeout=60)
    assert "Zorg aan de IJssel" in mails[0]["Subject"]
    assert not list(wachtrij_map.glob("*.json"))
    with sessie(eigen) as s:
        rijen = s.execute(select(Overdracht).where(Overdracht.gesprek_id == sender)).scalars().all()
        assert [r.publieke_id for r in rijen] == [publieke_id]
        assert rijen[0].email == gegevens["email"] and rijen[0].gemeente == "zevenaar"
    time.sleep(3 * 2 + 1)  # a few more worker rounds: still exactly one mail
    assert len(mails_voor(eigen.smtp, publieke_id)) == 1
    # and the assistant keeps answering
    assert "no-risk" in teksten(say("Wat is de no-riskpolis?")).lower()


def beantwoord_formulier_stap(say, antwoord: str, gegevens: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    """One answer to the form's current question (stops before the final confirmation)."""
    return teksten(say(formulier_antwoord(antwoord, gegevens)))


# ---- outbox worker killed while sending ---------------------------------------------------------------

def test_outbox_worker_sterft_tijdens_verzenden(eigen: EigenStack) -> None:
    from wsp.overdracht.service import maak_overdracht
    from wsp.regels import default_store

    eigen.smtp.delay = 60  # the relay keeps the worker waiting for its "250 OK"
    try:
        with sessie(eigen) as s:
            resultaat = maak_overdracht(
                s, gesprek_id=f"crash-{uuid.uuid4().hex[:8]}", reden="gevraagd",
                gemeente="duiven", regelingen=["jobcoaching"], vraag="Hoe werkt jobcoaching?",
                contact={"naam": "Kees Klaassen", "email": "kees@klaassen.example"},
                toestemming_op=time_utc(), transcript=[], kanaal="rest",
                roster=default_store().current().roster, inbox_base_url="http://inbox.example")
        publieke_id = resultaat.publieke_id
        wait_until(lambda: mails_voor(eigen.smtp, publieke_id), timeout=30)  # DATA is in
        proces = eigen.stack.processes["outbox"]
        eigen.signaal("outbox", signal.SIGKILL)  # dies before it can record the delivery
        proces.wait(10)
    finally:
        eigen.smtp.delay = 0
    with sessie(eigen) as s:
        bericht = s.execute(select(OutboxBericht).join(Overdracht)
                            .where(Overdracht.publieke_id == publieke_id,
                                   OutboxBericht.soort == "mail")).scalar_one()
        assert bericht.status == "bezig", "the worker died between sending and recording"

    eigen.stack.start_outbox()

    def verzonden() -> bool:
        with sessie(eigen) as s:
            return s.execute(select(OutboxBericht.status).where(
                OutboxBericht.id == bericht.id)).scalar_one() == "verzonden"

    wait_until(verzonden, timeout=LEASE_SECONDEN + 60)
    kopieen = mails_voor(eigen.smtp, publieke_id)
    assert len(kopieen) >= 2, "sent again after the lease expired (at least once)"
    assert len({m["Message-ID"] for m in kopieen}) == 1, [m["Message-ID"] for m in kopieen]
    assert len({m.as_bytes() for m in kopieen}) == 1, "byte for byte the same message"


def time_utc():  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.utcnow().replace(microsecond=0)
