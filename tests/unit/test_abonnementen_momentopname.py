"""What counts as a change to announce: the snapshot of the editors' files and its comparison
(wsp.abonnementen.momentopname), on a copy of the shipped files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tests.support.abonnementen import kopieer_inhoud, wijzig
from wsp.abonnementen.momentopname import (
    betrokken,
    euro,
    getal_nl,
    komende_bedragen,
    maak_momentopname,
    vergelijk,
)


@pytest.fixture
def inhoud(tmp_path: Path) -> Path:
    return kopieer_inhoud(tmp_path / "content")


def _regio_jobcoach_uren(root: Path, oud: str, nieuw: str) -> None:
    regio = root / "regional_rules" / "regio.yml"
    tekst = regio.read_text(encoding="utf-8")
    kop, blok = tekst.split("  jobcoaching:", 1)
    assert oud in blok
    regio.write_text(kop + "  jobcoaching:" + blok.replace(oud, nieuw, 1), encoding="utf-8")


def test_geen_wijziging_zonder_inhoudelijke_verandering(inhoud: Path) -> None:
    voor = maak_momentopname(inhoud)
    assert vergelijk(voor, maak_momentopname(inhoud)) == []
    zevenaar = inhoud / "regional_rules" / "gemeenten" / "zevenaar.yml"
    # comments, a re-checked source and a new verification date are no news for employers
    wijzig(zevenaar, "status: concept\n", "# nagekeken door de redactie\nstatus: geverifieerd\n")
    wijzig(zevenaar, "geverifieerd_op: 2026-11-23", "geverifieerd_op: 2026-11-30")
    wijzig(zevenaar, '"Beleidsregels jobcoaching gemeente Zevenaar (voorbeeld)"',
           "https://www.zevenaar.nl/jobcoaching")
    assert vergelijk(voor, maak_momentopname(inhoud)) == []


def test_afwijking_van_een_gemeente_raakt_alleen_die_gemeente(inhoud: Path) -> None:
    voor = maak_momentopname(inhoud)
    zevenaar = inhoud / "regional_rules" / "gemeenten" / "zevenaar.yml"
    wijzig(zevenaar, "waarde: 3\n", "waarde: 5\n")
    [w] = vergelijk(voor, maak_momentopname(inhoud))
    assert (w.sleutel, w.regeling, w.gemeente, w.herkomst) == (
        "regels/jobcoaching/zevenaar/uren", "jobcoaching", "zevenaar", "gemeente")
    assert w.oud.startswith("3 uur per week") and w.nieuw.startswith("5 uur per week")
    assert w.aankondigen and w.bron and w.geverifieerd_op == "2026-11-23"
    assert betrokken(w, "zevenaar", ["jobcoaching"]) and betrokken(w, "zevenaar", [])
    assert not betrokken(w, "duiven", ["jobcoaching"])
    assert not betrokken(w, "zevenaar", ["loonkostensubsidie"])


def test_regionale_afspraak_raakt_de_gemeenten_die_hem_volgen(inhoud: Path) -> None:
    voor = maak_momentopname(inhoud)
    _regio_jobcoach_uren(inhoud, "waarde: 4\n", "waarde: 5\n")
    wijzigingen = vergelijk(voor, maak_momentopname(inhoud))
    gemeenten = {w.gemeente for w in wijzigingen}
    eigen, volgen = set(), set()
    for pad in (inhoud / "regional_rules" / "gemeenten").glob("*.yml"):
        afwijkingen = (yaml.safe_load(pad.read_text(encoding="utf-8")) or {}).get("afwijkingen") or {}
        (eigen if "uren" in (afwijkingen.get("jobcoaching") or {}) else volgen).add(pad.stem)
    assert "zevenaar" in eigen and volgen  # Zevenaar keeps its own 3 hours
    assert gemeenten == volgen
    assert all(w.herkomst == "regio" and w.sleutel.endswith("/uren") for w in wijzigingen)


def test_voorbeeldgegevens_worden_nooit_aangekondigd(tmp_path: Path) -> None:
    root = kopieer_inhoud(tmp_path / "content", status="voorbeeld")
    voor = maak_momentopname(root)
    wijzig(root / "regional_rules" / "gemeenten" / "zevenaar.yml", "waarde: 3\n", "waarde: 5\n")
    [w] = vergelijk(voor, maak_momentopname(root))
    assert w.status == "voorbeeld" and not w.aankondigen


def test_landelijke_tekst_en_antwoord_betreffen_elke_gemeente(inhoud: Path) -> None:
    voor = maak_momentopname(inhoud)
    kennis = inhoud / "knowledge" / "jobcoaching.yml"
    tekst = kennis.read_text(encoding="utf-8")
    kennis.write_text(tekst.replace("\nwat_is_het:\n  tekst: >-\n",
                                    "\nwat_is_het:\n  tekst: >-\n    Nieuw: ", 1), encoding="utf-8")
    [w] = vergelijk(voor, maak_momentopname(inhoud))
    assert w.regeling == "jobcoaching" and w.gemeente is None and w.nieuw.startswith("Nieuw: ")
    assert betrokken(w, "duiven", ["jobcoaching"]) and betrokken(w, None, [])


def test_nieuw_bedrag_wordt_vergeleken_met_het_vorige(inhoud: Path) -> None:
    bedragen = inhoud / "knowledge" / "bedragen.yml"
    voor = maak_momentopname(inhoud)
    tekst = bedragen.read_text(encoding="utf-8")
    nieuw_lkv = ("  - jaar: 2027\n    soort: doelgroep_banenafspraak\n    naam: LKV doelgroep "
                 "banenafspraak\n    per_uur: 1.01\n    max_per_jaar: 2000\n    duur: zolang het "
                 "dienstverband duurt\n    doelgroepverklaring_nodig: false\n    bron: \"Nieuwsbrief "
                 "Loonheffingen 2027\"\n    geverifieerd_op: 2026-11-30\n")
    bedragen.write_text(tekst.rstrip("\n") + "\n" + nieuw_lkv, encoding="utf-8")
    na = maak_momentopname(inhoud)
    assert "bedrag/lkv:doelgroep_banenafspraak/2027-01-01" in na
    assert vergelijk(voor, na) == []  # the same amount as in 2026: nothing to tell
    assert komende_bedragen(na, dt.date(2026, 12, 15), 31) == []
    bedragen.write_text(bedragen.read_text(encoding="utf-8").replace(
        "    per_uur: 1.01\n    max_per_jaar: 2000\n    duur: zolang het dienstverband duurt\n"
        "    doelgroepverklaring_nodig: false\n    bron: \"Nieuwsbrief Loonheffingen 2027\"",
        "    per_uur: 1.10\n    max_per_jaar: 2200\n    duur: zolang het dienstverband duurt\n"
        "    doelgroepverklaring_nodig: false\n    bron: \"Nieuwsbrief Loonheffingen 2027\""),
        encoding="utf-8")
    na = maak_momentopname(inhoud)
    [w] = vergelijk(voor, na)
    assert w.regeling == "loonkostenvoordeel" and w.vanaf == "2027-01-01"
    assert w.oud.startswith("€ 1,01 per uur, maximaal € 2.000") and "€ 1,10" in w.nieuw
    assert [k.sleutel for k in komende_bedragen(na, dt.date(2026, 12, 15), 31)] == [w.sleutel]
    assert komende_bedragen(na, dt.date(2026, 11, 15), 31) == []  # too early
    assert komende_bedragen(na, dt.date(2027, 1, 1), 31) == []  # in force already


def test_een_ander_tarief_wordt_aangekondigd_bij_de_regeling_die_het_noemt(inhoud: Path) -> None:
    """A fee in ``tarieven`` is one item keyed by its name: a new amount is news for the instrument
    whose texts quote it; a reworded description, a re-checked source or a new place in the list
    is not."""
    bedragen = inhoud / "knowledge" / "bedragen.yml"
    voor = maak_momentopname(inhoud)
    item = voor["tarief/deskundigenoordeel_werkgever"]
    assert (item["regeling"], item["weergave"]) == ("ziekteverzuim", "€ 400")
    wijzig(bedragen, "omschrijving: Wat een werkgever betaalt voor een deskundigenoordeel",
           "omschrijving: Wat u als werkgever betaalt voor een deskundigenoordeel")
    wijzig(bedragen, "tarieven:\n", "tarieven:\n  - naam: nog_een_tarief\n    omschrijving: Een ander tarief\n"
           "    bedrag: 10\n    bron: https://www.uwv.nl/\n    geverifieerd_op: 2026-12-01\n")
    na = maak_momentopname(inhoud)
    assert [w.sleutel for w in vergelijk(voor, na)] == ["tarief/nog_een_tarief"]
    assert na["tarief/nog_een_tarief"]["regeling"] is None  # no text quotes it: it concerns everyone
    tekst = bedragen.read_text(encoding="utf-8")
    kop, blok = tekst.split("  - naam: deskundigenoordeel_werkgever", 1)
    bedragen.write_text(kop + "  - naam: deskundigenoordeel_werkgever" + blok.replace("bedrag: 400", "bedrag: 425", 1),
                        encoding="utf-8")
    [w] = [w for w in vergelijk(na, maak_momentopname(inhoud))]
    assert (w.sleutel, w.regeling, w.oud, w.nieuw) == (
        "tarief/deskundigenoordeel_werkgever", "ziekteverzuim", "€ 400", "€ 425")
    assert betrokken(w, "duiven", ["ziekteverzuim"]) and not betrokken(w, "duiven", ["jobcoaching"])


def test_getallen_in_het_nederlands() -> None:
    assert (getal_nl(3), getal_nl(23.5), getal_nl(2000), getal_nl(4.0)) == ("3", "23,5", "2.000", "4")
    assert (euro(14.71), euro(2000), euro(1.1)) == ("€ 14,71", "€ 2.000", "€ 1,10")
