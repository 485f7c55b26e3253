"""Regional baseline + municipal deviations = the rules that apply in a municipality."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.regels import echte_repo, kopie, vervang
from wsp.regels import OnbekendeNaam, load_repository


def test_deviation_replaces_the_baseline_item_and_says_why():
    regels = echte_repo().effective_rules("rheden", "loonkostensubsidie")
    item = regels.item("forfaitair_maanden")
    assert item is not None
    assert item.herkomst == "gemeente"
    assert item.value == Decimal(6)
    assert item.regio_value == Decimal(3)
    assert item.reden and "Rheden" in item.reden
    assert item.bron and item.geverifieerd_op


def test_items_without_deviation_come_from_the_region():
    regels = echte_repo().effective_rules("rheden", "loonkostensubsidie")
    procedure = regels.item("procedure")
    assert procedure is not None and procedure.herkomst == "regio" and procedure.reden is None
    assert {i.key for i in regels.afwijkingen} == {"forfaitair_maanden", "herbeoordeling"}
    # every baseline item is present exactly once
    basis = echte_repo().regio["loonkostensubsidie"].regels
    assert [i.key for i in regels.items] == list(basis)


def test_municipality_without_deviations_follows_the_region_everywhere():
    repo = echte_repo()
    for regeling in repo.gemeentelijke_regelingen:
        regels = repo.effective_rules("doesburg", regeling)
        assert regels.afwijkingen == ()
        assert all(i.herkomst == "regio" for i in regels.items)


def test_arnhem_and_zevenaar_differ_on_jobcoaching_hours():
    repo = echte_repo()
    arnhem = repo.effective_rules("arnhem", "jobcoaching").item("uren")
    zevenaar = repo.effective_rules("zevenaar", "jobcoaching").item("uren")
    assert arnhem is not None and zevenaar is not None
    assert arnhem.value != zevenaar.value
    v = repo.compare("arnhem", "zevenaar", "jobcoaching")
    assert "uren" in {a.key for a, _ in v.verschillen}
    assert "duur" in {a.key for a, _ in v.gelijk}


def test_maatwerk_and_geen_regel_are_flagged():
    repo = echte_repo()
    renkum = repo.effective_rules("renkum", "werkplekaanpassing")
    assert renkum.maatwerk and not renkum.geen_regel
    rozendaal = repo.effective_rules("rozendaal", "werkplekaanpassing")
    assert rozendaal.geen_regel and not rozendaal.maatwerk
    assert not repo.effective_rules("arnhem", "werkplekaanpassing").maatwerk


def test_national_regeling_has_no_municipal_rules():
    regels = echte_repo().effective_rules("arnhem", "no_risk_polis")
    assert regels.landelijk and regels.items == () and regels.bevoegde_gemeente is None


def test_lks_is_decided_by_the_employees_municipality():
    assert echte_repo().effective_rules("arnhem", "loonkostensubsidie").bevoegde_gemeente == "woongemeente_werknemer"


def test_gemeente_may_be_given_by_place_name():
    repo = echte_repo()
    assert repo.effective_rules("Velp", "loonkostensubsidie") == repo.effective_rules("rheden", "loonkostensubsidie")


def test_unknown_names_raise():
    with pytest.raises(OnbekendeNaam):
        echte_repo().effective_rules("atlantis", "jobcoaching")
    with pytest.raises(OnbekendeNaam):
        echte_repo().effective_rules("arnhem", "fietsplan")


def test_new_deviation_in_a_copy_is_merged(tmp_path: Path):
    root = kopie(tmp_path)
    vervang(
        root,
        "regional_rules/gemeenten/duiven.yml",
        "afwijkingen: {}",
        """afwijkingen:
  proefplaatsing:
    duur:
      waarde: 4
      eenheid: maanden
      uitleg: In Duiven duurt een proefplaatsing 4 maanden.
      reden: Duiven test dit een jaar lang.
      bron: "Besluit college Duiven (test)"
      geverifieerd_op: 2026-11-01""",
    )
    repo = load_repository(root)
    item = repo.effective_rules("duiven", "proefplaatsing").item("duur")
    assert item is not None
    assert (item.value, item.herkomst, item.reden) == (Decimal(4), "gemeente", "Duiven test dit een jaar lang.")
    assert item.tekst == "4 maanden" and item.regio_tekst == "2 maanden"
