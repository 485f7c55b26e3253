"""The answer library: editors' entries validated, rendered for the municipality, and found for the
employer's question (wsp/regels/zoeken.py). Uses copies of the shipped files where they are changed."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.regels import ROOT, echte_repo, kopie, schrijf, vervang
from wsp.regels import antwoorden, controleer, load_repository
from wsp.regels.model import Vraag
from wsp.regels.zoeken import VraagIndex, als_aanvulling, is_vraag, normaliseer, stam, vraagzin


def vraag(id: str, tekst: str, voorbeelden: tuple[str, ...], antwoord: str = "Antwoord.") -> Vraag:
    return Vraag(
        id=id, regeling=id.split(".")[0], vraag=tekst, voorbeelden=voorbeelden, antwoord=antwoord,
        toelichting=None, bron="https://www.uwv.nl/werkgevers/a/b", geverifieerd_op=dt.date(2026, 11, 30),
        status="geverifieerd", zie_ook=(), regel=None, wijziging=None,
    )


MINI = [
    vraag("no_risk_polis.duur", "Hoe lang geldt de no-riskpolis?",
          ("hoeveel jaar loopt de no-riskpolis", "tot wanneer heb ik recht op die polis", "hoe lang duurt de polis")),
    vraag("no_risk_polis.ziekmelden", "Hoe meld ik mijn werknemer met no-riskpolis ziek?",
          ("waar geef ik de ziekte door", "ziekmelding bij uwv doen", "hoe geef ik door dat hij ziek is")),
    vraag("proefplaatsing.duur", "Hoe lang duurt een proefplaatsing?",
          ("hoeveel weken is een proefplaatsing", "hoe lang mag iemand op proef werken", "duur proefplaatsing")),
    vraag("jobcoaching.kosten", "Wat kost een jobcoach?",
          ("wie betaalt de jobcoach", "moet ik de jobcoach zelf betalen", "kosten jobcoaching")),
]


def test_the_question_itself_gets_its_entry():
    index = VraagIndex(MINI)
    besluit = index.beslis("Hoelang geldt de no risk polis eigenlijk?", genoemd=["no_risk_polis"])
    assert besluit.soort == "antwoord" and besluit.beste.id == "no_risk_polis.duur"


def test_a_follow_up_uses_the_instrument_of_the_conversation():
    index = VraagIndex(MINI)
    assert index.zoek("en hoe lang duurt dat?", context="proefplaatsing")[0].vraag.id == "proefplaatsing.duur"
    assert index.zoek("en hoe lang duurt dat?", context="no_risk_polis")[0].vraag.id == "no_risk_polis.duur"


def test_the_named_instrument_wins_over_the_conversation():
    index = VraagIndex(MINI)
    top = index.zoek("hoe lang duurt een proefplaatsing", genoemd=["proefplaatsing"], context="no_risk_polis")
    assert top[0].vraag.id == "proefplaatsing.duur"


def test_nothing_fitting_is_said_not_guessed():
    assert VraagIndex(MINI).beslis("mag ik mijn fiets op de stoep zetten").soort == "geen"


def test_two_equally_close_entries_are_offered_as_a_choice():
    dubbel = [*MINI, vraag("proefplaatsing.duur_gemeente", "Hoe lang duurt een proefplaatsing?",
                             ("hoeveel weken is een proefplaatsing", "hoe lang mag iemand op proef werken"))]
    besluit = VraagIndex(dubbel).beslis("hoe lang duurt een proefplaatsing", genoemd=["proefplaatsing"])
    assert besluit.soort == "keuze"
    assert {k.vraag.id for k in besluit.kandidaten} >= {"proefplaatsing.duur", "proefplaatsing.duur_gemeente"}


def test_a_choice_knows_the_entries_that_fit_next_and_they_can_be_searched_again():
    index = echte_repo().vraag_index
    d = index.drempels
    besluit = index.beslis("wat kost het")
    aangeboden = [k.vraag.id for k in besluit.kandidaten]
    assert besluit.soort == "keuze" and 1 <= len(besluit.overige) <= d.max_overige
    assert not {k.vraag.id for k in besluit.overige} & set(aangeboden)
    assert all(k.score >= d.keuze for k in besluit.overige)
    assert [k.score for k in besluit.overige] == sorted((k.score for k in besluit.overige), reverse=True)
    assert besluit.overige[0].score <= besluit.kandidaten[-1].score
    # what action_meer_vragen shows later, from the stored question and the offered ids
    assert index.overige("wat kost het", aangeboden) == besluit.overige
    # an answer has none
    assert index.beslis("Hoelang geldt de no risk polis?", genoemd=["no_risk_polis"]).overige == ()


def test_a_place_name_does_not_lower_the_match():
    """A place is the municipality slot's business: with the region's place names known, "in
    Zevenaar" does not count as an unknown word that drags every score down."""
    kaal = VraagIndex(MINI).scores("wat kost een jobcoach")
    met_plaats = VraagIndex(MINI, plaatsnamen=["Zevenaar", "Velp"]).scores("wat kost een jobcoach in Zevenaar")
    zonder_kennis = VraagIndex(MINI).scores("wat kost een jobcoach in Zevenaar")
    i = [v.id for v in MINI].index("jobcoaching.kosten")
    assert met_plaats[i] > zonder_kennis[i]
    assert met_plaats[i] == pytest.approx(kaal[i], abs=0.15)


