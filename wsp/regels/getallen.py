"""Free text that states a number the file's own value contradicts.

Editors change a value (``waarde: 3``) and forget the sentence that says it in words ("4 uur per
week"); or they type an amount (``€ 14,71``) that ``knowledge/bedragen.yml`` keeps, so the text goes
stale when the amount changes. Three checks, each tied to a value the text is *about*, so that the
many other numbers in the texts (ages, article numbers, years, percentages of a wage) are left alone:

1. A rule in ``regional_rules/`` (regio.yml or a municipality's deviation): its ``uitleg`` and
   ``reden`` are about that one rule. A number there *in the rule's unit* (the first word of
   ``eenheid``: uur, weken, maanden, euro, %) must be the rule's value (a deviation's ``reden`` may also
   name the regional value it deviates from). Years convert to months ("een jaar" = 12 maanden).
2. An answer-library entry with ``regel: <regeling>.<regel>``: the answer shows the municipality's
   value below its text, so a number in the rule's unit in ``antwoord``/``toelichting`` that is neither
   the regional value nor any municipality's value puts two different numbers in one answer. Likewise
   the sections of 'Hoe vraag ik het aan?' (``aanvragen``, ``termijnen``, ``wie_beslist``) and the rules
   marked ``bij_aanvragen`` shown below them.
3. An amount in euro typed in a knowledge text that is one of the figures of ``bedragen.yml``
   (minimum wage per period, LKV per hour or per year): it should be the placeholder, which follows
   the figures; a percentage of ``bedragen.yml`` typed in a sentence about the subsidy likewise. In
   ``bedragen.yml`` itself a percentage in an ``uitleg`` must be that item's ``waarde``.

A text passes a check when at least one of its numbers in the unit is a known value: the other
numbers in that unit are then about something else ("bij 16 uur werk is de jobcoach 4 uur per week
aanwezig"). Findings are warnings: the check reads Dutch, it does not understand it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable, Iterator

from .bouwen import bouw_bedragen
from .meldingen import Meldingen
from .model import Bedragen
from .namen import BEDRAGEN, REGIO, gemeente_bestand, kennis_bestand
from .opmaak import datum_nl, euro, euro_kort, getal_nl, waarde_tekst
from .ruw import Ruw
from .schema import Obj

# unit word -> (unit it is counted in, factor)
EENHEDEN: dict[str, tuple[str, Decimal]] = {
    "uur": ("uur", Decimal(1)),
    "uren": ("uur", Decimal(1)),
    "dag": ("dag", Decimal(1)),
    "dagen": ("dag", Decimal(1)),
    "werkdag": ("werkdag", Decimal(1)),
    "werkdagen": ("werkdag", Decimal(1)),
    "week": ("week", Decimal(1)),
    "weken": ("week", Decimal(1)),
    "maand": ("maand", Decimal(1)),
    "maanden": ("maand", Decimal(1)),
    "kwartaal": ("maand", Decimal(3)),
    "kwartalen": ("maand", Decimal(3)),
    "jaar": ("maand", Decimal(12)),
    "jaren": ("maand", Decimal(12)),
    "euro": ("euro", Decimal(1)),
    "procent": ("%", Decimal(1)),
    "%": ("%", Decimal(1)),
}
GETALWOORDEN: dict[str, Decimal] = {
    "een": Decimal(1), "één": Decimal(1), "twee": Decimal(2), "drie": Decimal(3), "vier": Decimal(4),
    "vijf": Decimal(5), "zes": Decimal(6), "zeven": Decimal(7), "acht": Decimal(8), "negen": Decimal(9),
    "tien": Decimal(10), "elf": Decimal(11), "twaalf": Decimal(12), "vijftien": Decimal(15),
    "twintig": Decimal(20), "dertig": Decimal(30), "veertig": Decimal(40), "vijftig": Decimal(50),
    "honderd": Decimal(100), "half": Decimal("0.5"), "halve": Decimal("0.5"),
    "anderhalf": Decimal("1.5"), "anderhalve": Decimal("1.5"),
}

_CIJFERS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WOORDEN = "|".join(sorted(GETALWOORDEN, key=len, reverse=True))
_GETAL = rf"(?:{_CIJFERS}|\b(?:{_WOORDEN}))"
_EENHEID_WOORDEN = "|".join(sorted((w for w in EENHEDEN if w != "%"), key=len, reverse=True))
# "4 uur", "twee jaar", "70%", "23,5 procent", "5.000 euro"; not "4 uurtjes", "maandelijks"
_MET_EENHEID = re.compile(
    rf"(?<![\w.,€])(?P<getal>{_GETAL})(?:\s*(?P<pct>%)|\s+(?P<eenheid>{_EENHEID_WOORDEN})\b)",
    re.IGNORECASE,
)
# "€ 14,71", "€2.000", "EUR 1,01"
_EURO_VOOR = re.compile(rf"(?:€|\bEUR\b)\s*(?P<getal>{_CIJFERS})(?![\d])", re.IGNORECASE)
# "4 tot 6 uur", "3 à 4 maanden", "2-3 jaar": the first number has the same unit
_BEREIK = re.compile(rf"(?<![\w.,€])(?P<getal>{_GETAL})\s*(?:tot en met|tot|à|of|-|–)\s*$", re.IGNORECASE)
# an age is no duration: "21 jaar en ouder", "27 jaar oud", "jonger dan 18 jaar"
_LEEFTIJD_NA = re.compile(r"\s*(?:oud|of ouder|en ouder|of jonger|en jonger)\b", re.IGNORECASE)
_LEEFTIJD_VOOR = re.compile(r"\b(?:jonger|ouder) dan\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Getal:
    """A number with its unit, as the text states it."""

    waarde: Decimal  # in ``eenheid`` (years already converted to months)
    eenheid: str
    tekst: str  # as typed, for the message: "4 uur", "een half jaar", "€ 14,71"


def _decimaal(tekst: str) -> Decimal | None:
    woord = tekst.lower()
    if woord in GETALWOORDEN:
        return GETALWOORDEN[woord]
    try:
        return Decimal(tekst.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def getallen(tekst: str) -> list[Getal]:
    """Every number with a unit in ``tekst``, in order."""
    uit: list[tuple[int, Getal]] = []
    for m in _MET_EENHEID.finditer(tekst):
        woord = "%" if m.group("pct") else m.group("eenheid").lower()
        eenheid, factor = EENHEDEN[woord]
        if woord in ("jaar", "jaren") and (
            _LEEFTIJD_NA.match(tekst, m.end()) or _LEEFTIJD_VOOR.search(tekst, 0, m.start())
        ):
            continue
        getal = _decimaal(m.group("getal"))
        if getal is None:
            continue
        uit.append((m.start(), Getal(getal * factor, eenheid, m.group(0).strip())))
        bereik = _BEREIK.search(tekst, 0, m.start())
        if bereik is not None:
            eerste = _decimaal(bereik.group("getal"))
            if eerste is not None:
                uit.append((bereik.start(), Getal(eerste * factor, eenheid, tekst[bereik.start(): m.end()].strip())))
    for m in _EURO_VOOR.finditer(tekst):
        getal = _decimaal(m.group("getal"))
        if getal is not None:
            uit.append((m.start(), Getal(getal, "euro", m.group(0).strip())))
    return [g for _, g in sorted(uit, key=lambda x: x[0])]


def eenheid_van(eenheid: str | None) -> tuple[str, Decimal] | None:
    """The unit a rule counts in: the first word of its ``eenheid`` ('uur per week ...' -> uur)."""
    if not eenheid:
        return None
    tekst = eenheid.strip().lower()
    if tekst.startswith("%"):
        return EENHEDEN["%"]
    woord = re.match(r"[a-zë]+", tekst)
    return EENHEDEN.get(woord.group(0)) if woord else None


def _tegenstrijdig(tekst: str, eenheid: str, bekend: set[Decimal]) -> list[Getal]:
    """The numbers in ``eenheid`` when none of them is a known value (else: nothing)."""
    in_eenheid = [g for g in getallen(tekst) if g.eenheid == eenheid]
    if not in_eenheid or any(g.waarde in bekend for g in in_eenheid):
        return []
    return in_eenheid


def _opsomming(getallen_: Iterable[Getal]) -> str:
    alle = list(dict.fromkeys(g.tekst for g in getallen_))
    # "4 tot 6 uur" already says "6 uur"
    teksten = [f"'{t}'" for t in alle if not any(t != ander and t in ander for ander in alle)]
    return teksten[0] if len(teksten) == 1 else ", ".join(teksten[:-1]) + " en " + teksten[-1]


class _Regels:
    """Finds the line of a fragment in a folded text (the key's line when it cannot)."""

    def __init__(self, ruw: Ruw) -> None:
        self.ruw = ruw

    def van(self, bestand: str, start: int | None, fragment: str) -> int | None:
        tekst = self.ruw.bronteksten.get(bestand)
        if tekst is None or start is None:
            return start
        regels = tekst.splitlines()
        gezocht = " ".join(fragment.split())
        for i in range(start - 1, min(len(regels), start + 60)):
            hier = " ".join(regels[i].split())
            samen = " ".join((regels[i] + " " + (regels[i + 1] if i + 1 < len(regels) else "")).split())
            # on this line, or starting on it and continuing on the next ("binnen 5\n weken")
            if gezocht in hier or -1 < samen.find(gezocht) < len(hier):
                return i + 1
        return start


def _getal(waarde: object) -> Decimal | None:
    return waarde if isinstance(waarde, Decimal) and not isinstance(waarde, bool) else None


def controleer_getallen(ruw: Ruw, m: Meldingen, vandaag: dt.date) -> None:
    regels = _Regels(ruw)
    _controleer_regio(ruw, m, regels)
    _controleer_gemeenten(ruw, m, regels)
    _controleer_vragen(ruw, m, regels)
    _controleer_aanvragen(ruw, m, regels)
    bedragen = _bedragen(ruw)
    if bedragen is not None:
        _controleer_getypte_bedragen(ruw, m, regels, bedragen, vandaag)
        _controleer_bedragen_uitleg(ruw, m, regels)


# -- 1. rules -------------------------------------------------------------------------------------
def _regio_regels(ruw: Ruw) -> Iterator[tuple[str, str, Obj]]:
    if ruw.regio is None:
        return
    for regeling, inhoud in (ruw.regio.get("regelingen") or {}).items():
        for key, regel in (inhoud.get("regels") or {}).items():
            if isinstance(regel, Obj):
                yield regeling, key, regel


def _meld_regel(
    m: Meldingen, regels: _Regels, bestand: str, regel_obj: Obj, veld: str, wat: str, eenheid: tuple[str, Decimal],
    bekend: set[Decimal], waarde: str,
) -> None:
    tekst = regel_obj.get(veld)
    if not isinstance(tekst, str):
        return
    fout = _tegenstrijdig(tekst, eenheid[0], bekend)
    if fout:
        m.waarschuwing(
            bestand,
            regels.van(bestand, regel_obj.regels.get(veld), fout[0].tekst),
            f"'{veld}' van {wat} noemt {_opsomming(fout)}, maar de waarde is {waarde}; "
            "maak de tekst en de waarde gelijk",
        )


def _eigen_getallen(eenheid: str | None, in_eenheid: str) -> set[Decimal]:
    """Numbers the unit text itself states ('uur per week in de eerste 3 maanden')."""
    return {g.waarde for g in getallen(eenheid or "") if g.eenheid == in_eenheid}


def _getoonde_getallen(regel: Obj, waarde: Decimal, in_eenheid: str) -> set[Decimal]:
    """Numbers an employer reads with a rule shown under an answer: its unit text, and its ``uitleg``
    (shown with it) when that states the rule's own value too -- then its other numbers explain
    something else ("8 weken nadat uw aanvraag compleet is; ... binnen 5 weken nadat de loonwaarde is
    vastgesteld"); an uitleg that contradicts its value is reported by itself and counts for nothing."""
    uitleg = regel.get("uitleg")
    in_uitleg = {g.waarde for g in getallen(uitleg) if g.eenheid == in_eenheid} if isinstance(uitleg, str) else set()
    return _eigen_getallen(regel.get("eenheid"), in_eenheid) | (in_uitleg if waarde in in_uitleg else set())


def _controleer_regio(ruw: Ruw, m: Meldingen, regels: _Regels) -> None:
    for regeling, key, regel in _regio_regels(ruw):
        waarde, eenheid = _getal(regel.get("waarde")), eenheid_van(regel.get("eenheid"))
        if waarde is None or eenheid is None:
            continue
        bekend = {waarde * eenheid[1]} | _eigen_getallen(regel.get("eenheid"), eenheid[0])
        tekst = waarde_tekst(waarde, regel.get("eenheid"))
        _meld_regel(m, regels, REGIO, regel, "uitleg", f"{regeling}: {key}", eenheid, bekend, tekst)


def _controleer_gemeenten(ruw: Ruw, m: Meldingen, regels: _Regels) -> None:
    basis = {(r, k): regel for r, k, regel in _regio_regels(ruw)}
    for gid, data in ruw.gemeenten.items():
        bestand = gemeente_bestand(gid)
        for regeling, afwijkingen in (data.get("afwijkingen") or {}).items():
            if not isinstance(afwijkingen, Obj):
                continue
            for key, afw in afwijkingen.items():
                if not isinstance(afw, Obj):
                    continue
                regio = basis.get((regeling, key))
                eenheid_tekst = afw.get("eenheid") or (regio.get("eenheid") if regio is not None else None)
                waarde, eenheid = _getal(afw.get("waarde")), eenheid_van(eenheid_tekst)
                if waarde is None or eenheid is None:
                    continue
                eigen = {waarde * eenheid[1]} | _eigen_getallen(eenheid_tekst, eenheid[0])
                regio_waarde = _getal(regio.get("waarde")) if regio is not None else None
                regio_eenheid = eenheid_van(regio.get("eenheid")) if regio is not None else None
                met_regio = set(eigen)
                if regio_waarde is not None and regio_eenheid is not None and regio_eenheid[0] == eenheid[0]:
                    met_regio.add(regio_waarde * regio_eenheid[1])
                tekst = waarde_tekst(waarde, eenheid_tekst)
                wat = f"{regeling}: {key}"
                _meld_regel(m, regels, bestand, afw, "uitleg", wat, eenheid, eigen, tekst)
                # the reason may name the regional value it deviates from
                _meld_regel(m, regels, bestand, afw, "reden", wat, eenheid, met_regio, tekst)


# -- 2. answer-library entries that show a rule ----------------------------------------------------
def _controleer_vragen(ruw: Ruw, m: Meldingen, regels: _Regels) -> None:
    basis = {(r, k): regel for r, k, regel in _regio_regels(ruw)}
    for regeling, data in ruw.kennis.items():
        bestand = kennis_bestand(regeling)
        for vraag in data.get("vragen") or ():
            verwijzing = vraag.get("regel")
            if not isinstance(verwijzing, str) or "." not in verwijzing:
                continue
            r, _, key = verwijzing.partition(".")
            regio = basis.get((r, key))
            if regio is None:
                continue
            waarde, eenheid = _getal(regio.get("waarde")), eenheid_van(regio.get("eenheid"))
            if waarde is None or eenheid is None:
                continue
            bekend = {waarde * eenheid[1]} | _getoonde_getallen(regio, waarde * eenheid[1], eenheid[0])
            lokaal: list[str] = []
            for gid, gdata in ruw.gemeenten.items():
                afw = ((gdata.get("afwijkingen") or {}).get(r) or {}).get(key)
                if not isinstance(afw, Obj):
                    continue
                eenheid_tekst = afw.get("eenheid") or regio.get("eenheid")
                w, e = _getal(afw.get("waarde")), eenheid_van(eenheid_tekst)
                if w is not None and e is not None and e[0] == eenheid[0]:
                    bekend.add(w * e[1])
                    lokaal.append(f"{gid} {waarde_tekst(w, eenheid_tekst)}")
            # the answer and its detail are read together: when one of them states the rule's value,
            # other numbers in that unit are about something else ("verlengen met nog eens 4 maanden")
            delen = [(s, vraag[s]) for s in ("antwoord", "toelichting") if isinstance(vraag.get(s), str)]
            fout = _tegenstrijdig(" ".join(t for _, t in delen), eenheid[0], bekend)
            if not fout:
                continue
            sleutel = next(s for s, t in delen if any(g.tekst in t for g in fout))
            elders = f"; afwijkend: {', '.join(lokaal)}" if lokaal else ""
            m.waarschuwing(
                bestand,
                regels.van(bestand, vraag.regels.get(sleutel), fout[0].tekst),
                f"'{vraag.get('id', '?')}' noemt {_opsomming(fout)}, maar regel {verwijzing} is "
                f"{waarde_tekst(waarde, regio.get('eenheid'))} in {REGIO}{elders}. Het antwoord toont die "
                "waarde eronder: zo leest de werkgever twee verschillende getallen. Klopt de tekst nog?",
            )


# the sections of 'Hoe vraag ik het aan?' (wsp.regels.antwoorden.antwoord_aanvragen), shown above the
# municipality's rules marked bij_aanvragen
AANVRAAG_SECTIES = ("aanvragen", "termijnen", "wie_beslist")


def _controleer_aanvragen(ruw: Ruw, m: Meldingen, regels: _Regels) -> None:
    per_regeling: dict[str, list[tuple[str, Obj]]] = {}
    for r, key, regel in _regio_regels(ruw):
        if regel.get("bij_aanvragen") is True:
            per_regeling.setdefault(r, []).append((key, regel))
    for regeling, rules in per_regeling.items():
        data = ruw.kennis.get(regeling)
        if data is None:
            continue
        bestand = kennis_bestand(regeling)
        # per unit: the values an employer can read below the text, and the rules they come from
        bekend: dict[str, set[Decimal]] = {}
        namen: dict[str, list[str]] = {}
        for key, regel in rules:
            waarde, eenheid = _getal(regel.get("waarde")), eenheid_van(regel.get("eenheid"))
            if waarde is None or eenheid is None:
                continue
            bekend.setdefault(eenheid[0], set()).update(
                {waarde * eenheid[1]}, _getoonde_getallen(regel, waarde * eenheid[1], eenheid[0]))
            namen.setdefault(eenheid[0], []).append(f"{regeling}.{key} ({waarde_tekst(waarde, regel.get('eenheid'))})")
            for gdata in ruw.gemeenten.values():
                afw = ((gdata.get("afwijkingen") or {}).get(regeling) or {}).get(key)
                if isinstance(afw, Obj):
                    w, e = _getal(afw.get("waarde")), eenheid_van(afw.get("eenheid") or regel.get("eenheid"))
                    if w is not None and e is not None and e[0] == eenheid[0]:
                        bekend[eenheid[0]].add(w * e[1])
        for sectie in AANVRAAG_SECTIES:
            inhoud = data.get(sectie)
            if not isinstance(inhoud, Obj) or not isinstance(inhoud.get("tekst"), str):
                continue
            for eenheid, waarden in bekend.items():
                fout = _tegenstrijdig(inhoud["tekst"], eenheid, waarden)
                if fout:
                    m.waarschuwing(
                        bestand,
                        regels.van(bestand, inhoud.regels.get("tekst"), fout[0].tekst),
                        f"'{sectie}' noemt {_opsomming(fout)}, maar voor een gemeente staat in het antwoord op "
                        f"'Hoe vraag ik het aan?' daaronder {', '.join(namen[eenheid])} uit {REGIO}: zo leest de "
                        "werkgever twee verschillende getallen. Klopt de tekst nog?",
                    )


# -- 3. figures of bedragen.yml --------------------------------------------------------------------
def _bedragen(ruw: Ruw) -> Bedragen | None:
    if ruw.bedragen is None:
        return None
    try:
        return bouw_bedragen(ruw.bedragen)
    except (KeyError, IndexError, TypeError):
        return None  # bedragen.yml has errors of its own


@dataclass(frozen=True)
class _Bedrag:
    plaatshouder: str
    omschrijving: str  # "het minimumloon per uur vanaf 1 januari 2026"
    waarde: Decimal
    huidig: str | None  # the value in force today, when this one is not


def _bekende_bedragen(b: Bedragen, vandaag: dt.date) -> list[_Bedrag]:
    uit: list[_Bedrag] = []
    nu = b.wml_op(vandaag)
    for p in b.perioden:
        oud = nu is not None and p.ingangsdatum < nu.ingangsdatum
        uit.append(_Bedrag(
            "wml_per_uur", f"het minimumloon per uur vanaf {datum_nl(p.ingangsdatum)}", p.per_uur,
            f"{euro(nu.per_uur)} (vanaf {datum_nl(nu.ingangsdatum)})" if oud and nu is not None else None,
        ))
    huidige_lkv = {v.soort: v for v in b.lkv(vandaag.year)}
    for v in b.loonkostenvoordelen:
        nu_lkv = huidige_lkv.get(v.soort)
        for veld, wat, opmaak in (("per_uur", "per uur", euro), ("max_per_jaar", "maximaal per jaar", euro_kort)):
            waarde: Decimal = getattr(v, veld)
            huidig = None
            if nu_lkv is not None and v.jaar < nu_lkv.jaar:
                nieuw: Decimal = getattr(nu_lkv, veld)
                if nieuw == waarde:
                    continue  # the same amount as now: the current figure covers it
                huidig = f"{opmaak(nieuw)} (in {nu_lkv.jaar})"
            uit.append(_Bedrag(f"lkv_{v.soort}_{veld}", f"het {v.naam} {wat} in {v.jaar}", waarde, huidig))
    return uit


def _pct_plaatshouders(b: Bedragen) -> list[tuple[str, str, Decimal]]:
    return [
        ("lks_maximum_pct", "het maximum van de loonkostensubsidie", b.maximum_wml.waarde),
        ("lks_werkgeverslasten_pct", "de vergoeding voor werkgeverslasten", b.werkgeverslasten.waarde),
    ]


def _zinnen(tekst: str) -> list[str]:
    return [z for z in re.split(r"(?<=[.!?;])\s+", tekst) if z.strip()]


def _knowledge_teksten(data: Obj) -> Iterator[tuple[str, Obj, str]]:
    """The texts employers read: sections and the answers of the library (not the history in
    'wijziging', which names old figures on purpose)."""
    for sectie, inhoud in data.items():
        if isinstance(inhoud, Obj) and isinstance(inhoud.get("tekst"), str):
            yield sectie, inhoud, "tekst"
    for vraag in data.get("vragen") or ():
        for sleutel in ("antwoord", "toelichting"):
            if isinstance(vraag.get(sleutel), str):
                yield f"{vraag.get('id', '?')}: {sleutel}", vraag, sleutel


def _controleer_getypte_bedragen(
    ruw: Ruw, m: Meldingen, regels: _Regels, b: Bedragen, vandaag: dt.date
) -> None:
    bedragen = _bekende_bedragen(b, vandaag)
    pcts = _pct_plaatshouders(b)
    for regeling, data in ruw.kennis.items():
        bestand = kennis_bestand(regeling)
        for waar, obj, sleutel in _knowledge_teksten(data):
            tekst = obj[sleutel]
            if "€" not in tekst and "eur" not in tekst.lower():
                gevonden: list[Getal] = []
            else:
                gevonden = getallen(tekst)
            for g in gevonden:
                if g.eenheid != "euro":
                    continue
                treffers = [x for x in bedragen if x.waarde == g.waarde]
                if not treffers:
                    continue
                x = next((t for t in treffers if t.huidig is None), treffers[0])
                naam = "{" + x.plaatshouder + "}"
                if x.huidig is None:
                    uitleg = f"dat is {x.omschrijving} uit {BEDRAGEN}. Schrijf {naam} in plaats van het bedrag"
                else:
                    uitleg = (
                        f"dat is {x.omschrijving}; nu is het {x.huidig}. Gaat de tekst over nu, schrijf dan {naam} "
                        "in plaats van het bedrag"
                    )
                m.waarschuwing(
                    bestand,
                    regels.van(bestand, obj.regels.get(sleutel), g.tekst),
                    f"'{waar}' noemt '{g.tekst}': {uitleg}, dan past de tekst zich aan als het bedrag verandert",
                )
            for zin in _zinnen(tekst):
                if "subsidie" not in zin.lower() or ("%" not in zin and "procent" not in zin.lower()):
                    continue
                for g in getallen(zin):
                    for naam, wat, waarde in pcts:
                        if g.eenheid == "%" and g.waarde == waarde:
                            m.waarschuwing(
                                bestand,
                                regels.van(bestand, obj.regels.get(sleutel), g.tekst),
                                f"'{waar}' noemt '{g.tekst}' ({wat} in {BEDRAGEN}). Schrijf {{{naam}}} in plaats "
                                "van het getal, dan past de tekst zich aan als het percentage verandert",
                            )


def _controleer_bedragen_uitleg(ruw: Ruw, m: Meldingen, regels: _Regels) -> None:
    lks = ruw.bedragen.get("loonkostensubsidie") if ruw.bedragen is not None else None
    if not isinstance(lks, Obj):
        return
    for naam, item in lks.items():
        if not isinstance(item, Obj):
            continue
        waarde = _getal(item.get("waarde"))
        if waarde is None:
            continue
        _meld_regel(m, regels, BEDRAGEN, item, "uitleg", f"loonkostensubsidie: {naam}", EENHEDEN["%"], {waarde},
                    f"{getal_nl(waarde)}%")
