"""Resolve what an employer types ('Velp', 'gemeente Arnhm', 'wij zitten in Zevenar') to a gemeente.

Exact matches first, then small typos with strict limits, so that an ordinary word never
becomes a place. Works on the normalised form: lower case, no diacritics, no punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

from .model import Gemeente, PlaatsResolutie

_VOORVOEGSELS = ("de gemeente ", "gemeente ", "gem ", "regio ", "plaats ", "dorp ", "stad ")
_WOORD = re.compile(r"[^\W_]+", re.UNICODE)


def normaliseer(tekst: str) -> str:
    """'Gemeente  Rhédén!' -> 'gemeente rheden'; "'s-Heerenberg" -> 's heerenberg'."""
    zonder_accenten = "".join(
        c for c in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(c)
    )
    t = zonder_accenten.lower().replace("'", "").replace("\u2019", "").replace("`", "")
    return " ".join(_WOORD.findall(t))


def _zonder_voorvoegsel(tekst: str) -> str:
    veranderd = True
    while veranderd:
        veranderd = False
        for v in _VOORVOEGSELS:
            if tekst.startswith(v):
                tekst = tekst[len(v):]
                veranderd = True
    return tekst


def afstand(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    vorige2: list[int] = []
    vorige = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        huidige = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            kosten = 0 if ca == cb else 1
            huidige[j] = min(vorige[j] + 1, huidige[j - 1] + 1, vorige[j - 1] + kosten)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                huidige[j] = min(huidige[j], vorige2[j - 2] + 1)
        vorige2, vorige = vorige, huidige
    return vorige[-1]


def toegestane_afstand(lengte: int) -> int:
    """How many typos a name of this length may carry: none for very short words."""
    if lengte <= 3:
        return 0
    if lengte <= 8:
        return 1
    return 2


@dataclass(frozen=True)
class _Kandidaat:
    naam: str
    sleutel: str
    gemeente: str | None
    gemeente_naam: str | None
    in_regio: bool
    arbeidsmarktregio: str | None


class PlaatsIndex:
    def __init__(
        self,
        gemeenten: Mapping[str, Gemeente],
        buiten_regio: Mapping[str, tuple[str, ...]],
        dubbelzinnig: Iterable[str] = (),
        geen_plaats: Iterable[str] = (),
    ) -> None:
        self._exact: dict[str, _Kandidaat] = {}
        for g in gemeenten.values():
            regio = None if g.in_regio else g.arbeidsmarktregio
            for naam in (g.naam, *g.plaatsen):
                k = _Kandidaat(naam, normaliseer(naam), g.id, g.naam, g.in_regio, regio)
                self._exact.setdefault(k.sleutel, k)
        for regio_naam, plaatsen in buiten_regio.items():
            for naam in plaatsen:
                k = _Kandidaat(naam, normaliseer(naam), None, None, False, regio_naam)
                self._exact.setdefault(k.sleutel, k)
        self._dubbelzinnig = {normaliseer(w) for w in dubbelzinnig}
        self._geen_plaats = {normaliseer(w) for w in geen_plaats}

    # -- public ---------------------------------------------------------------------------
    def plaatsnamen(self) -> frozenset[str]:
        """Every known place name (normalised) that is only a place, not also a Dutch word."""
        return frozenset(k for k in self._exact if k not in self._dubbelzinnig and k not in self._geen_plaats)

    def resolve(self, tekst: str) -> PlaatsResolutie:
        if not isinstance(tekst, str):  # a forged button payload can carry a number or null
            tekst = "" if tekst is None or isinstance(tekst, (dict, list)) else str(tekst)
        sleutel = _zonder_voorvoegsel(normaliseer(tekst))
        if not sleutel:
            return _niets(tekst)
        if sleutel in self._exact:
            return _resolutie(tekst, self._exact[sleutel], exact=True)
        if sleutel not in self._geen_plaats:
            k = self._dichtstbij(sleutel, toegestane_afstand(len(sleutel.replace(" ", ""))))
            if k is not None:
                return _resolutie(tekst, k, exact=False)
        if " " in sleutel:
            gevonden = self.scan(tekst)
            if gevonden:
                return gevonden[0]
        return _niets(tekst)

    def scan(self, tekst: str) -> list[PlaatsResolutie]:
        """Every place named in a sentence, in order, each once."""
        woorden = [(normaliseer(w), w) for w in _woorden(tekst)]
        woorden = [(n, w) for n, w in woorden if n]
        uit: list[PlaatsResolutie] = []
        gezien: set[str] = set()
        i = 0
        while i < len(woorden):
            gevonden = False
            for n in (3, 2, 1):
                if i + n > len(woorden):
                    continue
                sleutel = " ".join(x[0] for x in woorden[i : i + n])
                k = self._exact.get(sleutel)
                if k is None or sleutel in self._geen_plaats:
                    continue
                if sleutel in self._dubbelzinnig and not woorden[i][1][:1].isupper():
                    continue
                if k.sleutel not in gezien:
                    gezien.add(k.sleutel)
                    uit.append(_resolutie(" ".join(x[1] for x in woorden[i : i + n]), k, exact=True))
                i += n
                gevonden = True
                break
            if gevonden:
                continue
            sleutel, origineel = woorden[i]
            na_gemeente = i > 0 and woorden[i - 1][0] in ("gemeente", "gem")
            if (
                len(sleutel) >= 5
                and (origineel[:1].isupper() or na_gemeente)
                and sleutel not in self._geen_plaats
            ):
                k = self._dichtstbij(sleutel, 1)
                if k is not None and k.sleutel not in gezien:
                    gezien.add(k.sleutel)
                    uit.append(_resolutie(origineel, k, exact=False))
            i += 1
        return uit

    @property
    def namen(self) -> tuple[str, ...]:
        return tuple(k.naam for k in self._exact.values())

    # -- internal -------------------------------------------------------------------------
    def _dichtstbij(self, sleutel: str, maximum: int) -> _Kandidaat | None:
        if maximum == 0:
            return None
        beste: list[tuple[int, _Kandidaat]] = []
        for k in self._exact.values():
            if abs(len(k.sleutel) - len(sleutel)) > maximum or k.sleutel in self._dubbelzinnig:
                continue
            if k.sleutel[0] != sleutel[0] and len(sleutel) < 6:
                continue
            d = afstand(sleutel, k.sleutel)
            if d <= maximum and d <= toegestane_afstand(len(k.sleutel)):
                beste.append((d, k))
        if not beste:
            return None
        beste.sort(key=lambda x: x[0])
        kortste = beste[0][0]
        winnaars = {(k.gemeente, k.arbeidsmarktregio) for d, k in beste if d == kortste}
        if len(winnaars) > 1:
            return None  # two different places are equally close: do not guess
        return beste[0][1]


def _woorden(tekst: str) -> list[str]:
    return re.findall(r"[^\W_]+", tekst.replace("'", "").replace("\u2019", ""), re.UNICODE)


def _resolutie(invoer: str, k: _Kandidaat, exact: bool) -> PlaatsResolutie:
    return PlaatsResolutie(
        invoer=invoer,
        naam=k.naam,
        gemeente=k.gemeente,
        gemeente_naam=k.gemeente_naam,
        in_regio=k.in_regio,
        arbeidsmarktregio=k.arbeidsmarktregio,
        exact=exact,
    )


def _niets(invoer: str) -> PlaatsResolutie:
    return PlaatsResolutie(invoer, None, None, None, False, None, False)
