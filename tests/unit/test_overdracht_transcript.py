"""wsp.overdracht.transcript: the conversation as the accountmanager reads it."""

from __future__ import annotations

from wsp.overdracht.transcript import (
    laatste_antwoorden,
    leesbare_payload,
    regelingen_uit_events,
    transcript_from_events,
)

T0 = 1795425300.0  # 2026-11-23 09:15:00 UTC


def gebruiker(text: str, t: float, intent: str = "nlu_fallback",
              entities: list[dict] | None = None) -> dict:
    return {"event": "user", "text": text, "timestamp": t,
            "parse_data": {"intent": {"name": intent}, "entities": entities or []}}


def bot(text: str, t: float, buttons: list[dict] | None = None) -> dict:
    return {"event": "bot", "text": text, "timestamp": t,
            "data": {"buttons": buttons or [], "elements": None}}


EVENTS = [
    {"event": "action", "name": "action_session_start", "timestamp": T0},
    {"event": "session_started", "timestamp": T0},
    gebruiker("Hoe zit het met LKS? Zijn BSN is 123 456 782", T0 + 1, "ask_loonkostensubsidie",
              [{"entity": "regeling", "value": "loonkostensubsidie"}]),
    {"event": "slot", "name": "regeling", "value": "loonkostensubsidie", "timestamp": T0 + 1},
    bot("Loonkostensubsidie vraagt u aan bij de gemeente.\nBron: Participatiewet", T0 + 2,
        [{"title": "Hoe vraag ik het aan?", "payload": "/ask_how_to_apply"},
         {"title": "Ik wil iemand spreken", "payload": "/request_human"}]),
    gebruiker("/request_human", T0 + 3, "request_human"),
    bot("Sanne de Vries is uw vaste contactpersoon.", T0 + 4),
    gebruiker("En jobcoaching? Hij heeft autisme.", T0 + 5, "ask_jobcoaching",
              [{"entity": "regeling", "value": "jobcoaching"},
               {"entity": "plaats", "value": "Velp"}]),
    {"event": "slot", "name": "regeling", "value": "jobcoaching", "timestamp": T0 + 5},
    {"event": "slot", "name": "regeling", "value": "loonkostensubsidie", "timestamp": T0 + 6},
    gebruiker("/inform_gemeente{\"plaats\": \"Velp\"}", T0 + 7, "inform_gemeente"),
    gebruiker("/feedback{\"waardering\":\"negatief\"}", T0 + 8, "feedback"),
    bot("", T0 + 9),
]


def test_transcript_regels_en_afzenders() -> None:
    transcript = transcript_from_events(EVENTS)
    assert [r["afzender"] for r in transcript] == [
        "werkgever", "assistent", "werkgever", "assistent", "werkgever", "werkgever", "werkgever"]
    eerste = transcript[0]
    assert eerste["tekst"] == "Hoe zit het met LKS? Zijn BSN is [BSN verwijderd]"
    assert eerste["tijd"] == "2026-11-23T09:15:01+00:00"
    assert eerste["knoppen"] == []
    assert transcript[1]["knoppen"] == ["Hoe vraag ik het aan?", "Ik wil iemand spreken"]


def test_knop_payload_wordt_de_titel_van_de_knop() -> None:
    transcript = transcript_from_events(EVENTS)
    assert transcript[2]["tekst"] == "Ik wil iemand spreken"
    assert transcript[5]["tekst"] == "Velp"
    assert transcript[6]["tekst"] == "Dit antwoord hielp niet (duim omlaag)"


def test_payload_zonder_bekende_knop_is_leesbaar() -> None:
    assert leesbare_payload("/request_human") == "Ik wil graag iemand spreken"
    assert leesbare_payload("/affirm") == "Ja"
    assert leesbare_payload('/onbekend_intent{"x": "y"}') == "onbekend intent (y)"
    knoppen = [{"title": "Arnhem", "payload": '/inform_gemeente{"plaats":"Arnhem"}'}]
    assert leesbare_payload('/inform_gemeente{"plaats": "Arnhem"}', knoppen) == "Arnhem"


def test_medische_gegevens_uit_transcript() -> None:
    teksten = " ".join(r["tekst"] for r in transcript_from_events(EVENTS))
    assert "autisme" not in teksten
    assert "[medisch gegeven verwijderd]" in teksten
    assert "782" not in teksten


def test_laatste_antwoorden() -> None:
    transcript = transcript_from_events(EVENTS)
    assert laatste_antwoorden(transcript, n=1) == ["Sanne de Vries is uw vaste contactpersoon."]
    assert len(laatste_antwoorden(transcript)) == 2
    assert laatste_antwoorden(transcript, n=0) == []


def test_regelingen_uniek_en_op_volgorde() -> None:
    assert regelingen_uit_events(EVENTS) == ["loonkostensubsidie", "jobcoaching"]


def test_onvolledige_events_breken_niets() -> None:
    rommel = [{}, {"event": "user"}, {"event": "bot", "text": None}, "geen dict",  # type: ignore[list-item]
              {"event": "user", "text": "hoi", "timestamp": "geen tijd"}]
    assert transcript_from_events(rommel) == [
        {"afzender": "werkgever", "tekst": "hoi", "tijd": None, "knoppen": []}]
    assert regelingen_uit_events(rommel) == []
