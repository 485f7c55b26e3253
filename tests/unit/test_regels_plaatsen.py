"""What employers type ('Velp', 'gemeente Arnhm') becomes a gemeente; random words never do."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.regels import echte_repo


@pytest.mark.parametrize(
    ("tekst", "gemeente"),
    [
        ("Velp", "rheden"), ("Dieren", "rheden"), ("De Steeg", "rheden"), ("Ellecom", "rheden"),
        ("Laag-Soeren", "rheden"), ("laag soeren", "rheden"), ("Rheden", "rheden"),
        ("Elst", "overbetuwe"), ("Zetten", "overbetuwe"), ("Heteren", "overbetuwe"), ("Driel", "overbetuwe"),
        ("Randwijk", "overbetuwe"), ("Hemmen", "overbetuwe"), ("Andelst", "overbetuwe"), ("Oosterhout", "overbetuwe"),
        ("Herveld", "overbetuwe"), ("Valburg", "overbetuwe"),
        ("Huissen", "lingewaard"), ("Bemmel", "lingewaard"), ("Gendt", "lingewaard"), ("Haalderen", "lingewaard"),
        ("Doornenburg", "lingewaard"), ("Angeren", "lingewaard"),
        ("Oosterbeek", "renkum"), ("Doorwerth", "renkum"), ("Heelsum", "renkum"), ("Wolfheze", "renkum"),
        ("Renkum", "renkum"),
        ("Giesbeek", "zevenaar"), ("Lobith", "zevenaar"), ("Tolkamer", "zevenaar"), ("Pannerden", "zevenaar"),
        ("Spijk", "zevenaar"), ("Babberich", "zevenaar"), ("Herwen", "zevenaar"), ("Aerdt", "zevenaar"),
        ("Lathum", "zevenaar"), ("Angerlo", "zevenaar"),
        ("Duiven", "duiven"), ("Groessen", "duiven"), ("Loo", "duiven"),
        ("Westervoort", "westervoort"), ("Doesburg", "doesburg"), ("Rozendaal", "rozendaal"),
        ("Arnhem", "arnhem"), ("Schaarsbergen", "arnhem"),
    ],
)
def test_places_in_the_region(tekst: str, gemeente: str):
    r = echte_repo().resolve_plaats(tekst)
    assert (r.gemeente, r.in_regio, r.exact) == (gemeente, True, True)


@pytest.mark.parametrize(
    ("tekst", "naam", "gemeente"),
    [
        ("VELP", "Velp", "rheden"),
        ("véLp", "Velp", "rheden"),
        ("gemeente Arnhem", "Arnhem", "arnhem"),
        ("Gemeente  Rheden!", "Rheden", "rheden"),
        ("  westervoort ", "Westervoort", "westervoort"),
        ("wij zitten in Velp", "Velp", "rheden"),
    ],
)
def test_case_diacritics_and_prefixes(tekst: str, naam: str, gemeente: str):
    r = echte_repo().resolve_plaats(tekst)
    assert (r.naam, r.gemeente) == (naam, gemeente)


@pytest.mark.parametrize(
    ("tekst", "naam"),
    [("Arnhm", "Arnhem"), ("Zevenar", "Zevenaar"), ("Velb", "Velp"), ("gemeente Arnhm", "Arnhem"),
     ("Oosterbek", "Oosterbeek"), ("Lingewaart", "Lingewaard"), ("Westervort", "Westervoort")],
)
def test_small_typos_are_forgiven_and_marked_inexact(tekst: str, naam: str):
    r = echte_repo().resolve_plaats(tekst)
    assert r.naam == naam and r.in_regio and not r.exact


@pytest.mark.parametrize(
    ("tekst", "regio"),
    [
        ("Nijmegen", "Rijk van Nijmegen"), ("Ede", "Foodvalley"), ("Wageningen", "Foodvalley"),
        ("Apeldoorn", "Stedendriehoek en Noordwest-Veluwe"), ("Doetinchem", "Achterhoek"),
        ("Tiel", "Rivierenland"), ("Utrecht", "Midden-Utrecht"), ("Amsterdam", "Groot Amsterdam"),
        ("'s-Heerenberg", "Achterhoek"), ("Nijmgen", "Rijk van Nijmegen"),
    ],
)
def test_places_outside_the_region_name_their_own_region(tekst: str, regio: str):
    r = echte_repo().resolve_plaats(tekst)
    assert r.gevonden and not r.in_regio and r.gemeente is None and r.arbeidsmarktregio == regio


@pytest.mark.parametrize(
    "tekst",
    ["fiets", "", "   ", "reden", "drie", "hallo", "Gent", "Duisburg", "xyz", "loonkostensubsidie",
     "jobcoach", "help", "Parijs", "12345", "de", "in", "gemeente"],
)
def test_ordinary_words_never_become_a_place(tekst: str):
    r = echte_repo().resolve_plaats(tekst)
    assert not r.gevonden and r.gemeente is None and not r.in_regio


def test_scan_finds_every_place_in_a_sentence_in_order():
    gevonden = echte_repo().find_plaatsen("Wat is het verschil tussen Arnhem en Zevenaar bij jobcoaching?")
    assert [r.gemeente for r in gevonden] == ["arnhem", "zevenaar"]
    gevonden = echte_repo().find_plaatsen("Wij zitten in Velp, de werknemer woont in De Steeg en later in Nijmegen")
    assert [r.naam for r in gevonden] == ["Velp", "De Steeg", "Nijmegen"]


def test_scan_forgives_a_typo_in_a_written_name():
    gevonden = echte_repo().find_plaatsen("Mijn werknemer woont in Arnhm")
    assert [r.naam for r in gevonden] == ["Arnhem"]


def test_scan_ignores_ordinary_words_that_look_like_places():
    repo = echte_repo()
    assert repo.find_plaatsen("wij zetten iemand voor drie maanden in om die reden") == []
    assert repo.find_plaatsen("ik zoek een fiets voor mijn duiven") == []
    assert repo.find_plaatsen("Reden: ik heb spijt") == []
    assert [r.naam for r in repo.find_plaatsen("Wij zitten in Zetten")] == ["Zetten"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_resolution_never_crashes_and_only_returns_known_places(tekst: str):
    repo = echte_repo()
    r = repo.resolve_plaats(tekst)
    if r.gevonden:
        assert r.gemeente in repo.gemeenten or r.arbeidsmarktregio
    for gevonden in repo.find_plaatsen(tekst):
        assert gevonden.naam in repo.plaatsindex.namen


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=3))
def test_short_words_match_only_exactly(woord: str):
    r = echte_repo().resolve_plaats(woord)
    assert not r.gevonden or r.exact
