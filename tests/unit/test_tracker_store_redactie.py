"""The redacting tracker store writes no special personal data, whichever part of an event holds
it: user text, parse data, entity values, slot values (a form slot first gets the raw text), bot
texts and buttons."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.addons.tracker_store import RedactingSQLTrackerStore, redact_waarde
from tests.support.coroutines import run_coroutine

BSN, IBAN = "111222333", "NL91ABNA0417164300"
TEKST = f"BSN {BSN}, IBAN {IBAN}, geboren op 12-03-1980, heeft autisme"
VERBODEN = (BSN, IBAN, "12-03-1980", "autisme")


def test_alle_tekst_in_een_event_wordt_geredigeerd(tmp_path: Path) -> None:
    db = tmp_path / "tracker.sqlite"
    store = RedactingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker("gesprek-1", slots=[])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(TEKST, intent={"name": "ask_loonkostensubsidie", "confidence": 1},
                               entities=[{"entity": "plaats", "value": BSN, "start": 4, "end": 13}],
                               parse_data={"text": TEKST, "intent": {"name": "ask_loonkostensubsidie"},
                                           "entities": [{"entity": "plaats", "value": BSN}]}))
    tracker.update(SlotSet("vraag", TEKST))
    tracker.update(SlotSet("datum", "12-03-1980"))  # copied without the words around it
    tracker.update(SlotSet("notities", [TEKST, {"diep": TEKST}]))
    tracker.update(BotUttered(f"U schreef: {TEKST}", data={"buttons": [
        {"title": f"Ja, {BSN}", "payload": "/affirm"}]}))
    run_coroutine(store.save(tracker))

    with sqlite3.connect(db) as conn:
        rijen = conn.execute("SELECT type_name, intent_name, action_name, data FROM events").fetchall()
    assert {r[0] for r in rijen} == {"action", "user", "slot", "bot"}
    tekst = "\n".join(map(str, rijen))
    assert [v for v in VERBODEN if v in tekst] == []
    assert "[BSN verwijderd]" in tekst and "[medisch gegeven verwijderd]" in tekst
    # names stay, so the conversation still loads and reports still work
    assert ("user", "ask_loonkostensubsidie") in {(r[0], r[1]) for r in rijen}
    assert '"name": "vraag"' in tekst and '"payload": "/affirm"' in tekst

    geladen = run_coroutine(store.retrieve("gesprek-1"))
    assert geladen is not None
    laatste = geladen.events[-1]
    assert isinstance(laatste, BotUttered) and BSN not in laatste.text


def test_redact_waarde_laat_namen_staan() -> None:
    data = {"event": "slot", "name": "autisme_vraag", "value": "autisme", "timestamp": 1.0}
    assert redact_waarde(data) == {"event": "slot", "name": "autisme_vraag",
                                   "value": "[medisch gegeven verwijderd]", "timestamp": 1.0}
