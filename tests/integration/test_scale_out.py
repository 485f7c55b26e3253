"""Horizontal scale-out: two Rasa replicas share one PostgreSQL tracker store and one Redis lock
store, with one action server writing handovers to PostgreSQL — the production topology of
``docker/compose.yml`` with its endpoints file ``docker/endpoints.yml``, started with
``wsp.devstack`` on free ports.

Many conversations run at the same time and every conversation's messages alternate between the
two replicas. Afterwards each conversation's tracker must hold exactly the user messages that were
sent, in order (nothing lost, nothing duplicated, nothing from another conversation), and every
escalation must be stored exactly once in the handover database.

Needs PostgreSQL (``WSP_TEST_PG_URL``, default ``postgresql://postgres@127.0.0.1:5432/test``) and
Redis (``WSP_TEST_REDIS_URL``, default ``redis://127.0.0.1:6379/1``); when either is not reachable
the test fails in CI and is skipped elsewhere (tests/support/services.py). Two throwaway databases are created and dropped; Redis keys get a unique prefix.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Iterator

import pytest

from tests.support.gesprek import formulier_antwoord
from tests.support.services import PG_ADMIN_URL, REDIS_URL, postgres_admin, redis_client
from wsp.devstack import (
    LAADTEST_ENV,
    ROOT,
    Stack,
    StackConfig,
    free_port,
    post_json,
    production_endpoints_env,
)

sys.path.insert(0, str(ROOT / "scripts"))
from train import model_path  # noqa: E402

pytestmark = [pytest.mark.process, pytest.mark.postgres, pytest.mark.redis]


# Realistic multi-turn conversations (each ~6 messages).
GESPREKKEN: list[list[str]] = [
    ["Hallo", "Wat is de no-riskpolis?", "Hoe vraag ik het aan?", "Ik zit in Velp",
     "kan ik loonkostensubsidie krijgen?", "bedankt"],
    ["Wat is het doelgroepregister?", "wie betaalt de jobcoach?", "/ask_gemeente_rules",
     '/inform_gemeente{"plaats": "Zevenaar"}', "wat is het LKV eigenlijk", "dank je wel"],
    ["kun je uitrekenen hoeveel loonkostensubsidie ik krijg?", "24", "50 procent",
     "wat is het verschil tussen Arnhem en Zevenaar bij jobcoaching?",
     "Wij zitten in Elst, hoe zit het met jobcoaching?", "top, bedankt"],
    ["Goedemorgen", "moeten wij meedoen aan de banenafspraak met 40 man personeel?",
     "hoe werkt een proefplaatsing bij het UWV", "Hoeveel loonkostensubsidie krijg ik bij 32 uur "
     "en loonwaarde 60%?", "mijn werknemer heeft een aangepaste werkplek nodig, wie betaalt dat?",
     "doei"],
]

ESCALATIE_AANLOOP = ["Ik wil graag iemand spreken", "Arnhem", "ja"]


def escalatie(nummer: int) -> dict[str, str]:
    """What employer ``nummer`` fills in; the form's questions are answered as they come
    (``formulier_antwoord``), whatever their order."""
    return {
        "naam": f"Jan Schaal{nummer}",
        "organisatie": f"Bakkerij Schaal {nummer}",
        "email": f"jan.schaal{nummer}@bakkerij-voorbeeld.nl",
        "contactvoorkeur": "bellen",
        "telefoon": "026 123 45 67",
        "vraag": f"Kan ik loonkostensubsidie krijgen voor een nieuwe medewerker? (gesprek {nummer})",
    }


@dataclass
class ScaleStack:
    stack: Stack
    handover_url: str
    tracker_db: str
    redis_prefix: str
    startup_seconds: float

    @property
    def urls(self) -> list[str]:
        return self.stack.config.rasa_urls

    @property
    def token(self) -> str:
        return self.stack.config.auth_token

    def tracker(self, replica: int, sender: str) -> dict[str, Any]:
        url = (f"{self.urls[replica]}/conversations/{urllib.parse.quote(sender)}/tracker"
               f"?token={self.token}")
        with urllib.request.urlopen(url, timeout=60) as response:
            return json.loads(response.read())


def _admin():  # type: ignore[no-untyped-def]
    return postgres_admin()


def _redis():  # type: ignore[no-untyped-def]
    return redis_client(REDIS_URL)


@pytest.fixture(scope="module")
def scale_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaleStack]:
    model = model_path()
    if not model.exists():
        pytest.fail("No trained model for the current training data: run 'make train' first.")
    admin = _admin()
    red = _redis()
    suffix = uuid.uuid4().hex[:10]
    tracker_db, handover_db = f"wsp_scale_tracker_{suffix}", f"wsp_scale_overdracht_{suffix}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{tracker_db}"')
        cur.execute(f'CREATE DATABASE "{handover_db}"')
    handover_url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{handover_db}"
    prefix = f"wspscale{suffix}"  # Rasa requires an alphanumeric key prefix
    var_dir = tmp_path_factory.mktemp("scale")
    action_port = free_port()
    config = StackConfig(
        model=model,
        var_dir=var_dir,
        rasa_port=free_port(),
        extra_rasa_ports=(free_port(),),
        action_port=action_port,
        auth_token=uuid.uuid4().hex,
        database_url=handover_url,
        with_inbox=False,
        with_web=False,
        with_outbox=False,
        # the production endpoints file itself, its ${VAR}s filled from the environment below
        endpoints=ROOT / "docker" / "endpoints.yml",
        extra_env={
            "WSP_MAIL_SPOOL": str(var_dir / "mail"),
            **LAADTEST_ENV,
            **production_endpoints_env(
                PG_ADMIN_URL, tracker_db, REDIS_URL, prefix, action_port
            ),
        },
    )
    stack = Stack(config)
    try:
        stack.start()
        seconds = stack.wait_ready()
        yield ScaleStack(stack, handover_url, tracker_db, prefix, seconds)
    finally:
        stack.stop()
        from wsp.db import engine_for

        engine_for(handover_url).dispose()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{tracker_db}" WITH (FORCE)')
            cur.execute(f'DROP DATABASE IF EXISTS "{handover_db}" WITH (FORCE)')
        admin.close()
        for key in red.scan_iter(match=f"{prefix}:*"):
            red.delete(key)
        red.close()


@dataclass
class Gesprek:
    sender: str
    berichten: list[str]
    eerste_replica: int
    formulier: dict[str, str] | None = None  # after the messages: fill in the contact form
    antwoorden: list[list[dict[str, Any]]] = field(default_factory=list)
    replicas: list[int] = field(default_factory=list)


def _stuur(s: ScaleStack, gesprek: Gesprek, bericht: str) -> str:
    replica = (gesprek.eerste_replica + len(gesprek.replicas)) % len(s.urls)
    antwoord = post_json(
        f"{s.urls[replica]}/webhooks/rest/webhook",
        {"sender": gesprek.sender, "message": bericht},
        timeout=120,
    )
    assert isinstance(antwoord, list), antwoord
    gesprek.antwoorden.append(antwoord)
    gesprek.replicas.append(replica)
    return "\n".join(r.get("text", "") for r in antwoord)


def _voer_uit(s: ScaleStack, gesprek: Gesprek) -> Gesprek:
    berichten, gesprek.berichten = gesprek.berichten, []
    tekst = ""
    for bericht in berichten:
        gesprek.berichten.append(bericht)
        tekst = _stuur(s, gesprek, bericht)
    for _ in range(16 if gesprek.formulier else 0):
        laag = tekst.lower()
        if "doorgegeven aan" in laag:
            break
        bericht = "/affirm" if "klopt dit?" in laag else formulier_antwoord(tekst, gesprek.formulier)
        gesprek.berichten.append(bericht)
        tekst = _stuur(s, gesprek, bericht)
    return gesprek


def test_conversations_alternating_between_two_replicas_lose_and_duplicate_nothing(
    scale_stack: ScaleStack,
) -> None:
    s = scale_stack
    run = uuid.uuid4().hex[:6]
    gesprekken = [
        Gesprek(f"schaal-{run}-{n:02d}", GESPREKKEN[n % len(GESPREKKEN)], eerste_replica=n % 2)
        for n in range(16)
    ]
    escalaties = [
        Gesprek(f"schaal-{run}-esc{n}", list(ESCALATIE_AANLOOP), eerste_replica=n % 2, formulier=escalatie(n))
        for n in range(4)
    ]
    alle = gesprekken + escalaties
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(alle)) as pool:
        klaar = list(pool.map(lambda g: _voer_uit(s, g), alle))
    seconds = time.monotonic() - start
    berichten = sum(len(g.berichten) for g in klaar)
    print(f"\n{len(klaar)} gesprekken, {berichten} berichten over 2 replica's in {seconds:.1f} s "
          f"({berichten / seconds:.1f} berichten/s); opstarten {s.startup_seconds:.0f} s")

    for g in klaar:
        assert set(g.replicas) == {0, 1}, g.sender
        assert all(g.antwoorden), f"{g.sender}: a message got no answer: {g.antwoorden}"
        # read back through the replica that did not answer the last message
        tracker = s.tracker((g.replicas[-1] + 1) % 2, g.sender)
        gebruiker = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
        assert gebruiker == g.berichten, f"{g.sender}: tracker differs from what was sent"

    for g in escalaties:
        laatste = "\n".join(r.get("text", "") for r in g.antwoorden[-1])
        assert "doorgegeven" in laatste, f"{g.sender}: escalation not confirmed: {laatste}"
        samenvatting = "\n".join(r.get("text", "") for r in g.antwoorden[-2])
        assert "Klopt dit?" in samenvatting, samenvatting

    from sqlalchemy import select

    from wsp.db import session_scope
    from wsp.overdracht.models import Overdracht

    with session_scope(s.handover_url) as db:
        rijen = db.execute(select(Overdracht.gesprek_id, Overdracht.naam, Overdracht.email)).all()
    opgeslagen: dict[str, list[tuple[str, str]]] = {}
    for gesprek_id, naam, email in rijen:
        opgeslagen.setdefault(gesprek_id, []).append((naam, email))
    verwacht = {
        g.sender: [(f"Jan Schaal{n}", f"jan.schaal{n}@bakkerij-voorbeeld.nl")]
        for n, g in enumerate(escalaties)
    }
    assert opgeslagen == verwacht

    # the tracker store really is the shared PostgreSQL database (no silent in-memory fallback)
    import psycopg2

    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    with psycopg2.connect(f"{base}/{s.tracker_db}") as conn, conn.cursor() as cur:
        cur.execute("SELECT count(DISTINCT sender_id) FROM events WHERE sender_id LIKE %s",
                    (f"schaal-{run}-%",))
        assert cur.fetchone()[0] == len(alle)
    conn.close()

    # every ticket lock was released in Redis
    red = _redis()
    try:
        assert not list(red.scan_iter(match=f"{s.redis_prefix}:*"))
    finally:
        red.close()
