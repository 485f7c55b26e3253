"""`check` flags free text that states a number the file's own value contradicts: after an editor
changes a value, the sentence that still says the old one is found, with file and line -- and the
many numbers that are about something else are left alone."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.regels import ROOT, kopie, regel_van, vervang
from wsp.regels import controleer
from wsp.regels.getallen import getallen

REGIO = "regional_rules/regio.yml"
ZEVENAAR = "regional_rules/gemeenten/zevenaar.yml"
RHEDEN = "regional_rules/gemeenten/rheden.yml"
LKS = "knowledge/loonkostensubsidie.yml"
BEDRAGEN = "knowledge/bedragen.yml"


def _laatste_controle() -> dt.date:
    """The day of the latest source check in the files (a later check date would be "in the future" for
    the check), never before 30 November 2026: the minimum wage of 1 July 2026 applies."""
    gezien = [dt.date.fromisoformat(d) for map_ in ("knowledge", "regional_rules") for p in (ROOT / map_).rglob("*.yml")
              for d in re.findall(r"geverifieerd_op: (\d{4}-\d{2}-\d{2})", p.read_text())]
    return max([dt.date(2026, 11, 30), *gezien])


VANDAAG = _laatste_controle()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return kopie(tmp_path)


def alle_getal_meldingen(root: Path) -> list[str]:
    """The warnings of this check (they all quote what the text 'noemt')."""
    uitkomst = controleer(root, vandaag=VANDAAG)
    assert uitkomst.fouten == (), "a number in a text never blocks a file"
    return [str(w) for w in uitkomst.waarschuwingen if " noemt '" in w.tekst]


_GELEVERD: list[str] = []


def getal_meldingen(root: Path) -> list[str]:
    """The findings the test's change caused: those of the shipped content left out (the editors
    resolve them in their own time; see test_the_shipped_rules_and_figures_agree_with_their_texts)."""
    if not _GELEVERD:
        _GELEVERD.extend(_zonder_regel(m) for m in alle_getal_meldingen(ROOT) or ["-"])
    return [m for m in alle_getal_meldingen(root) if _zonder_regel(m) not in _GELEVERD]


def _zonder_regel(melding: str) -> str:
    """A finding without its line number (a test's change may move the lines below it)."""
    return re.sub(r", regel \d+:", ":", melding, count=1)


def test_the_shipped_rules_and_figures_agree_with_their_texts():
    # regional_rules/ and bedragen.yml: every uitleg and reden states its own value (or none)
    meldingen = alle_getal_meldingen(ROOT)
    assert not [m for m in meldingen if m.startswith(("regional_rules/", BEDRAGEN))], meldingen


@pytest.mark.parametrize(
    ("bestand", "oud", "nieuw", "fragment", "melding"),
    [
        pytest.param(
            ZEVENAAR, "      waarde: 3\n", "      waarde: 4\n", "gemiddeld 3 uur per week",
            "'uitleg' van jobcoaching: uren noemt '3 uur', maar de waarde is 4 uur per week in de eerste 3 maanden, "
            "daarna minder; maak de tekst en de waarde gelijk",
            id="a municipality's deviation",
        ),
        pytest.param(
            REGIO, "        waarde: 24\n", "        waarde: 18\n", "hoogstens 24 maanden",
            "'uitleg' van loonkostensubsidie: herbeoordeling noemt '24 maanden', maar de waarde is 18 maanden; "
            "maak de tekst en de waarde gelijk",
            id="the regional baseline",
        ),
        pytest.param(
            BEDRAGEN, "    waarde: 70\n", "    waarde: 75\n", "nooit meer dan 70%",
            "'uitleg' van loonkostensubsidie: maximum_pct_wml noemt '70%', maar de waarde is 75%; "
            "maak de tekst en de waarde gelijk",
            id="a percentage in bedragen.yml",
        ),
    ],
)
def test_a_changed_value_with_the_old_number_in_its_uitleg(
    root: Path, bestand: str, oud: str, nieuw: str, fragment: str, melding: str
):
    vervang(root, bestand, oud, nieuw)
    assert getal_meldingen(root) == [f"{bestand}, regel {regel_van(root, bestand, fragment)}: {melding}"]


def test_years_count_as_months(root: Path):
    # regio.yml: jobcoaching duur 12 maanden, "Na een jaar kijken ..." agrees; 6 maanden does not
    vervang(root, REGIO, "        waarde: 12\n        eenheid: maanden, daarna", "        waarde: 6\n        eenheid: maanden, daarna")
    meldingen = getal_meldingen(root)
    assert len(meldingen) == 1 and "jobcoaching: duur noemt 'een jaar', maar de waarde is 6 maanden" in meldingen[0]


def test_the_reason_of_a_deviation_may_name_the_regional_value(root: Path):
    oud = "      reden: Zevenaar koopt jobcoaching per traject in, met minder uren per week maar soms langer."
    vervang(root, ZEVENAAR, oud, "      reden: Zevenaar geeft 3 uur in plaats van de regionale 4 uur per week.")
    assert getal_meldingen(root) == []
    vervang(root, ZEVENAAR, "gemiddeld 3 uur per week", "gemiddeld 4 uur per week")  # the uitleg may not
    assert [m for m in getal_meldingen(root) if "'uitleg'" in m and "'4 uur'" in m]


def test_a_range_is_named_once(root: Path):
    vervang(root, ZEVENAAR, "gemiddeld 3 uur per week", "gemiddeld 5 tot 6 uur per week")
    [melding] = getal_meldingen(root)
    assert "'uitleg' van jobcoaching: uren noemt '5 tot 6 uur', maar de waarde is 3 uur per week" in melding


def test_other_numbers_in_the_unit_pass_when_the_value_is_there(root: Path):
    vervang(root, ZEVENAAR, "gemiddeld 3 uur per week bij uw werknemer.",
            "gemiddeld 3 uur per week bij uw werknemer, ook als die 32 uur per week werkt.")
    assert getal_meldingen(root) == []


def test_an_answer_with_a_rule_and_a_number_no_municipality_has(root: Path):
    # the statutory 6 months of loonkostensubsidie.aanvraagtermijn, while the region now says 3
    vervang(root, REGIO, "        waarde: 6\n        eenheid: maanden na de eerste werkdag",
            "        waarde: 3\n        eenheid: maanden na de eerste werkdag")
    meldingen = getal_meldingen(root)
    vraag = [m for m in meldingen if m.startswith(LKS) and "'loonkostensubsidie.aanvraagtermijn'" in m]
    assert len(vraag) == 1
    regel = regel_van(root, LKS, "in de 6 maanden voor de start", na="id: loonkostensubsidie.aanvraagtermijn")
    assert vraag[0].startswith(f"{LKS}, regel {regel}: 'loonkostensubsidie.aanvraagtermijn' noemt '6 maanden'")
    assert "maar regel loonkostensubsidie.aanvraagtermijn is 3 maanden na de eerste werkdag in " in vraag[0]
    assert any(m.startswith(REGIO) and "aanvraagtermijn noemt '6 maanden'" in m for m in meldingen)


def test_an_answer_may_state_a_municipalitys_value(root: Path):
    # loonkostensubsidie.forfaitair: "hoogstens de eerste 6 maanden"; region 3, Rheden 6 -> fine
    assert not [m for m in getal_meldingen(root) if "loonkostensubsidie.forfaitair'" in m]
    vervang(root, RHEDEN, "      waarde: 6\n", "      waarde: 5\n")
    meldingen = getal_meldingen(root)
    assert any("'loonkostensubsidie.forfaitair' noemt '6 maanden'" in m and "afwijkend: rheden 5 maanden" in m
               for m in meldingen)
    assert any(m.startswith(RHEDEN) and "noemt 'half jaar', maar de waarde is 5 maanden" in m for m in meldingen)


def test_how_to_apply_text_and_the_rules_shown_below_it(root: Path):
    # knowledge/loonkostensubsidie.yml 'termijnen' is shown above the municipality's 'Besluit binnen: 8 weken'
    tekst = "De gemeente neemt het besluit\n    binnen 5 weken"
    vervang(root, LKS, tekst, "De gemeente neemt het besluit\n    binnen 3 weken")
    [melding] = getal_meldingen(root)
    regel = regel_van(root, LKS, "binnen 3 weken")
    assert melding.startswith(f"{LKS}, regel {regel}: 'termijnen' noemt '3 weken', maar voor een gemeente staat in het "
                              "antwoord op 'Hoe vraag ik het aan?' daaronder loonkostensubsidie.beslistermijn (8 weken)")
    # a number at the end of a line and its unit on the next: the line of the number
    vervang(root, LKS, "binnen 3 weken", "binnen 4\n    weken")
    [melding] = getal_meldingen(root)
    assert melding.startswith(f"{LKS}, regel {regel_van(root, LKS, 'binnen 4')}: 'termijnen' noemt '4 weken'")
    vervang(root, LKS, "binnen 4\n    weken", "binnen 8 weken")
    assert not [m for m in alle_getal_meldingen(root) if "'termijnen'" in m]


def test_a_typed_current_amount_should_be_the_placeholder(root: Path):
    oud = "(minstens het minimumloon)."
    vervang(root, LKS, oud, "(minstens het minimumloon, nu € 14,99 per uur).")
    regel = regel_van(root, LKS, "€ 14,99")
    assert getal_meldingen(root) == [
        f"{LKS}, regel {regel}: 'wat_is_het' noemt '€ 14,99': dat is het minimumloon per uur vanaf 1 juli 2026 uit "
        f"{BEDRAGEN}. Schrijf {{wml_per_uur}} in plaats van het bedrag, dan past de tekst zich aan als het bedrag "
        "verandert"
    ]


def test_a_typed_old_amount_says_what_it_is_now(root: Path):
    vervang(root, LKS, "(minstens het minimumloon).", "(minstens het minimumloon van € 14,71).")
    [melding] = getal_meldingen(root)
    assert "noemt '€ 14,71': dat is het minimumloon per uur vanaf 1 januari 2026; nu is het € 14,99 (vanaf 1 juli 2026)" in melding
    assert "schrijf dan {wml_per_uur}" in melding


def test_a_typed_lkv_amount_and_an_amount_of_nothing_in_the_figures(root: Path):
    vervang(root, LKS, "(minstens het minimumloon).", "(minstens het minimumloon). Het LKV is tot 2.000 euro per jaar.")
    [melding] = getal_meldingen(root)
    assert "{lkv_doelgroep_banenafspraak_max_per_jaar}" in melding
    root2 = root.parent / "twee"
    kopie(root2)
    vervang(root2, LKS, "(minstens het minimumloon).", "(minstens het minimumloon). Een fiets kost € 1.234,56.")
    assert getal_meldingen(root2) == []


def test_a_typed_percentage_of_the_figures_only_in_a_sentence_about_the_subsidy(root: Path):
    vervang(root, LKS, "(minstens het minimumloon).",
            "(minstens het minimumloon). De subsidie is hoogstens 70% van het minimumloon.")
    [melding] = getal_meldingen(root)
    assert "noemt '70%' (het maximum van de loonkostensubsidie in knowledge/bedragen.yml)" in melding
    assert "{lks_maximum_pct}" in melding
    # no_risk_polis.yml: "de uitkering 70% van het dagloon" is not the subsidy
    assert not [m for m in getal_meldingen(root) if "no_risk_polis" in m]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("gemiddeld 6 uur per week", [("6", "uur")]),
        ("een half jaar", [("6", "maand")]),
        ("anderhalf jaar", [("18", "maand")]),
        ("Na een jaar", [("12", "maand")]),
        ("4 tot 6 uur", [("4", "uur"), ("6", "uur")]),
        ("€ 14,71 per uur, €2.000 of 5.000 euro", [("14.71", "euro"), ("2000", "euro"), ("5000", "euro")]),
        ("23,5 procent en 70%", [("23.5", "%"), ("70", "%")]),
        ("25,5 uur en 1.248 uur", [("25.5", "uur"), ("1248", "uur")]),
        # not a number with a unit: ages, years, words that only start like a unit
        ("21 jaar en ouder, jonger dan 27 jaar, 18 jaar oud", []),
        ("sinds 1 juli 2023, artikel 10d", []),
        ("maandelijks, geen jaar, per uur", []),
    ],
)
def test_numbers_with_their_unit(tekst: str, verwacht: list[tuple[str, str]]):
    assert [(g.waarde, g.eenheid) for g in getallen(tekst)] == [(Decimal(w), e) for w, e in verwacht]


def test_a_number_the_rules_uitleg_explains_below_the_answer_passes(root: Path):
    # loonkostensubsidie.beslistermijn is 8 weken; its uitleg, shown with it, explains the statutory 5 weken
    # after the loonwaarde that the answer and the 'termijnen' text name: no contradiction to report
    assert not [m for m in alle_getal_meldingen(root) if "'5 weken'" in m]
    vervang(root, REGIO, "dan binnen 5 weken nadat de loonwaarde", "dan zo snel mogelijk nadat de loonwaarde")
    meldingen = [m for m in alle_getal_meldingen(root) if "'5 weken'" in m]
    assert any("'loonkostensubsidie.beslistermijn' noemt '5 weken'" in m for m in meldingen)
    assert any("'termijnen' noemt '5 weken'" in m for m in meldingen)
