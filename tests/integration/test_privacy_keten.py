"""Special personal data typed into the chat (BSN, IBAN, date of birth, health words) never reaches
the stored conversation, the handover database or the mail to the accountmanager; the assistant
warns once, politely. Through the real assistant over HTTP. (The webhook body is checked with the
same conversation in test_storingen.py, whose stack has a webhook receiver.)"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from actions.common import PRIVACY_WAARSCHUWING
from tests.support.gesprek import (
    OPENING,
    TWEEDE,
    gesprek_met_bijzondere_gegevens,
    gevonden,
    mailtekst,
    teksten,
)
from wsp.db import Base, session_scope
from wsp.overdracht.models import Overdracht

pytestmark = pytest.mark.stack


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
    eerste, _, bevestiging = gesprek_met_bijzondere_gegevens(
        lambda t: stack.say(sender, t), f"{sender}@bakkerij.example")
    assert "doorgegeven aan" in bevestiging
    lekken: dict[str, list] = {}

    # (a) the tracker store's rows, read straight from its SQLite file
    pad = stack.stack.config.var_dir / "tracker.sqlite"
    with sqlite3.connect(f"file:{pad}?mode=ro", uri=True) as db:
        rijen = db.execute("SELECT type_name, intent_name, action_name, data FROM events "
                           "WHERE sender_id = ?", (sender,)).fetchall()
    assert len(rijen) > 20
    lekken["tracker"] = [(r[0], v) for r in rijen for v in gevonden(" ".join(map(str, r)))]

    # (b) the handover database: every column of every table
    with session_scope(stack.database_url) as session:
        overdracht = session.execute(
            select(Overdracht).where(Overdracht.gesprek_id == sender)).scalar_one()
        publieke_id = overdracht.publieke_id
        alles = "\n".join(repr(tuple(rij)) for tabel in Base.metadata.sorted_tables
                          for rij in session.execute(select(tabel)).all())
    assert "Jan de Vries" in alles
    lekken["database"] = gevonden(alles)

    # (c) the mail the accountmanager receives (headers, text and HTML part, decoded)
    mail = stack.mailbox.wait_for(lambda m: publieke_id in (m["X-WSP-Overdracht"] or ""))
    tekst = mailtekst(mail)
    assert "Jan de Vries" in tekst
    lekken["mail"] = gevonden(tekst)

    # and the logs of the processes that saw the conversation
    for naam in ("rasa", "actions", "outbox"):
        log = (stack.stack.log_dir / f"{naam}.log").read_text(errors="replace")
        lekken[f"{naam}.log"] = gevonden(log)

    assert {waar: wat for waar, wat in lekken.items() if wat} == {}
    assert PRIVACY_WAARSCHUWING in teksten(eerste)
    # the texts themselves are kept, with a marker where something was removed
    assert any("[BSN verwijderd]" in (r[3] or "") for r in rijen)
    assert "[BSN verwijderd]" in tekst and "[BSN verwijderd]" in alles
