"""The handover actions keep employers apart (actions/escalatie.py), run directly with rasa-sdk's
Tracker: consent clears earlier contact details, storing leaves none behind, the chat's
confirmation names nobody tied to an e-mail address, and a refused handover gets a Dutch answer.
Through the running assistant: tests/integration/test_aanvallen.py."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.escalatie import (
    CONTACT_SLOTS,
    ActionOverdrachtOpslaan,
    ActionOverdrachtToestemming,
    bevestiging_in_chat,
)
from tests.support.coroutines import run_coroutine

EERDER = {"naam": "Eerste Werkgever", "organisatie": "Eerste BV", "email": "eerste@bv.example",
          "telefoon": "0261234567", "kvk": "12345678", "contactvoorkeur": "bellen",
          "accountmanager_id": "am-arnhem-1", "gemeente": "arnhem"}


def tracker(slots: dict, events: list[dict] | None = None) -> Tracker:
    return Tracker("afzender-1", slots, {"intent": {"name": "affirm"}, "entities": []},
                   events or [], False, None, {}, "action_listen")


def gezette_slots(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_toestemming_wist_eerdere_contactgegevens() -> None:
    events = run_coroutine(ActionOverdrachtToestemming().run(
        CollectingDispatcher(), tracker(EERDER), {}))
    slots = gezette_slots(events)
    assert slots["toestemming_op"]
    for slot in CONTACT_SLOTS:
        assert slot in slots and slots[slot] is None, slot


def test_geweigerde_overdracht_laat_niets_achter_en_antwoordt_in_het_nederlands() -> None:
    dispatcher = CollectingDispatcher()
    # consent in the slot, but not recorded in the events (a forged or broken tracker)
    events = run_coroutine(ActionOverdrachtOpslaan().run(
        dispatcher, tracker({**EERDER, "toestemming_op": "2026-11-30T10:00:00+00:00"}), {}))
    tekst = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert "niet om uw vraag door te geven" in tekst, tekst
    slots = gezette_slots(events)
    for slot in (*CONTACT_SLOTS, "accountmanager_id", "toestemming_op", "vraag"):
        assert slot in slots and slots[slot] is None, slot


def test_bevestiging_in_de_chat_noemt_geen_contactpersoon() -> None:
    tekst = bevestiging_in_chat("Jan", date(2026, 12, 2), "bellen", "jan@bv.example",
                                "WerkgeversServicepunt Midden-Gelderland")
    assert "doorgegeven aan uw contactpersoon" in tekst and "neemt uiterlijk" in tekst
    assert "jan@bv.example" in tekst and "bevestiging" in tekst
    zonder_mail = bevestiging_in_chat(None, date(2026, 12, 2), None, None, None)
    assert "bevestiging" not in zonder_mail and "al een vaste contactpersoon" not in zonder_mail