@pytest.mark.parametrize("tekst,vraag", [
    ("Hoe zorg je ervoor dat je niet verdrinkt in ingewikkelde subsidies en regels?", True),
    ("Dit is te ingewikkeld. wat kost het mij", True),
    ("klopt dat wel?", True),
    ("dit helpt me niet", False),
    ("dat vroeg ik niet. Ik zoek iets anders", False),
])
def test_is_vraag_tells_a_question_from_feedback(tekst, vraag):
    assert is_vraag(tekst) is vraag


def test_the_question_after_a_sentence_of_context_counts():
    assert vraagzin("We hebben sinds maart iemand met een Wajong. Hoe lang geldt de polis?") == (
        "Hoe lang geldt de polis?")
    assert vraagzin("hoe lang geldt de polis") == "hoe lang geldt de polis"
    # the shipped library: the context ("doelgroepregister", "gemeente", "jobcoach") names other entries
    lang = ("We hebben vorige maand een jongen uit het doelgroepregister aangenomen via de gemeente, hij werkt "
            "20 uur bij ons in de bediening en krijgt begeleiding van een jobcoach. Hoe lang geldt de no-riskpolis?")
    besluit = echte_repo().vraag_index.beslis(lang, genoemd=["no_risk_polis"])
    assert besluit.soort == "antwoord" and besluit.beste.id == "no_risk_polis.duur", besluit


def test_spellings_and_plurals_are_folded():
    assert normaliseer("No-riskpolis?") == "no riskpolis"
    assert stam("werknemers") == stam("werknemer")


# -- the shipped library -------------------------------------------------------------------------
def test_the_shipped_library_answers_its_own_questions():
    """Every entry's own question finds that entry (or it is at least offered): a sanity check of
    the search and of duplicate questions; the real measure is scripts/evaluate_antwoorden.py."""
    repo = echte_repo()
    assert len(repo.vragen) >= 150
    mis = []
    for v in repo.vragen.values():
        besluit = repo.vraag_index.beslis(v.vraag, genoemd=[v.regeling])
        if v.id not in [k.vraag.id for k in besluit.kandidaten]:
            mis.append(f"{v.id}: {v.vraag!r} -> {besluit.soort} {[k.vraag.id for k in besluit.kandidaten]}")
    assert len(mis) <= len(repo.vragen) // 20, "\n".join(mis)


def test_every_instrument_of_the_registry_has_entries():
    repo = echte_repo()
    leeg = [r.id for r in repo.regelingen.values() if not r.vragen]
    assert not leeg


def test_an_entry_answer_is_short_sourced_and_filled_in():
    repo = echte_repo()
    for v in repo.vragen.values():
        antwoord = antwoorden.antwoord_vraag(repo, v)
        regels = antwoord.tekst.splitlines()
        assert regels[-1].startswith("Bron: "), v.id
        assert "{" not in antwoord.tekst and "}" not in antwoord.tekst, v.id
        if v.onbevestigd:
            assert antwoorden.ONBEVESTIGD in antwoord.tekst
            assert antwoorden.KNOP_MEDEWERKER in antwoord.knoppen
        for knop in antwoord.knoppen:
            if knop["payload"].startswith("/kies_vraag"):
                assert json.loads(knop["payload"].removeprefix("/kies_vraag"))["vraag_id"] in repo.vragen


