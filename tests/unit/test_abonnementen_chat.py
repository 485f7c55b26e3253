"""The framework-free part of subscribing in the chat (wsp.abonnementen.chat): the button the
answer actions offer, which instruments and municipality, parsing the employer's answers."""

from __future__ import annotations

import json

import pytest

from wsp.abonnementen import chat, teksten
from wsp.db import REPO_ROOT
from wsp.regels import controleer


@pytest.fixture(scope="module")
def repo():  # type: ignore[no-untyped-def]
    uitkomst = controleer(REPO_ROOT)
    assert uitkomst.repository is not None, [str(f) for f in uitkomst.fouten]
    return uitkomst.repository


def test_knop_na_een_antwoord() -> None:
    assert chat.ABONNEMENT_KNOP == {"title": "Houd mij op de hoogte", "payload": "/subscribe_updates"}
    knop = chat.abonnement_knop("jobcoaching")
    intent, _, entiteiten = knop["payload"].partition("{")
    assert intent == "/subscribe_updates" and json.loads("{" + entiteiten) == {"regeling": "jobcoaching"}
    assert chat.abonnement_knop() == chat.ABONNEMENT_KNOP and chat.abonnement_knop() is not chat.ABONNEMENT_KNOP


def test_regelingen_van_het_gesprek() -> None:
    bekend = ["jobcoaching", "loonkostensubsidie", "no_risk_polis"]
    events = [
        {"event": "user", "parse_data": {"entities": [{"entity": "regeling", "value": "no_risk_polis"}]}},
        {"event": "slot", "name": "regeling", "value": "loonkostensubsidie"},
    ]
    assert chat.regelingen_van_gesprek(["jobcoaching"], events, "loonkostensubsidie", bekend) == ["jobcoaching"]
    assert chat.regelingen_van_gesprek([], events, "loonkostensubsidie", bekend) == [
        "no_risk_polis", "loonkostensubsidie"]
    assert chat.regelingen_van_gesprek(["onzin"], [], None, bekend) == []  # [] = every regeling


def test_gemeente_uit_het_antwoord(repo) -> None:  # type: ignore[no-untyped-def]
    assert chat.lees_gemeente(repo, "Giesbeek").gemeente == "zevenaar"
    assert chat.lees_gemeente(repo, "wij zitten in Velp").gemeente == "rheden"
    assert chat.lees_gemeente(repo, "/inform_gemeente", ["Duiven"]).gemeente == "duiven"
    assert chat.lees_gemeente(repo, "zevenaar").gemeente == "zevenaar"
    buiten = chat.lees_gemeente(repo, "Nijmegen")
    assert buiten.gemeente is None and buiten.buiten_regio == "Nijmegen"
    assert chat.lees_gemeente(repo, "stop").stop
    assert chat.lees_gemeente(repo, "geen idee") == chat.GemeenteAntwoord()
    knoppen = chat.gemeente_knoppen(repo)
    assert {"title": "Zevenaar", "payload": "Zevenaar"} in knoppen and len(knoppen) >= 9


def test_email_uit_het_antwoord() -> None:
    assert chat.lees_email("Mijn adres is Jan@Bakkerij.NL graag").email == "jan@bakkerij.nl"
    assert chat.lees_email("weet ik niet").email is None
    assert chat.lees_email("stop").stop


def test_toestemmingstekst_zegt_wat_waar_hoe_en_hoe_lang(repo) -> None:  # type: ignore[no-untyped-def]
    tekst = chat.toestemmingstekst(repo, ["jobcoaching", "no_risk_polis"], "zevenaar")
    assert "aan jobcoaching en no-riskpolis in gemeente Zevenaar" in tekst
    assert "één klik afmelden" in tekst and "Pas als u op die link klikt" in tekst
    assert "geopend" in tekst and "30 dagen" in tekst
    assert "de regelingen voor werkgevers in de regio" in chat.toestemmingstekst(repo, [], None)
    assert teksten.aangevraagd("a@b.nl").startswith("Dank u. Ik stuur een mail naar a@b.nl")
