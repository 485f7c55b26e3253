"""Redaction measured on a corpus of realistic employer sentences (tests/data/redactie_corpus.yml):
recall per kind of special data (BSN must be 100%) and false positives on ordinary text (KvK
numbers, amounts, dates, postcodes, phone numbers, instrument words). Run with ``-s`` to see the
figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from wsp.privacy import is_valid_bsn, redact

CORPUS = Path(__file__).resolve().parents[1] / "data" / "redactie_corpus.yml"
SOORTEN = ("bsn", "iban", "geboortedatum", "medisch", "gewoon")
# Minimum recall per kind; BSN and IBAN are checked numbers, nothing may slip through.
MIN_RECALL = {"bsn": 1.0, "iban": 1.0, "geboortedatum": 0.95, "medisch": 0.98}
MAX_VALS_POSITIEF = 0.02  # share of the pieces that must survive and were damaged


def zinnen() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["zinnen"]


@dataclass
class Cijfers:
    weg_totaal: Counter
    weg_gevonden: Counter
    blijft_totaal: int
    blijft_beschadigd: list[tuple[str, str]]
    gewoon_totaal: int
    gewoon_veranderd: list[tuple[str, str]]
    gemist: list[tuple[str, str, str]]

    def recall(self, soort: str) -> float:
        return self.weg_gevonden[soort] / self.weg_totaal[soort] if self.weg_totaal[soort] else 1.0

    @property
    def vals_positief(self) -> float:
        return len(self.blijft_beschadigd) / self.blijft_totaal if self.blijft_totaal else 0.0

    def verslag(self) -> str:
        regels = [f"redaction corpus: {sum(self.weg_totaal.values())} pieces to remove, "
                  f"{self.blijft_totaal} pieces to keep, {self.gewoon_totaal} ordinary sentences"]
        for soort in MIN_RECALL:
            regels.append(f"  recall {soort:<14} {self.recall(soort):6.1%} "
                          f"({self.weg_gevonden[soort]}/{self.weg_totaal[soort]})")
        regels.append(f"  false positives    {self.vals_positief:6.1%} of kept pieces "
                      f"({len(self.blijft_beschadigd)}/{self.blijft_totaal}); ordinary sentences "
                      f"changed: {len(self.gewoon_veranderd)}/{self.gewoon_totaal}")
        regels += [f"  MISSED {s}: {w!r} in {t!r}" for s, w, t in self.gemist]
        regels += [f"  DAMAGED {w!r}: {u!r}" for w, u in self.blijft_beschadigd]
        return "\n".join(regels)


def meet(redigeer=redact) -> Cijfers:  # type: ignore[no-untyped-def]
    c = Cijfers(Counter(), Counter(), 0, [], 0, [], [])
    for zin in zinnen():
        tekst, soort = zin["tekst"], zin["soort"]
        uit = redigeer(tekst)
        for stuk in zin.get("weg", []):
            # the kind of a piece: a BSN-looking number in a mixed sentence counts as BSN
            s = soort
            if soort != "iban" and is_valid_bsn("".join(ch for ch in stuk if ch.isdecimal())):
                s = "bsn"
            elif stuk[:2].isalpha() and stuk[2:4].isdecimal():
                s = "iban"
            elif soort == "bsn" and any(ch.isdecimal() for ch in stuk) and "-" in stuk[2:3]:
                s = "geboortedatum"
            c.weg_totaal[s] += 1
            if stuk not in uit:
                c.weg_gevonden[s] += 1
            else:
                c.gemist.append((s, stuk, tekst))
        blijft = zin.get("blijft") or ([tekst] if soort == "gewoon" else [])
        for stuk in blijft:
            c.blijft_totaal += 1
            if stuk not in uit:
                c.blijft_beschadigd.append((stuk, uit))
        if soort == "gewoon":
            c.gewoon_totaal += 1
            if uit != tekst:
                c.gewoon_veranderd.append((tekst, uit))
    return c


def test_corpus_is_groot_en_goed_gevormd() -> None:
    alle = zinnen()
    assert len(alle) >= 200, len(alle)
    per_soort = Counter(z["soort"] for z in alle)
    assert set(per_soort) == set(SOORTEN), per_soort
    assert per_soort["bsn"] >= 40 and per_soort["medisch"] >= 60 and per_soort["gewoon"] >= 60
    for zin in alle:
        assert zin["soort"] == "gewoon" or zin.get("weg"), zin
        for stuk in zin.get("weg", []) + zin.get("blijft", []):
            assert stuk in zin["tekst"], (stuk, zin["tekst"])
    # every BSN in the corpus passes the 11-proef; every separator style occurs
    bsns = [stuk for z in alle if z["soort"] == "bsn" for stuk in z["weg"]
            if is_valid_bsn("".join(ch for ch in stuk if ch.isdecimal()))]
    assert len(bsns) >= 45
    for scheiding in (" ", ".", "-", "/", ",", "_", " - ", " / ", "–", "  "):
        assert any(scheiding in b for b in bsns), f"no BSN written with {scheiding!r}"


def test_recall_en_vals_positieven(capsys: pytest.CaptureFixture[str]) -> None:
    cijfers = meet()
    with capsys.disabled():
        print("\n" + cijfers.verslag())
    for soort, minimum in MIN_RECALL.items():
        assert cijfers.recall(soort) >= minimum, cijfers.verslag()
    assert cijfers.vals_positief <= MAX_VALS_POSITIEF, cijfers.verslag()
    assert len(cijfers.gewoon_veranderd) / cijfers.gewoon_totaal <= MAX_VALS_POSITIEF, \
        cijfers.verslag()


# The words the attacker found in clear (issue #14), each in a sentence of its own.
UIT_HET_ISSUE = ["lichamelijke beperking", "gehandicapt", "chronisch ziek", "psychische klachten",
                 "dyslectisch", "depresie", "zwanger"]


@pytest.mark.parametrize("woord", UIT_HET_ISSUE)
def test_woorden_uit_het_issue_worden_gemaskeerd(woord: str) -> None:
    uit = redact(f"Mijn nieuwe medewerker is {woord}, wat nu?")
    assert woord not in uit and "[medisch gegeven verwijderd]" in uit, uit


def test_geredigeerde_corpus_bevat_niets_meer() -> None:
    """Redacting twice changes nothing, and nothing special is found in redacted text."""
    for zin in zinnen():
        eens = redact(zin["tekst"])
        assert redact(eens) == eens, zin["tekst"]