def test_an_entry_with_a_rule_merges_the_municipality_and_marks_the_deviation():
    repo = echte_repo()
    # Rheden measures the loonwaarde every 12 months instead of the region's 24 (sample data)
    v = next(v for v in repo.vragen.values() if v.regel == ("loonkostensubsidie", "herbeoordeling"))
    lokaal = antwoorden.antwoord_vraag(repo, v, "rheden").tekst
    assert "Woont uw werknemer in Rheden? Dan geldt" in lokaal
    assert "12 maanden" in lokaal and "Dit wijkt af van de regionale afspraak (24)" in lokaal
    assert "Rheden meet de loonwaarde elk jaar opnieuw." in lokaal  # the employer's explanation ...
    assert "Rheden wil de subsidie" not in lokaal  # ... never the editors' internal reason
    regionaal = antwoorden.antwoord_vraag(repo, v).tekst
    assert "In Midden-Gelderland is de afspraak" in regionaal and "Noem de gemeente waar uw werknemer woont" in regionaal


# -- editors' checks ---------------------------------------------------------------------------------
@pytest.fixture
def root(tmp_path: Path) -> Path:
    return kopie(tmp_path)


def fouten(root: Path, vandaag: dt.date | None = None) -> list[str]:
    return [str(f) for f in controleer(root, vandaag=vandaag).fouten]


def test_a_duplicate_id_and_a_wrong_prefix_are_errors(root: Path):
    vervang(root, "knowledge/jobcoaching.yml", "id: jobcoaching.kosten", "id: jobcoaching.intern_extern")
    assert any("de id 'jobcoaching.intern_extern' bestaat al" in f for f in fouten(root))
    vervang(root, "knowledge/jobcoaching.yml", "id: jobcoaching.intern_extern", "id: proefplaatsing.kosten", 2)
    assert any("moet beginnen met 'jobcoaching.'" in f for f in fouten(root))


def test_unknown_references_are_errors(root: Path):
    tekst = (root / "knowledge/no_risk_polis.yml").read_text(encoding="utf-8")
    eerste_zie_ook = next(r for r in tekst.splitlines() if r.strip().startswith("zie_ook:"))
    schrijf(root / "knowledge/no_risk_polis.yml", tekst.replace(eerste_zie_ook, "    zie_ook: [no_risk_polis.bestaat_niet]", 1))
    assert any("zie_ook 'no_risk_polis.bestaat_niet' bestaat niet" in f for f in fouten(root))


def test_lapsed_minimum_wage_fails_check_but_the_assistant_keeps_serving_with_its_date(root: Path):
    # a copy whose latest minimum-wage period has lapsed: today is long after it
    later = dt.date(2027, 8, 1)
    uitkomst = controleer(root, vandaag=later)
    verlopen = [str(m) for m in uitkomst.waarschuwingen if m.ernst == "verlopen"]
    assert any("het minimumloon vanaf 1 juli 2027 ontbreekt" in m for m in verlopen), verlopen
    assert uitkomst.repository is not None  # not an error: the running assistant keeps its rules
    from wsp.regels.plaatshouders import plaatshouders

    tekst = plaatshouders(uitkomst.repository.bedragen, later)["wml_per_uur"]
    assert "(het minimumloon van 1 juli 2026; het nieuwe bedrag is nog niet ingevoerd)" in tekst


def test_a_fixed_fee_is_quoted_from_bedragen_so_the_editor_changes_it_in_one_place(root: Path):
    """A fee in bedragen.yml (``tarieven``) appears in answers as {tarief_<naam>}, never typed."""
    from wsp.regels.plaatshouders import plaatshouders

    vervang(root, "knowledge/bedragen.yml", "    bedrag: 400\n", "    bedrag: 425\n")
    uitkomst = controleer(root)
    assert uitkomst.fouten == (), uitkomst.fouten
    waarden = plaatshouders(uitkomst.repository.bedragen, dt.date.today())
    assert waarden["tarief_deskundigenoordeel_werkgever"] == "€ 425"
    tekst = uitkomst.repository.vragen["ziekteverzuim.deskundigenoordeel_kosten"].antwoord
    assert "{tarief_deskundigenoordeel_werkgever}" in tekst and "400" not in tekst


