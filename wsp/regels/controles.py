"""Checks that span files: references, duplicates, coverage, consistency with the baseline."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

from .bouwen import bouw_bedragen
from .getallen import controleer_getallen
from .meldingen import Meldingen
from .namen import BEDRAGEN, PLAATSEN, REGIO, ROOSTER, gemeente_bestand, kennis_bestand
from .opmaak import datum_nl
from .plaatsen import normaliseer
from .plaatshouders import namen_in, plaatshouders
from .ruw import Ruw
from .schema import SPECIALE_WAARDEN, Lst, Obj
from .schemas import VERPLICHT_VOOR_REGELING


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
    controleer_vragen(ruw, m)
    controleer_bedragen(ruw, m, vandaag)
    controleer_plaatsen(ruw, m)
    controleer_regio(ruw, m)
    controleer_gemeenten(ruw, m)
    controleer_rooster(ruw, m, vandaag)
    controleer_getallen(ruw, m, vandaag)


def controleer_verwijzingen(ruw: Ruw, m: Meldingen) -> None:
    gemeenten = gemeente_ids(ruw)
    ams = accountmanager_ids(ruw)
    regio = ruw.regio.get("regelingen") if ruw.regio is not None else None
    regelingen = list(ruw.regeling_ids)
    for v in ruw.verwijzingen:
        if v.soort == "regeling" and v.waarde not in regelingen:
            m.fout(v.bestand, v.regel, f"onbekende regeling '{v.waarde}'{_suggestie(v.waarde, regelingen)}")
        elif v.soort == "gemeente" and gemeenten is not None and v.waarde not in gemeenten:
            m.fout(v.bestand, v.regel, f"onbekende gemeente '{v.waarde}'{_suggestie(v.waarde, gemeenten)}")
        elif v.soort == "accountmanager" and ams is not None and v.waarde not in ams:
            m.fout(v.bestand, v.regel, f"onbekende accountmanager '{v.waarde}'{_suggestie(v.waarde, ams)}")
        elif v.soort == "regeling_regio":
            if v.waarde not in regelingen:
                m.fout(v.bestand, v.regel, f"onbekende regeling '{v.waarde}'{_suggestie(v.waarde, regelingen)}")
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
        if (data.get("soort") or "regeling") == "regeling":
            for sleutel in VERPLICHT_VOOR_REGELING:
                if sleutel not in data:
                    m.fout(bestand, data.regel or None, f"verplichte sleutel '{sleutel}' ontbreekt (soort: regeling)")
        for waar, inhoud, sleutel in _teksten(data):
            regel = inhoud.regels[sleutel]
            try:
                gebruikt = namen_in(inhoud[sleutel])
            except ValueError:
                m.fout(bestand, regel, "losse accolade '{' of '}' in de tekst; gebruik {naam} voor een bedrag")
                continue
            for naam in gebruikt:
                if namen is not None and naam not in namen:
                    m.fout(
                        bestand,
                        regel,
                        f"onbekend bedrag '{{{naam}}}' in '{waar}'{_suggestie(naam, sorted(namen))}",
                    )
        for waar, inhoud in _bronnen(data):
            _controleer_bron(m, bestand, waar, inhoud)


def _teksten(data: Obj) -> list[tuple[str, Obj, str]]:
    """Every text in a knowledge file that may quote a figure: (where, object, key)."""
    uit: list[tuple[str, Obj, str]] = []
    for sectie, inhoud in data.items():
        if isinstance(inhoud, Obj) and "tekst" in inhoud:
            uit.append((sectie, inhoud, "tekst"))
    for vraag in data.get("vragen") or ():
        vid = vraag.get("id", "?")
        for sleutel in ("antwoord", "toelichting"):
            if sleutel in vraag:
                uit.append((f"{vid}: {sleutel}", vraag, sleutel))
        wijziging = vraag.get("wijziging")
        if isinstance(wijziging, Obj) and "tekst" in wijziging:
            uit.append((f"{vid}: wijziging", wijziging, "tekst"))
    return uit


def _bronnen(data: Obj) -> list[tuple[str, Obj]]:
    uit = [(sectie, inhoud) for sectie, inhoud in data.items() if isinstance(inhoud, Obj) and "bron" in inhoud]
    uit += [(str(v.get("id", "?")), v) for v in data.get("vragen") or () if "bron" in v]
    return uit


def is_homepagina(bron: str) -> bool:
    """A URL with at most one path segment (https://www.uwv.nl/werkgevers) states no particular fact."""
    if not bron.lower().startswith(("http://", "https://")):
        return False
    deel = urlparse(bron)
    pad = [p for p in deel.path.split("/") if p]
    if deel.query or len(pad) > 1:
        return False
    # no path, or one short word like /werkgevers (an article has a longer slug: /loonkostensubsidie-2026)
    return not pad or (len(pad[0]) <= 20 and "-" not in pad[0] and "." not in pad[0])


def _controleer_bron(m: Meldingen, bestand: str, waar: str, inhoud: Obj) -> None:
    bron = inhoud["bron"]
    if isinstance(bron, str) and is_homepagina(bron):
        m.waarschuwing(
            bestand,
            inhoud.regels["bron"],
            f"de bron van '{waar}' is een homepagina ({bron}); verwijs naar de pagina die dit feit noemt",
        )
    if "geverifieerd_op" not in inhoud:
        m.waarschuwing(
            bestand,
            inhoud.regels["bron"],
            f"'{waar}' heeft geen datum van controle (geverifieerd_op); "
            "de assistent noemt dit antwoord daarom 'niet bevestigd'",
            # marked 'status: onbevestigd' on purpose: a known state, summarised by `check`
            groep="onbevestigd" if inhoud.get("status") == "onbevestigd" else None,
        )


def controleer_vragen(ruw: Ruw, m: Meldingen) -> None:
    """Answer library: unique ids named after their file, existing references, honest statuses."""
    ids: dict[str, tuple[str, int]] = {}
    for regeling, data in ruw.kennis.items():
        for vraag in data.get("vragen") or ():
            vid = vraag.get("id")
            if vid is None:
                continue
            bestand, regel = kennis_bestand(regeling), vraag.regels["id"]
            if vid in ids:
                m.fout(bestand, regel, f"de id '{vid}' bestaat al ({ids[vid][0]}, regel {ids[vid][1]})")
                continue
            ids[vid] = (bestand, regel)
            if not vid.startswith(regeling + "."):
                m.fout(bestand, regel, f"de id '{vid}' moet beginnen met '{regeling}.' (de naam van dit bestand)")
            if vraag.get("status") == "geverifieerd" and "geverifieerd_op" not in vraag:
                m.fout(
                    bestand,
                    vraag.regels["status"],
                    f"'{vid}' heeft status geverifieerd maar geen geverifieerd_op; vul de datum van uw controle in "
                    "of zet 'status: onbevestigd'",
                )
    regio = ruw.regio.get("regelingen", {}) if ruw.regio is not None else None
    for regeling, data in ruw.kennis.items():
        bestand = kennis_bestand(regeling)
        for vraag in data.get("vragen") or ():
            vid = vraag.get("id", "?")
            zie_ook = vraag.get("zie_ook") or Lst(0)
            for ander, regel in zip(zie_ook, zie_ook.regels, strict=True):
                if ander not in ids:
                    m.fout(bestand, regel, f"'{vid}': zie_ook '{ander}' bestaat niet{_suggestie(ander, list(ids))}")
                elif ander == vid:
                    m.fout(bestand, regel, f"'{vid}' verwijst naar zichzelf in zie_ook")
            verwijzing = vraag.get("regel")
            if verwijzing is not None and regio is not None:
                r, _, key = verwijzing.partition(".")
                sleutels = list(regio.get(r, {}).get("regels", {})) if r in regio else []
                if not key or key not in sleutels:
                    alle = [f"{rr}.{k}" for rr, inh in regio.items() for k in inh.get("regels", {})]
                    m.fout(
                        bestand,
                        vraag.regels["regel"],
                        f"'{vid}': regel '{verwijzing}' bestaat niet in {REGIO}{_suggestie(verwijzing, alle)}",
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
            _controleer_geldigheid(
                m, wml.regels.get("perioden"), "het minimumloon", halfjaar_start(vandaag), set(gezien), vandaag
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
        jaren = {dt.date(jaar, 1, 1) for jaar, _ in paren}
        if jaren:
            _controleer_geldigheid(
                m, lkv.regel or None, "het loonkostenvoordeel", dt.date(vandaag.year, 1, 1), jaren, vandaag, jaarlijks=True
            )


ENV_WAARSCHUWING_WEKEN = "WSP_BEDRAGEN_WAARSCHUWING_WEKEN"


def waarschuwing_weken() -> int:
    """How many weeks before a statutory figure ends `check` warns that its successor is missing."""
    waarde = os.environ.get(ENV_WAARSCHUWING_WEKEN, "").strip()
    return int(waarde) if waarde.isdigit() else 6


def halfjaar_start(d: dt.date) -> dt.date:
    return dt.date(d.year, 1 if d.month < 7 else 7, 1)


def _controleer_geldigheid(
    m: Meldingen,
    regel: int | None,
    wat: str,
    huidig: dt.date,
    ingangsdata: set[dt.date],
    vandaag: dt.date,
    jaarlijks: bool = False,
) -> None:
    """A statutory figure that changes per half-year (or per year) must have a value for today; warn ahead of
    the end of the current period when the next one is missing."""
    if huidig not in ingangsdata:
        laatste = max((d for d in ingangsdata if d <= vandaag), default=None)
        sinds = f"; de assistent gebruikt nu dat van {datum_nl(laatste)} en zegt dat erbij" if laatste else ""
        m.verlopen(
            BEDRAGEN, regel, f"{wat} vanaf {datum_nl(huidig)} ontbreekt{sinds}. Voeg het toe, met bron"
        )
        return
    volgende = dt.date(huidig.year + 1, 1, 1) if jaarlijks or huidig.month == 7 else dt.date(huidig.year, 7, 1)
    if volgende not in ingangsdata and (volgende - vandaag).days <= 7 * waarschuwing_weken():
        m.waarschuwing(
            BEDRAGEN,
            regel,
            f"{wat} vanaf {datum_nl(volgende)} ontbreekt nog; voeg het toe (met bron) zodra het bekend is",
        )


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
            # a file with a syntax error is there: its own message names the line
            if gid not in ruw.gemeenten and gemeente_bestand(gid) not in ruw.onleesbaar:
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

