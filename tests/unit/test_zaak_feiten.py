"""Facts for the accountmanager's case view: from the conversation's slots, from the employer's own
lines, the company's and the employee's municipality apart, and the questions the assistant got stuck
on (marked when the transcript is made, or read from a stored transcript)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from wsp import teksten
from wsp.inbox import dossier, weergave
from wsp.overdracht.feiten import feiten_uit_events, feiten_uit_transcript
from wsp.overdracht.transcript import transcript_from_events
from wsp.regels import default_store


@pytest.fixture(scope="module")
def vind():
    return default_store().current().find_plaatsen


def werkgever(tekst: str) -> dict:
    return {"afzender": "werkgever", "tekst": tekst}


def assistent(tekst: str) -> dict:
    return {"afzender": "assistent", "tekst": tekst}


def test_feiten_uit_de_slots_laatste_waarde_zonder_lege_en_zonder_onbekende_slots():
    events = [
        {"event": "slot", "name": "regeling", "value": "jobcoaching"},
        {"event": "slot", "name": "uren", "value": 16},
        {"event": "slot", "name": "regeling", "value": "loonkostensubsidie"},
        {"event": "slot", "name": "uren", "value": None},  # a form clearing its slots afterwards
        {"event": "slot", "name": "woongemeente", "value": "arnhem"},
        {"event": "slot", "name": "email", "value": "jan@example.nl"},  # contact, not a fact
        {"event": "slot", "name": "startdatum", "value": "per 1 maart, BSN 123456782"},
        {"event": "user", "text": "hallo"},
    ]
    feiten = feiten_uit_events(events)
    assert feiten["regeling"] == "loonkostensubsidie" and feiten["uren"] == 16
    assert feiten["woongemeente"] == "arnhem" and "email" not in feiten
    assert "123456782" not in feiten["startdatum"]  # redacted like the transcript


@pytest.mark.parametrize(
    ("regel", "sleutel", "waarde"),
    [
        ("Ik wil iemand met een Wajong-uitkering aannemen", "uitkering", "Wajong"),
        ("Hij zit in de bijstand", "uitkering", "Participatiewet (bijstand)"),
        ("Zij heeft een WW-uitkering en een Wajong", "uitkering", "Wajong, WW"),
        ("Mijn kandidaat staat in het doelgroepregister", "doelgroepregister", "staat erin"),
        ("Ze staat nog niet in het doelgroepregister", "doelgroepregister", "staat er niet in"),
        ("Ik weet niet of hij in het doelgroepregister staat", "doelgroepregister", "weet de werkgever niet"),
        ("Hij komt 24 uur per week werken", "uren", "24 uur per week"),
        ("Zij werkt 12,5 uur in de week", "uren", "12,5 uur per week"),
        ("Hij begint op 1 maart 2027 bij ons", "startdatum", "op 1 maart 2027"),
        ("Ze start volgende maand", "startdatum", "volgende maand"),
    ],
)
def test_feiten_uit_de_regels_van_de_werkgever(regel, sleutel, waarde):
    feiten = feiten_uit_transcript([werkgever(regel)])
    assert feiten[sleutel].waarde == waarde
    assert feiten[sleutel].citaat == regel


@pytest.mark.parametrize(
    "regel",
    ["Wat is de Wajong?", "Wat is het doelgroepregister?", "Hoeveel uur jobcoaching krijg ik?", "Wanneer begint dat?"],
)
def test_een_vraag_over_iets_is_geen_feit(regel):
    assert feiten_uit_transcript([werkgever(regel)]) == {}


def test_alleen_de_regels_van_de_werkgever_tellen():
    feiten = feiten_uit_transcript([assistent("Heeft uw kandidaat een Wajong-uitkering? Hij werkt 20 uur per week.")])
    assert feiten == {}


def test_gemeente_van_bedrijf_en_werknemer_uit_het_gesprek(vind):
    feiten = feiten_uit_transcript(
        [werkgever("Mijn bedrijf zit in Duiven, de werknemer woont in Elst.")], vind)
    assert (feiten["gemeente"].waarde, feiten["woongemeente"].waarde) == ("duiven", "overbetuwe")
    # an answer to the assistant's question counts as what was asked
    feiten = feiten_uit_transcript([
        assistent(teksten.vraag_gemeente("loonkostensubsidie")), werkgever("Velp"),
        assistent(teksten.vraag_gemeente(None)), werkgever("Zevenaar"),
    ], vind)
    assert (feiten["woongemeente"].waarde, feiten["gemeente"].waarde) == ("rheden", "zevenaar")


def _o(**velden):
    basis = dict(gemeente=None, woongemeente=None, feiten=None, transcript=[], regelingen=[])
    return SimpleNamespace(**{**basis, **velden})


def test_gemeenten_apart_opgeslagen_eerst_dan_gesprek_dan_de_ene_kolom(vind):
    repo = SimpleNamespace(find_plaatsen=vind, gemeenten={})
    g = dossier.gemeenten(_o(gemeente="duiven", woongemeente="arnhem", feiten={"gemeente": "duiven"}), repo)
    assert (g.bedrijf_id, g.werknemer_id, g.bedrijf.bron, g.werknemer.bron) == ("duiven", "arnhem", "assistent", "assistent")
    # an older handover stored the employee's municipality in `gemeente` when the employer named none
    g = dossier.gemeenten(_o(gemeente="rheden", transcript=[werkgever("De werknemer woont in Velp")]), repo)
    assert (g.bedrijf_id, g.werknemer_id, g.werknemer.bron) == (None, "rheden", "gesprek")
    # nothing to tell: the single column, said honestly
    g = dossier.gemeenten(_o(gemeente="arnhem", transcript=[werkgever("Arnhem")]), repo)
    assert g.bedrijf_id == "arnhem" and g.werknemer_id is None
    assert "staat er niet bij" in g.bedrijf.opmerking


def test_transcript_markeert_waar_de_assistent_vastliep():
    def user(text, intent, **extra):
        return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}, **extra}

    events = [
        user("Mag de kandidaat zijn hond meenemen?", "nlu_fallback"),
        {"event": "action", "name": "action_onbegrepen"},
        {"event": "bot", "text": teksten.ONBEGREPEN_1},
        user("Wat is de no-riskpolis?", "ask_regeling"),
        {"event": "action", "name": "action_beantwoord_regeling"},
        {"event": "bot", "text": "De no-riskpolis ..."},
        user('/feedback{"waardering":"negatief"}', "feedback"),
        user("Kunt u mijn boekhouding doen?", "out_of_scope"),
        {"event": "action", "name": "action_buiten_bereik"},
        user("Hoe vraag ik LKS aan?", "ask_how_to_apply"),
    ]
    regels = transcript_from_events(events)
    gemarkeerd = {r["tekst"]: r.get("vastgelopen") for r in regels if r["afzender"] == "werkgever"}
    assert gemarkeerd == {
        "Mag de kandidaat zijn hond meenemen?": "onbegrepen",
        "Wat is de no-riskpolis?": "niet_geholpen",
        "Dit antwoord hielp niet (duim omlaag)": None,
        "Kunt u mijn boekhouding doen?": "buiten_bereik",
        "Hoe vraag ik LKS aan?": None,
    }


def test_een_onzekere_vraag_die_de_bibliotheek_toch_beantwoordde_is_niet_vastgelopen():
    events = [
        {"event": "user", "text": "ik zit in velp, kan ik lks krijgen", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        {"event": "action", "name": "action_onbegrepen"},
        {"event": "slot", "name": "vraag_id", "value": "loonkostensubsidie.voor_wie"},
        {"event": "bot", "text": "Loonkostensubsidie is er voor ..."},
        {"event": "user", "text": "blorp", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        {"event": "action", "name": "action_onbegrepen"},
        {"event": "slot", "name": "vraag_id", "value": None},
        {"event": "bot", "text": teksten.ONBEGREPEN_1},
    ]
    gemarkeerd = {r["tekst"]: r.get("vastgelopen") for r in transcript_from_events(events) if r["afzender"] == "werkgever"}
    assert gemarkeerd == {"ik zit in velp, kan ik lks krijgen": None, "blorp": "onbegrepen"}


def test_een_vraag_die_op_niet_geholpen_leek_maar_beantwoord_werd_is_geen_oordeel():
    def user(text, intent="ask_regeling"):
        return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}

    keuze = {"event": "bot", "text": "Bedoelt u een van deze vragen?",
             "data": {"buttons": [{"title": "Waar vind ik hulp?",
                                   "payload": '/kies_vraag{"vraag_id": "werkgeversservicepunt.regelingen_hulp"}'}]}}
    events = [
        user("Wat is loonkostensubsidie?"), {"event": "slot", "name": "vraag_id", "value": "loonkostensubsidie.wat_is_het"},
        {"event": "bot", "text": "Loonkostensubsidie is ..."},
        # the model took a question for "did not help"; the assistant offered entries
        user("Hoe zorg je ervoor dat je niet verdrinkt in ingewikkelde subsidies?", "not_helpful"), keuze,
        user("dit helpt me niet", "not_helpful"),
        {"event": "bot", "text": teksten.NIET_GEHOLPEN},
    ]
    gemarkeerd = {r["tekst"]: r.get("vastgelopen") for r in transcript_from_events(events) if r["afzender"] == "werkgever"}
    assert gemarkeerd == {
        "Wat is loonkostensubsidie?": None,
        "Hoe zorg je ervoor dat je niet verdrinkt in ingewikkelde subsidies?": "niet_geholpen",
        "dit helpt me niet": None,
    }


def test_ook_een_opgeslagen_transcript_zonder_markering_wordt_gelezen():
    items = [
        werkgever("Mag de kandidaat zijn hond meenemen?"), assistent(teksten.ONBEGREPEN_1),
        werkgever("Wat is de no-riskpolis?"), assistent("De no-riskpolis ..."),
        werkgever("Dit antwoord hielp niet (duim omlaag)"),
        werkgever("Kunt u mijn boekhouding doen?"), assistent(teksten.BUITEN_BEREIK),
        werkgever("Hoe vraag ik LKS aan?"), assistent("U vraagt LKS aan bij ..."),
    ]
    assert weergave.vastgelopen(items) == {0: "onbegrepen", 2: "niet_geholpen", 5: "buiten_bereik"}