def test_a_fee_without_source_or_an_unknown_fee_name_is_refused_with_file_and_line(root: Path):
    tekst = (root / "knowledge/bedragen.yml").read_text()
    bron = next(r for r in tekst.splitlines() if "hoe-vraag-ik-een-deskundigenoordeel-aan" in r)
    vervang(root, "knowledge/bedragen.yml", bron + "\n", "")
    gevonden = fouten(root)
    assert any(f.startswith("knowledge/bedragen.yml, regel") and "'bron' ontbreekt" in f for f in gevonden), gevonden
    vervang(root, "knowledge/bedragen.yml", "    bedrag: 400\n", "    bedrag: 400\n" + bron + "\n")
    vervang(root, "knowledge/ziekteverzuim.yml", "{tarief_deskundigenoordeel_werkgever}", "{tarief_bestaat_niet}")
    gevonden = fouten(root)
    assert any(f.startswith("knowledge/ziekteverzuim.yml, regel") and "onbekend bedrag '{tarief_bestaat_niet}'" in f
               for f in gevonden), gevonden


@pytest.mark.process
def test_check_command_fails_on_a_lapsed_copy_and_passes_on_the_shipped_files(root: Path):
    def check(r: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wsp.regels", "--root", str(r), "check"],
            capture_output=True, text=True, cwd=ROOT,
        )

    assert check(ROOT).returncode == 0
    bedragen = (root / "knowledge/bedragen.yml").read_text(encoding="utf-8")
    start = bedragen.index("    - ingangsdatum: 2026-07-01")
    einde = bedragen.index("\n\n", start)
    schrijf(root / "knowledge/bedragen.yml", bedragen[:start] + bedragen[einde + 1 :])
    uit = check(root)
    assert uit.returncode == 1 and "het minimumloon vanaf 1 juli 2026 ontbreekt" in uit.stdout, uit.stdout


def test_a_homepage_source_is_warned_about(root: Path):
    vervang(root, "knowledge/praktijkroute.yml", "bron: https://", "bron: https://www.uwv.nl/werkgevers\n    oude_bron: https://")
    # an unknown key is an error; the homepage check runs on a valid file
    root2 = root
    vervang(root2, "knowledge/praktijkroute.yml", "\n    oude_bron: https://", "\n    # oude bron: https://")
    uitkomst = controleer(root2)
    assert any("is een homepagina (https://www.uwv.nl/werkgevers)" in str(w) for w in uitkomst.waarschuwingen)


def test_a_new_entry_is_live_without_training(root: Path):
    assert "werkplekaanpassing.hulphond" not in load_repository(root).vragen
    tekst = (root / "knowledge/werkplekaanpassing.yml").read_text(encoding="utf-8")
    tekst += """
  - id: werkplekaanpassing.hulphond
    vraag: Mag een hulphond mee naar de werkplek?
    voorbeelden:
      - mag mijn werknemer zijn assistentiehond meenemen naar het werk
      - hulphond op de werkvloer toegestaan
      - hond mee naar kantoor voor een werknemer met een beperking
    antwoord: >-
      Testantwoord over de hulphond.
    bron: https://www.uwv.nl/werkgevers/test/hulphond
    status: onbevestigd
"""
    schrijf(root / "knowledge/werkplekaanpassing.yml", tekst)
    repo = load_repository(root)
    besluit = repo.vraag_index.beslis("mag de hulphond van mijn werknemer mee naar de werkvloer", genoemd=[])
    assert besluit.beste is not None and besluit.beste.id == "werkplekaanpassing.hulphond"


@pytest.mark.parametrize("vervolg, aanvulling", [
    ("en voor iemand met een Wajong-uitkering?", True),
    ("En bij een uitzendkracht?", True),
    ("ook voor een oproepkracht?", True),
    ("en in Arnhem?", True),
    ("en hoe lang duurt dat?", False),  # a question of its own
    ("en als hij ziek wordt?", False),
    ("voor wie is het?", False),
    ("Wat is de no-riskpolis?", False),
])
def test_a_follow_up_that_only_changes_whom_the_question_is_about(vervolg, aanvulling):
    tekst = als_aanvulling(vervolg, "Hoe lang geldt de no-riskpolis voor mijn werknemer?")
    assert (tekst is not None) == aanvulling
    if aanvulling:
        assert tekst == f"Hoe lang geldt de no-riskpolis voor mijn werknemer {vervolg}"
