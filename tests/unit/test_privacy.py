"""wsp.privacy: special personal data typed into the chat never leaves it in clear text."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from wsp.privacy import (
    BSN_MASK,
    GEBOORTEDATUM_MASK,
    IBAN_MASK,
    MEDISCH_MASK,
    contains_special_data,
    is_valid_bsn,
    is_valid_iban,
    redact,
    soorten_bijzondere_gegevens,
)

GELDIGE_BSNS = ["123456782", "111222333", "999999990", "010000008"]


def _maak_bsn(prefix: list[int]) -> str | None:
    """Complete 8 digits to a valid BSN, if a last digit exists that passes the 11-proef."""
    total = sum(w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), prefix, strict=True))
    last = total % 11
    if last > 9 or (not any(prefix) and last == 0):
        return None
    return "".join(map(str, prefix)) + str(last)


bsns = st.lists(st.integers(0, 9), min_size=8, max_size=8).map(_maak_bsn).filter(bool)
scheidingstekens = st.sampled_from(["", " ", ".", "-", "/", ",", "_", " - ", " / ", "  ", "\u2013",
                                    " , "])


def opmaak(bsn: str, sep: str, groepen: tuple[int, ...] = (3, 3, 3)) -> str:
    parts, i = [], 0
    for g in groepen:
        parts.append(bsn[i:i + g])
        i += g
    return sep.join(parts)


# ---- BSN ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("tekst", [
    "Mijn BSN is 123456782.",
    "bsn: 123 456 782",
    "BSN 123.456.782, klopt dat?",
    "nummer 123-456-782",
    "zijn burgerservicenummer is 1234 56 782",
    "BSN123456782",
    "bsn 111/222/333", "bsn 111,222,333", "bsn 111_222_333", "bsn 111 - 222 - 333",
    "bsn 111 / 222 / 333", "bsn 111\u2013222\u2013333",
])
def test_bsn_wordt_gemaskeerd(tekst: str) -> None:
    uit = redact(tekst)
    assert BSN_MASK in uit
    assert "782" not in uit and "333" not in uit
    assert contains_special_data(tekst)


@pytest.mark.parametrize("tekst", [
    "Bel me op 06 12345678",
    "Bel me op 0612345678",
    "ons nummer is 026 123 4567",
    "KvK-nummer 12345678",
    "ordernummer 123456789",  # fails the 11-proef
    "000000000",  # passes the sum, but is no BSN
    "per 1-1-2026 geldt 70%",
    "loonwaarde 60% bij 32 uur",
    "+31 6 12345671",  # 612345671 passes the 11-proef, but this is a phone number
    "0031 6 12345671",
    "bedrag 1.234.567,08",  # 123456708 passes the 11-proef; mixed separators: an amount
])
def test_geen_bsn_blijft_staan(tekst: str) -> None:
    assert redact(tekst) == tekst
    assert not contains_special_data(tekst)


def test_elfproef() -> None:
    assert is_valid_bsn("123456782")
    assert not is_valid_bsn("123456789")
    assert not is_valid_bsn("12345678")
    assert not is_valid_bsn("000000000")


def test_twee_bsns_in_een_reeks_cijfergroepen() -> None:
    tekst = "nummers 111 222 333 123 456 782 graag"
    uit = redact(tekst)
    assert "111" not in uit and "782" not in uit


@settings(max_examples=400)
@example(prefix="0/0", suffix="", bsn="100000009", sep=" ", links=" ", rechts=" ")  # "0/0" is not "00"
@given(prefix=st.text(), suffix=st.text(), bsn=bsns, sep=scheidingstekens,
       links=st.sampled_from([" ", ": ", "\n", "(", "BSN ", "nr."]),
       rechts=st.sampled_from([" ", ".", ")", ", ", "\n", "!"]))
def test_geldige_bsn_altijd_gemaskeerd(prefix: str, suffix: str, bsn: str, sep: str, links: str,
                                      rechts: str) -> None:
    """Whatever text surrounds it, a valid BSN that is not glued to other digits is masked.
    "Glued" includes a separator between them: after "00 " or "+31 " the digits are one
    international phone number ("0031 6 12345671"), a case of its own (tests above and below)."""
    assume(not re.search(r"(\+|(?<!\d)00)\d*[\s.,/_-]*$", prefix + links))
    written = opmaak(bsn, sep)
    uit = redact(prefix + links + written + rechts + suffix)
    assert uit.count(written) <= prefix.count(written) + suffix.count(written)
    assert BSN_MASK in uit or IBAN_MASK in uit


def test_bsn_die_met_00_begint_voor_een_ander_getal() -> None:
    """Found by the property test below: a BSN starting with "00" followed by another number is no
    international phone number."""
    assert redact("kandidaat in 000100043 12 . Velp") == f"kandidaat in {BSN_MASK} 12 . Velp"
    assert redact("bel 0031 6 12345678") == "bel 0031 6 12345678"
    assert redact("00 000000012 ") == f"00 {BSN_MASK} "  # no country code starts with 0
    assert redact("+0 000000012 ") == f"+0 {BSN_MASK} "
    assert redact("00 100000009 ") == f"00 {BSN_MASK} "
    assert redact("bel +31 6 12345678") == "bel +31 6 12345678"


@given(bsn=bsns, woorden=st.lists(st.sampled_from(
    ["de", "kandidaat", "heeft", "bsn", "en", "woont", "in", "Velp", "06", "12", "2026", ",", "."]),
    max_size=12))
def test_geldige_bsn_in_zin(bsn: str, woorden: list[str]) -> None:
    pos = random.Random(bsn).randint(0, len(woorden))
    tekst = " ".join(woorden[:pos] + [bsn] + woorden[pos:])
    uit = redact(tekst)
    assert bsn not in uit
    assert BSN_MASK in uit or IBAN_MASK in uit


# ---- IBAN ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("iban", [
    "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "nl91abna0417164300",
    "BE68 5390 0754 7034", "DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19",
    "FR14 2004 1010 0505 0001 3M02 606",
])
def test_iban_wordt_gemaskeerd(iban: str) -> None:
    uit = redact(f"Mijn rekening is {iban}, graag storten.")
    assert uit == f"Mijn rekening is {IBAN_MASK}, graag storten."
    assert is_valid_iban(iban)


@pytest.mark.parametrize("tekst", [
    "NL91ABNA0417164301",  # wrong check
    "artikel NL12 van de wet",
    "route A12 bij Arnhem",
])
def test_geen_iban_blijft_staan(tekst: str) -> None:
    assert redact(tekst) == tekst


# ---- dates of birth -----------------------------------------------------------------------------

@pytest.mark.parametrize("tekst", [
    "Hij is geboren op 12-03-1980 in Arnhem.",
    "geb. 3 maart 1985",
    "geboortedatum: 1980-03-12",
    "Geb datum 12/3/80",
    "zij is 12 maart 1980 geboren",
])
def test_geboortedatum_wordt_gemaskeerd(tekst: str) -> None:
    uit = redact(tekst)
    assert GEBOORTEDATUM_MASK in uit
    assert "1980" not in uit and "1985" not in uit and "/80" not in uit


@pytest.mark.parametrize("tekst", [
    "Per 1-1-2026 verandert de banenafspraak.",
    "Bron: uwv.nl (gecontroleerd op 3 maart 2025)",
    "De proefplaatsing start 12-03-2026.",
])
def test_andere_datum_blijft_staan(tekst: str) -> None:
    assert redact(tekst) == tekst


# ---- health words -------------------------------------------------------------------------------

@pytest.mark.parametrize("woord", [
    "autisme", "autistisch", "Autisme", "ADHD", "depressie", "depressief", "burn-out", "burnout",
    "kanker", "borstkanker", "diabetes", "epilepsie", "hernia", "psychose", "schizofrenie",
    "bipolair", "verslaving", "drugsverslaafd", "NAH", "hersenletsel", "PTSS", "angststoornis",
    "angststoornissen", "ADD", "syndroom van Down",
])
def test_medisch_woord_wordt_gemaskeerd(woord: str) -> None:
    uit = redact(f"De kandidaat heeft {woord}, maar wil graag werken.")
    assert uit == f"De kandidaat heeft {MEDISCH_MASK}, maar wil graag werken."
    assert soorten_bijzondere_gegevens(f"heeft {woord}") == ["medisch"]


@pytest.mark.parametrize("tekst", [
    "Hoe werkt de no-riskpolis als mijn werknemer ziek wordt?",
    "Wij gebruiken MS Teams, als u wilt.",
    "Mensen met een arbeidsbeperking in het doelgroepregister",
    "Ik wil iemand aannemen via de banenafspraak.",
    "Zij is kantoormedewerker bij een groothandel.",
])
def test_gewone_tekst_blijft_staan(tekst: str) -> None:
    assert redact(tekst) == tekst
    assert not contains_special_data(tekst)


# ---- properties ---------------------------------------------------------------------------------

@settings(max_examples=500)
@given(st.text())
def test_redact_is_idempotent_en_crasht_nooit(tekst: str) -> None:
    eens = redact(tekst)
    assert isinstance(eens, str)
    assert redact(eens) == eens


rijke_tekst = st.lists(st.one_of(
    st.text(max_size=8),
    st.sampled_from(GELDIGE_BSNS + ["123 456 782", "NL91 ABNA 0417 1643 00", "geboren",
                                    "geb.", "12-03-1980", "3 maart 1985", "autisme", "kanker",
                                    "06 12345678", " ", "-", ".", "1", "22"])),
    max_size=15).map("".join)


@settings(max_examples=500)
@given(rijke_tekst)
def test_redact_is_idempotent_op_gemengde_tekst(tekst: str) -> None:
    eens = redact(tekst)
    assert redact(eens) == eens
    assert not contains_special_data(eens)


def test_lege_tekst() -> None:
    assert redact("") == ""
    assert not contains_special_data("")
