"""Checks that span files: references, duplicates, coverage, consistency with the baseline."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .meldingen import Meldingen
from .namen import PLAATSEN, REGELINGEN, REGIO, ROOSTER, gemeente_bestand, kennis_bestand
from .opmaak import datum_nl
from .plaatsen import normaliseer
from .plaatshouders import namen_in, plaatshouders
from .schema import SPECIALE_WAARDEN, Lst, Obj, Verwijzing


@dataclass
class Ruw:
    """Checked-but-not-yet-linked contents of every file (missing when a file could not be read)."""

    kennis: dict[str, Obj] = field(default_factory=dict)
    bedragen: Obj | None = None
    plaatsen: Obj | None = None
    regio: Obj | None = None
    gemeenten: dict[str, Obj] = field(default_factory=dict)
    rooster: Obj | None = None
    verwijzingen: list[Verwijzing] = field(default_factory=list)


def _suggestie(woord: str, opties: list[str]) -> str:
    dichtbij = difflib.get_close_matches(woord, opties, n=1, cutoff=0.6)
    return f" (bedoelt u '{dichtbij[0]}'?)" if dichtbij else ""


def gemeente_ids(ruw: Ruw) -> list[str] | None:
    if ruw.plaatsen is None or "gemeenten" not in ruw.plaatsen:
        return None
    return list(ruw.plaatsen["gemeenten"])


def accountmanager_ids(ruw: Ruw) -> list[str] | None:
    if ruw.rooster is None or "accountmanagers" not in ruw.rooster:
        return None
    return [am["id"] for am in ruw.rooster["accountmanagers"] if "id" in am]


def controleer_alles(ruw: Ruw, m: Meldingen, vandaag: dt.date) -> None:
    controleer_verwijzingen(ruw, m)
    controleer_kennis(ruw, m, vandaag)
    controleer_bedragen(ruw, m, vandaag)
    controleer_plaatsen(ruw, m)
    controleer_regio(ruw, m)
    controleer_gemeenten(ruw, m)
    controleer_rooster(ruw, m, vandaag)


def controleer_verwijzingen(ruw: Ruw, m: Meldingen) -> None:
    gemeenten = gemeente_ids(ruw)
    ams = accountmanager_ids(ruw)
    regio = ruw.regio.get("regelingen") if ruw.regio is not None else None
    for v in ruw.verwijzingen:
        if v.soort == "regeling" and v.waarde not in REGELINGEN:
            m.fout(v.bestand, v.regel, f"onbekende regeling '{v.waarde}'{_suggestie(v.waarde, list(REGELINGEN))}")
        elif v.soort == "gemeente" and gemeenten is not None and v.waarde not in gemeenten:
            m.fout(v.bestand, v.regel, f"onbekende gemeente '{v.waarde}'{_suggestie(v.waarde, gemeenten)}")
        elif v.soort == "accountmanager" and ams is not None and v.waarde not in ams:
            m.fout(v.bestand, v.regel, f"onbekende accountmanager '{v.waarde}'{_suggestie(v.waarde, ams)}")
        elif v.soort == "regeling_regio":
            if v.waarde not in REGELINGEN:
                m.fout(v.bestand, v.regel, f"onbekende regeling '{v.waarde}'{_suggestie(v.waarde, list(REGELINGEN))}")
            elif regio is not None and v.waarde not in regio:
                m.fout(
                    v.bestand,
                    v.regel,
                    f"voor '{v.waarde}' bestaan geen regionale afspraken in {REGIO}; "
                    "een gemeente kan daar dus niet van afwijken",
                )
        elif v.soort == "regel" and regio is not None:
            regeling = str(v.pad[-2])
            basis = regio.get(regeling)
            if basis is None or "regels" not in basis:
                continue
            sleutels = list(basis["regels"])
            if v.waarde not in sleutels:
                m.fout(
                    v.bestand,
                    v.regel,
                    f"onbekende sleutel '{v.waarde}' bij {regeling}{_suggestie(v.waarde, sleutels)}"
                    + ("" if _suggestie(v.waarde, sleutels) else f" (toegestaan: {', '.join(sleutels)})"),
                )


def controleer_kennis(ruw: Ruw, m: Meldingen, vandaag: dt.date) -> None:
    from .bouwen import bouw_bedragen  # local: bouwen imports this module's types

    namen: set[str] | None = None
    if ruw.bedragen is not None:
        try:
            namen = set(plaatshouders(bouw_bedragen(ruw.bedragen), vandaag))
        except (KeyError, IndexError, TypeError):
            namen = None  # bedragen.yml has errors of its own
    for regeling, data in ruw.kennis.items():
        bestand = kennis_bestand(regeling)
        if "regeling" in data and data["regeling"] != regeling:
            m.fout(
                bestand,
                data.regels["regeling"],
                f"'regeling: {data['regeling']}' past niet bij de bestandsnaam; verwacht 'regeling: {regeling}'",
            )
        for sectie, inhoud in data.items():
            if not isinstance(inhoud, Obj) or "tekst" not in inhoud:
                continue
            regel = inhoud.regels["tekst"]
            try:
                gebruikt = namen_in(inhoud["tekst"])
            except ValueError:
                m.fout(bestand, regel, "losse accolade '{' of '}' in de tekst; gebruik {naam} voor een bedrag")
                continue
            for naam in gebruikt:
                if namen is not None and naam not in namen:
                    m.fout(
                        bestand,
                        regel,
                        f"onbekend bedrag '{{{naam}}}' in '{sectie}'{_suggestie(naam, sorted(namen))}",
                    )


def controleer_bedragen(ruw: Ruw, m: Meldingen, vandaag: dt.date) -> None:
    data = ruw.bedragen
    if data is None:
        return
    bestand = "knowledge/bedragen.yml"
    wml = data.get("minimumloon")
    if isinstance(wml, Obj) and isinstance(wml.get("perioden"), Lst):
        gezien: dict[dt.date, int] = {}
        for periode in wml["perioden"]:
            d = periode.get("ingangsdatum")
            if d is None:
                continue
            regel = periode.regels["ingangsdatum"]
            if d in gezien:
                m.fout(bestand, regel, f"ingangsdatum {d.isoformat()} staat er al (regel {gezien[d]})")
            gezien[d] = regel
            if (d.month, d.day) not in ((1, 1), (7, 1)):
                m.waarschuwing(
                    bestand, regel, f"ingangsdatum {d.isoformat()}: het minimumloon verandert meestal op 1 januari of 1 juli"
                )
        if gezien:
            halfjaar = dt.date(vandaag.year, 1 if vandaag.month < 7 else 7, 1)
            if max(gezien) < halfjaar:
                m.waarschuwing(
                    bestand,
                    wml.regels.get("perioden"),
                    f"het minimumloon vanaf {datum_nl(halfjaar)} ontbreekt; voeg het toe (met bron) zodra het bekend is",
                )
    lkv = data.get("loonkostenvoordeel")
    if isinstance(lkv, Lst):
        paren: dict[tuple[int, str], int] = {}
        for item, regel in zip(lkv, lkv.regels, strict=True):
            sleutel = (item.get("jaar"), item.get("soort"))
            if None in sleutel:
                continue
            if sleutel in paren:
                m.fout(bestand, regel, f"loonkostenvoordeel '{sleutel[1]}' voor {sleutel[0]} staat er al (regel {paren[sleutel]})")
            paren[sleutel] = regel  # type: ignore[index]


def controleer_plaatsen(ruw: Ruw, m: Meldingen) -> None:
    data = ruw.plaatsen
    if data is None:
        return
    gezien: dict[str, str] = {}

    def noteer(naam: str, waar: str, regel: int | None) -> None:
        sleutel = normaliseer(naam)
        if sleutel in gezien and gezien[sleutel] != waar:
            m.fout(PLAATSEN, regel, f"plaats '{naam}' staat zowel bij {gezien[sleutel]} als bij {waar}")
        gezien.setdefault(sleutel, waar)

    for gid, g in data.get("gemeenten", {}).items():
        regel = data["gemeenten"].regels.get(gid)
        if g.get("in_regio") is False and not g.get("arbeidsmarktregio"):
            m.fout(PLAATSEN, regel, f"gemeente '{gid}' hoort niet bij de regio; vul 'arbeidsmarktregio' in")
        if g.get("lidmaatschap_bevestigd") is False:
            m.waarschuwing(
                PLAATSEN,
                g.regels.get("lidmaatschap_bevestigd", regel),
                f"het lidmaatschap van de regio van '{g.get('naam', gid)}' is nog niet bevestigd; "
                "controleer dit en zet daarna 'lidmaatschap_bevestigd: true'",
            )
        if "naam" in g:
            noteer(g["naam"], f"gemeente {gid}", g.regels["naam"])
        plaatsen = g.get("plaatsen", Lst(0))
        for naam, r in zip(plaatsen, plaatsen.regels, strict=True):
            noteer(naam, f"gemeente {gid}", r)
    buiten = data.get("buiten_regio", {}).get("arbeidsmarktregios", {})
    for regio, plaatsen in buiten.items():
        for naam, r in zip(plaatsen, plaatsen.regels, strict=True):
            noteer(naam, f"arbeidsmarktregio {regio}", r)


def controleer_regio(ruw: Ruw, m: Meldingen) -> None:
    if ruw.regio is None:
        return
    for regeling, inhoud in ruw.regio.get("regelingen", {}).items():
        for key, regel in inhoud.get("regels", {}).items():
            if regel.get("waarde") == "geen_regel":
                m.fout(REGIO, regel.regels["waarde"], f"'geen_regel' kan alleen in een gemeentebestand staan ({regeling}: {key})")


def _soort(waarde: Any) -> str:
    if isinstance(waarde, bool):
        return "true of false"
    if isinstance(waarde, Decimal):
        return "een getal"
    if isinstance(waarde, tuple):
        return "een lijst"
    return "een tekst"


def controleer_gemeenten(ruw: Ruw, m: Meldingen) -> None:
    ids = gemeente_ids(ruw)
    basis = ruw.regio.get("regelingen", {}) if ruw.regio is not None else {}
    if ids is not None:
        for gid in ids:
            if gid not in ruw.gemeenten:
                m.fout(
                    gemeente_bestand(gid),
                    None,
                    "bestand ontbreekt; elke gemeente uit knowledge/plaatsen.yml heeft een eigen bestand, "
                    "ook als er geen afwijkingen zijn (afwijkingen: {})",
                )
    for gid, data in ruw.gemeenten.items():
        bestand = gemeente_bestand(gid)
        if ids is not None and gid not in ids:
            m.fout(
                bestand,
                None,
                f"onbekende gemeente '{gid}'{_suggestie(gid, ids)}; de bestandsnaam moet een gemeente uit {PLAATSEN} zijn",
            )
        if "gemeente" in data and data["gemeente"] != gid:
            m.fout(
                bestand,
                data.regels["gemeente"],
                f"'gemeente: {data['gemeente']}' past niet bij de bestandsnaam; verwacht 'gemeente: {gid}'",
            )
        for regeling, afwijkingen in data.get("afwijkingen", {}).items():
            regels = basis.get(regeling, {}).get("regels", {})
            for key, afw in afwijkingen.items():
                if key not in regels or "waarde" not in afw or "waarde" not in regels[key]:
                    continue
                nieuw, oud = afw["waarde"], regels[key]["waarde"]
                regel = afw.regels["waarde"]
                if nieuw in SPECIALE_WAARDEN or oud == "maatwerk":
                    continue
                if _soort(nieuw) != _soort(oud):
                    m.fout(
                        bestand,
                        regel,
                        f"'waarde' van {regeling}: {key} moet {_soort(oud)} zijn, net als in de regionale afspraak "
                        f"({REGIO}), maar er staat {_soort(nieuw)}",
                    )
                elif nieuw == oud and afw.get("eenheid", regels[key].get("eenheid")) == regels[key].get("eenheid"):
                    m.waarschuwing(
                        bestand, regel, f"{regeling}: {key} is gelijk aan de regionale afspraak; haal deze afwijking weg"
                    )


def controleer_rooster(ruw: Ruw, m: Meldingen, vandaag: dt.date) -> None:
    data = ruw.rooster
    if data is None:
        return
    ams: dict[str, Obj] = {}
    for am in data.get("accountmanagers", []):
        aid = am.get("id")
        if aid is None:
            continue
        if aid in ams:
            m.fout(ROOSTER, am.regels["id"], f"accountmanager '{aid}' staat er twee keer in (eerder op regel {ams[aid].regels['id']})")
            continue
        ams[aid] = am
        if am.get("vervanger") == aid:
            m.fout(ROOSTER, am.regels["vervanger"], f"'{aid}' kan niet zijn eigen vervanger zijn")
        afwezig = am.get("afwezig")
        if isinstance(afwezig, Obj) and "van" in afwezig and "tot" in afwezig:
            if afwezig["van"] > afwezig["tot"]:
                m.fout(ROOSTER, afwezig.regel, f"afwezigheid van '{aid}': 'van' ({afwezig['van']}) ligt na 'tot' ({afwezig['tot']})")
            elif afwezig["van"] <= vandaag <= afwezig["tot"] and not am.get("vervanger"):
                m.waarschuwing(ROOSTER, afwezig.regel, f"'{aid}' is nu afwezig maar heeft geen vervanger")
    toewijzing = data.get("toewijzing", Lst(0))
    standaard: set[str] = set()
    criteria_gezien: dict[tuple[str | None, ...], int] = {}
    for t, regel in zip(toewijzing, toewijzing.regels, strict=True):
        gid = t.get("gemeente")
        if gid is None:
            continue
        criteria = (gid, t.get("sector"), t.get("bedrijfsgrootte"))
        if criteria in criteria_gezien:
            m.waarschuwing(
                ROOSTER,
                regel,
                f"deze regel wordt nooit gebruikt: regel {criteria_gezien[criteria]} heeft dezelfde "
                "gemeente, sector en bedrijfsgrootte en gaat voor",
            )
        criteria_gezien.setdefault(criteria, regel)
        if "sector" not in t and "bedrijfsgrootte" not in t:
            standaard.add(gid)
    if ruw.plaatsen is not None:
        for gid, g in ruw.plaatsen.get("gemeenten", {}).items():
            if g.get("in_regio") and gid not in standaard:
                m.fout(
                    ROOSTER,
                    toewijzing.regel or None,
                    f"gemeente '{gid}' heeft geen standaardregel in 'toewijzing' "
                    f"(voeg toe: - {{gemeente: {gid}, accountmanager: ...}})",
                )

