"""A long conversation through the real assistant: after ``WSP_MAX_BEURTEN_PER_SESSIE`` messages a
new Rasa session starts between two turns (so a turn's cost stops growing with the conversation),
the assistant goes on answering, and a handover at the end still carries the whole conversation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.addons import performance
from tests.support.gesprek import beantwoord_formulier, naar_formulier, teksten
from wsp.db import session_scope
from wsp.overdracht.models import Overdracht

pytestmark = pytest.mark.stack

VRAGEN = ["Wat is het doelgroepregister?", "Hoe lang duurt de no-riskpolis?",
          "wie betaalt de jobcoach?", "Wat is een proefplaatsing?"]


def test_lang_gesprek_nieuwe_sessie_en_volledig_transcript(stack) -> None:
    grens = performance.max_beurten()
    assert grens > 0
    sender = stack.new_sender("lang")
    eerste = "Ik heb een vraag: wat is het doelgroepregister eigenlijk?"
    antwoorden = [teksten(stack.say(sender, eerste))]
    for n in range(grens):
        antwoorden.append(teksten(stack.say(sender, VRAGEN[n % len(VRAGEN)])))
    assert all(antwoorden), antwoorden
    # the question asked again after the session boundary gets the same answer as before it
    assert antwoorden[-1] == antwoorden[len(VRAGEN)], (antwoorden[len(VRAGEN)], antwoorden[-1])

    events = stack.tracker(sender)["events"]
    assert sum(e["event"] == "session_started" for e in events) == 2
    # the new session starts with each slot's value once, not with every slot event so far
    start = max(i for i, e in enumerate(events) if e["event"] == "session_started")
    eerste_vraag = next(i for i in range(start, len(events)) if events[i]["event"] == "user")
    meegenomen = [e["name"] for e in events[start:eerste_vraag] if e["event"] == "slot"]
    assert meegenomen and len(meegenomen) == len(set(meegenomen)), meegenomen
    gezegd = [e["text"] for e in events if e["event"] == "user"]
    assert gezegd[0] == eerste and len(gezegd) == grens + 1  # nothing lost, nothing doubled

    def say(tekst: str) -> list[dict]:
        return stack.say(sender, tekst)

    slot = beantwoord_formulier(say, naar_formulier(say, "Kan ik loonkostensubsidie krijgen?",
                                                    "Arnhem"),
                                {"naam": "Anna Jansen", "organisatie": "Jansen Transport",
                                 "email": f"{sender}@transport.example"})
    assert "neemt uiterlijk" in slot, slot
    with session_scope(stack.database_url) as session:
        overdracht = session.execute(
            select(Overdracht).where(Overdracht.gesprek_id == sender)
        ).scalar_one()
        transcript = [regel["tekst"] for regel in overdracht.transcript]
    # the first message, from the first session, is in the accountmanager's transcript
    assert eerste in transcript, transcript[:5]
    assert "Kan ik loonkostensubsidie krijgen?" in transcript
