"""Special personal data typed into the chat (BSN, IBAN, date of birth, health words) never reaches
the stored conversation, the handover database or the mail to the accountmanager; the assistant
warns once, politely. Through the real assistant over HTTP. (The webhook body is checked with the
same conversation in test_storingen.py, whose stack has a webhook receiver.)"""

from __future__ import annotations

import sqlite3
from email.message import Message

import pytest
from sqlalchemy import select

from actions.common import PRIVACY_WAARSCHUWING
from tests.gesprek_hulp import beantwoord_formulier, naar_formulier, teksten
from wsp.db import Base, session_scope
from wsp.overdracht.models import Overdracht

pytestmark = pytest.mark.stack

# What the employer types, and what must never be found anywhere afterwards.
BSN, BSN_GROEPEN, IBAN = "111222333", "123 456 782", "NL91ABNA0417164300"
GEBOORTEDATUM = "12-03-1980"
GEZONDHEID = ("autisme", "burn-out", "diabetes", "epilepsie")
VERBODEN = (BSN, BSN_GROEPEN, BSN_GROEPEN.replace(" ", ""), IBAN, GEBOORTEDATUM, *GEZONDHEID)

OPENING = (f"Mijn kandidaat heeft autisme en had een burn-out, BSN {BSN}. "
           "Kan ik loonkostensubsidie krijgen in Arnhem?")
TWEEDE = (f"Hij is geboren op {GEBOORTEDATUM}, rekening {IBAN}, en heeft diabetes. "
          "Wat is de no-riskpolis?")
VRAAG = f"Kan ik een jobcoach krijgen voor mijn werknemer met epilepsie, BSN {BSN_GROEPEN}?"


def gevonden(tekst: str) -> list[str]:
    laag = tekst.lower()
    return [v for v in VERBODEN if v.lower() in laag]


def mailtekst(bericht: Message) -> str:
    delen = [f"{k}: {v}" for k, v in bericht.items()]
    for deel in bericht.walk():
        if not deel.is_multipart():
            inhoud = deel.get_payload(decode=True) or b""
            delen.append(inhoud.decode(deel.get_content_charset() or "utf-8", "replace"))
    return "\n".join(delen)


def gesprek_met_bijzondere_gegevens(say) -> tuple[list[dict], list[dict], str]:  # type: ignore[no-untyped-def]
    eerste, tweede = say(OPENING), say(TWEEDE)
    formulier = naar_formulier(say, "wie betaalt een jobcoach?", "Arnhem")
    bevestiging = beantwoord_formulier(say, formulier, {
        "naam": "Jan de Vries", "organisatie": "Bakkerij De Vries",
        "email": f"jan-{id(say)}@bakkerij.example", "telefoon": "026 123 45 67",
        "contactvoorkeur": "bellen, hij heeft autisme dus liever rustig", "vraag": VRAAG})
    return eerste, tweede, bevestiging


def test_privacywaarschuwing_een_keer_beleefd(stack) -> None:
    sender = stack.new_sender("waarschuwing")
    eerste = teksten(stack.say(sender, OPENING))
    assert PRIVACY_WAARSCHUWING in eerste, eerste
    assert "loonkostensubsidie" in eerste.lower(), "the question is still answered"
    tweede = teksten(stack.say(sender, TWEEDE))
    assert PRIVACY_WAARSCHUWING not in tweede, "only the first time"
    assert "no-risk" in tweede.lower(), tweede
    # the warning does not repeat what was typed
    assert not gevonden(PRIVACY_WAARSCHUWING)


def test_bijzondere_gegevens_komen_nergens_terecht(stack) -> None:
    sender = stack.new_sender("avg")
    eerste, _, bevestiging = gesprek_met_bijzondere_gegevens(lambda t: stack.say(sender, t))
    assert PRIVACY_WAARSCHUWING in teksten(eerste)
    assert "doorgegeven aan" in bevestiging

    # (a) the tracker store's rows, read straight from its SQLite file
    pad = stack.stack.config.var_dir / "tracker.sqlite"
    with sqlite3.connect(f"file:{pad}?mode=ro", uri=True) as db:
        rijen = db.execute("SELECT type_name, intent_name, action_name, data FROM events "
                           "WHERE sender_id = ?", (sender,)).fetchall()
    assert len(rijen) > 20
    lekken = [(r[0], v) for r in rijen for v in gevonden(" ".join(map(str, r)))]
    assert lekken == [], lekken
    assert any("[BSN verwijderd]" in (r[3] or "") for r in rijen), "the text itself is kept"

    # (b) the handover database: every column of every table
    with session_scope(stack.database_url) as session:
        overdracht = session.execute(
            select(Overdracht).where(Overdracht.gesprek_id == sender)).scalar_one()
        publieke_id = overdracht.publieke_id
        alles = "\n".join(repr(tuple(rij)) for tabel in Base.metadata.sorted_tables
                          for rij in session.execute(select(tabel)).all())
        assert "[BSN verwijderd]" in overdracht.vraag and "Jan de Vries" in alles
    assert gevonden(alles) == []

    # (c) the mail the accountmanager receives (headers, text and HTML part, decoded)
    mail = stack.mailbox.wait_for(lambda m: publieke_id in (m["X-WSP-Overdracht"] or ""))
    tekst = mailtekst(mail)
    assert "Jan de Vries" in tekst and "[BSN verwijderd]" in tekst
    assert gevonden(tekst) == []

    # and the logs of the processes that saw the conversation
    for naam in ("rasa", "actions", "outbox"):
        log = (stack.stack.log_dir / f"{naam}.log").read_text(errors="replace")
        assert gevonden(log) == [], naam
