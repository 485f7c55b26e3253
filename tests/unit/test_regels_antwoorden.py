"""The texts employers read: plain Dutch, a source line, the right buttons and escalation."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.regels import echte_repo
from wsp.regels import antwoorden as a
from wsp.regels.opmaak import euro

BRON = re.compile(r"^Bron: .+ \(gecontroleerd op \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}\)$")
VERBODEN = ("{", "}", "None", "Decimal(", "geen_regel", "woongemeente_werknemer")


def controleer_vorm(antwoord: a.Antwoord) -> list[str]:
    regels = antwoord.tekst.splitlines()
    assert BRON.match(regels[-1]), regels[-1]
    assert sum(r.startswith("Bron:") for r in regels) == 1
    for woord in VERBODEN:
        assert woord not in antwoord.tekst, woord
    return regels


@pytest.mark.parametrize("regeling", sorted(echte_repo().regelingen))
@pytest.mark.parametrize("gemeente", [None, "arnhem", "rheden", "renkum", "rozendaal", "doesburg"])
def test_every_answer_has_one_source_line_and_no_leftovers(regeling: str, gemeente: str | None):
    repo = echte_repo()
    controleer_vorm(a.antwoord_regeling(repo, regeling, gemeente))
    controleer_vorm(a.antwoord_aanvragen(repo, regeling, gemeente))
    if gemeente:
        controleer_vorm(a.antwoord_gemeente(repo, regeling, gemeente))
        controleer_vorm(a.antwoord_vergelijking(repo, regeling, gemeente, "zevenaar"))
    controleer_vorm(a.antwoord_buiten_regio(repo, regeling, repo.resolve_plaats("Ede")))


def test_national_answer_has_the_three_buttons():
    repo = echte_repo()
    antwoord = a.antwoord_regeling(repo, "no_risk_polis")
    aanvragen, gemeente, medewerker = antwoord.knoppen
    gekozen = json.loads(aanvragen["payload"].removeprefix("/kies_vraag"))["vraag_id"]
    assert gekozen.startswith("no_risk_polis.") and "aanvra" in gekozen
    assert aanvragen["title"] == repo.vragen[gekozen].vraag
    assert gemeente == {"title": "Wat geldt in mijn gemeente?", "payload": "/ask_gemeente_rules"}
    assert medewerker == {"title": "Spreek een medewerker", "payload": "/request_human"}
    assert "Ziektewet-uitkering" in antwoord.tekst and antwoord.escaleren is None


def test_lks_in_rheden_names_the_deviation_and_the_employees_municipality():
    antwoord = a.antwoord_regeling(echte_repo(), "loonkostensubsidie", "rheden")
    assert "de woongemeente van uw werknemer" in antwoord.tekst
    assert "Rheden? Daar wijkt dit af van de regionale afspraak:" in antwoord.tekst
    assert "- Duur van die eerste periode: 6 maanden (regionaal: 3)." in antwoord.tekst
    assert "€ 14,99 per uur" in antwoord.tekst  # figure from bedragen.yml
    assert "Bron: Beleidsregels loonkostensubsidie gemeente Rheden" in antwoord.tekst


def test_municipality_following_the_region_says_so():
    antwoord = a.antwoord_regeling(echte_repo(), "jobcoaching", "duiven")
    assert "In Duiven gelden de regionale afspraken van Midden-Gelderland; er zijn geen afwijkingen." in antwoord.tekst


def test_gemeente_answer_marks_each_rule_and_escalates_maatwerk():
    antwoord = a.antwoord_gemeente(echte_repo(), "werkplekaanpassing", "renkum")
    assert antwoord.escaleren == "maatwerk"
    assert "maatwerk. Renkum beslist dit per situatie" in antwoord.tekst
    assert "accountmanager" in antwoord.tekst
    antwoord = a.antwoord_gemeente(echte_repo(), "werkplekaanpassing", "rozendaal")
    assert antwoord.escaleren == "geen_regel" and "(nog) geen regel" in antwoord.tekst
    assert a.antwoord_gemeente(echte_repo(), "werkplekaanpassing", "arnhem").escaleren is None


def test_how_to_apply_shows_the_municipal_procedure():
    antwoord = a.antwoord_aanvragen(echte_repo(), "loonkostensubsidie", "rheden")
    assert "Als uw werknemer in Rheden woont:" in antwoord.tekst
    assert "- Aanvragen tot: 6 maanden na de eerste werkdag" in antwoord.tekst
    assert "Dit wijkt af van de regionale afspraak." in antwoord.tekst
    assert "Sinds 1 juli 2023" in antwoord.tekst


def test_outside_region_points_to_the_own_region():
    repo = echte_repo()
    antwoord = a.antwoord_buiten_regio(repo, "jobcoaching", repo.resolve_plaats("Nijmegen"))
    assert "Nijmegen hoort niet bij Midden-Gelderland maar bij de arbeidsmarktregio Rijk van Nijmegen." in antwoord.tekst
    assert "uw eigen regio (Rijk van Nijmegen)" in antwoord.tekst
    assert "WerkgeversServicepunt daar" in antwoord.tekst
    antwoord = a.antwoord_buiten_regio(repo, "no_risk_polis", repo.resolve_plaats("Ede"))
    assert "UWV" in antwoord.tekst and "Foodvalley" in antwoord.tekst


def test_comparison_lists_differences_and_sameness():
    antwoord = a.antwoord_vergelijking(echte_repo(), "jobcoaching", "arnhem", "zevenaar")
    assert "- Uren jobcoaching: in Arnhem 6 uur" in antwoord.tekst and "in Zevenaar 3 uur" in antwoord.tekst
    assert "Hetzelfde in beide gemeenten: duur" in antwoord.tekst
    assert "woongemeente van uw werknemer" in antwoord.tekst
    landelijk = a.antwoord_vergelijking(echte_repo(), "no_risk_polis", "arnhem", "zevenaar")
    assert "landelijke regeling" in landelijk.tekst


def test_lks_calculation_is_shown_step_by_step_as_an_indication():
    repo = echte_repo()
    antwoord = a.antwoord_lks_berekening(repo, repo.lks_indicatie(32, 60, 2026, 1))
    regels = controleer_vorm(antwoord)
    assert regels[0] == "Indicatie loonkostensubsidie per maand (januari 2026), bij 32 uur per week en een loonwaarde van 60%:"
    assert "1. Minimumloon per maand: € 14,71 per uur × 32 uur per week × 52 weken ÷ 12 maanden = € 2.039,79" in regels
    assert "Uitkomst: ongeveer € 1.088,27 per maand (bruto)." in regels
    assert "indicatie, geen besluit" in antwoord.tekst
    assert "De woongemeente van uw werknemer" in antwoord.tekst
    assert "Bron: rijksoverheid.nl" in regels[-1]


def test_lks_calculation_adds_what_the_employer_pays_and_the_lkv_and_no_riskpolis():
    """'Wat kost mij dat?': the subsidy with what the employer still pays, the LKV banenafspraak for
    these hours (bedragen.yml) and the no-riskpolis, in one answer."""
    repo = echte_repo()
    antwoord = a.antwoord_lks_berekening(repo, repo.lks_indicatie(32, 60, 2026, 1))
    # 2039.79 + 8% = 2202.97 WML incl. vakantiegeld; x 1.235 - 1088.27 subsidy
    assert "Wat u zelf betaalt: bij het minimumloon ongeveer € 1.632,40 per maand" in antwoord.tekst
    lkv = next(v for v in repo.bedragen.lkv(2026) if v.soort == "doelgroep_banenafspraak")
    per_maand = min(lkv.per_uur * 32 * 52 / 12, lkv.max_per_jaar / 12)
    assert f"ongeveer {euro(per_maand)} per maand" in antwoord.tekst
    assert "no-riskpolis" in antwoord.tekst
    volledig = a.antwoord_lks_berekening(repo, repo.lks_indicatie(32, 100, 2026, 1))
    assert "Wat u zelf betaalt" not in volledig.tekst and "loonkostenvoordeel" in volledig.tekst


def test_gemeente_buttons():
    knoppen = a.vraag_gemeente_knoppen(echte_repo())
    assert len(knoppen) == 10
    assert knoppen[0] == {"title": "Arnhem", "payload": '/inform_gemeente{"plaats":"Arnhem"}'}
    assert [k["title"] for k in knoppen] == sorted(k["title"] for k in knoppen)


@pytest.mark.parametrize("gemeente", [None, "rheden", "overbetuwe"])
def test_a_source_line_names_each_source_once(gemeente: str | None):
    # an entry and the rule merged into it often cite the same site on the same day
    repo = echte_repo()
    for vraag in repo.vragen.values():
        regel = a.antwoord_vraag(repo, vraag, gemeente).tekst.splitlines()[-1]
        delen = [d.strip() for d in regel.removeprefix("Bron: ").split(";")]
        assert len(delen) == len(set(delen)), (vraag.id, regel)
