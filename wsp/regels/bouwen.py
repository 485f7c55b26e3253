"""Turn checked file contents into the immutable records of model.py."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .meldingen import Melding
from .model import (
    Accountmanager,
    Afwezigheid,
    Afwijking,
    Bedragen,
    Bronvermelding,
    Gemeente,
    Link,
    Loonkostenvoordeel,
    Organisatie,
    Percentage,
    Regel,
    Regeling,
    RegioRegeling,
    Sectie,
    Servicenorm,
    Tarief,
    Toewijzing,
    Vraag,
    Wijziging,
    WmlPeriode,
)
from .plaatsen import PlaatsIndex
from .repository import Repository
from .ruw import Ruw
from .schema import Obj

SECTIES = ("wat_is_het", "voor_wie", "bedragen", "duur", "aanvragen", "termijnen", "wie_beslist")


def _vast(d: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(d))


def bouw_vraag(regeling: str, v: Obj) -> Vraag:
    regel = v.get("regel")
    wijziging = v.get("wijziging")
    return Vraag(
        id=v["id"],
        regeling=regeling,
        vraag=v["vraag"],
        voorbeelden=tuple(v["voorbeelden"]),
        antwoord=v["antwoord"],
        toelichting=v.get("toelichting"),
        bron=v["bron"],
        geverifieerd_op=v.get("geverifieerd_op"),
        status=v.get("status") or ("geverifieerd" if v.get("geverifieerd_op") else "onbevestigd"),
        zie_ook=tuple(v.get("zie_ook") or ()),
        regel=tuple(regel.split(".", 1)) if regel else None,  # type: ignore[arg-type]
        wijziging=Wijziging(wijziging["per"], wijziging["tekst"]) if wijziging else None,
        berekening=bool(v.get("berekening")),
    )


def bouw_regeling(regeling: str, d: Obj) -> Regeling:
    secties = {
        naam: Sectie(d[naam]["tekst"], d[naam]["bron"], d[naam]["geverifieerd_op"]) for naam in SECTIES if naam in d
    }
    links = d.get("links")
    return Regeling(
        id=regeling,
        naam=d["naam"],
        afkorting=d.get("afkorting"),
        status=d["status"],
        secties=_vast(secties),
        links=tuple(Link(item["titel"], item["url"]) for item in links["items"]) if links else (),
        links_bron=Bronvermelding(links["bron"], links["geverifieerd_op"]) if links else None,
        soort=d.get("soort") or "regeling",
        vragen=tuple(bouw_vraag(regeling, v) for v in d.get("vragen") or ()),
        volgorde=int(d.get("volgorde") or 99),
    )


def _percentage(d: Obj) -> Percentage:
    return Percentage(d["waarde"], d.get("uitleg"), d["bron"], d["geverifieerd_op"])


def bouw_bedragen(d: Obj) -> Bedragen:
    wml = d["minimumloon"]
    perioden = sorted(
        (WmlPeriode(p["ingangsdatum"], p["per_uur"], p["bron"], p["geverifieerd_op"]) for p in wml["perioden"]),
        key=lambda p: p.ingangsdatum,
    )
    lks = d["loonkostensubsidie"]
    return Bedragen(
        voltijd_uren_per_week=wml["voltijd_uren_per_week"],
        weken_per_jaar=wml["weken_per_jaar"],
        wml_bron=Bronvermelding(wml["bron"], wml["geverifieerd_op"]),
        perioden=tuple(perioden),
        vakantiebijslag=_percentage(lks["vakantiebijslag_pct"]),
        werkgeverslasten=_percentage(lks["werkgeverslasten_pct"]),
        maximum_wml=_percentage(lks["maximum_pct_wml"]),
        loonkostenvoordelen=tuple(
            Loonkostenvoordeel(
                v["jaar"], v["soort"], v["naam"], v["per_uur"], v["max_per_jaar"], v["duur"],
                v["doelgroepverklaring_nodig"], v["bron"], v["geverifieerd_op"],
            )
            for v in d["loonkostenvoordeel"]
        ),
        tarieven=tuple(
            Tarief(t["naam"], t["omschrijving"], t["bedrag"], t["bron"], t["geverifieerd_op"])
            for t in d.get("tarieven") or ()
        ),
    )


def bouw_gemeenten(d: Obj) -> dict[str, Gemeente]:
    return {
        gid: Gemeente(
            id=gid,
            naam=g["naam"],
            in_regio=g["in_regio"],
            lidmaatschap_bevestigd=g.get("lidmaatschap_bevestigd", True),
            arbeidsmarktregio=g.get("arbeidsmarktregio"),
            opmerking=g.get("opmerking"),
            plaatsen=tuple(g["plaatsen"]),
        )
        for gid, g in d["gemeenten"].items()
    }


def bouw_regio(d: Obj) -> dict[str, RegioRegeling]:
    uit = {}
    for regeling, r in d["regelingen"].items():
        regels = {
            key: Regel(
                key, x["naam"], x["waarde"], x.get("eenheid"), x["uitleg"], x["bron"], x["geverifieerd_op"],
                x.get("bij_aanvragen", False),
            )
            for key, x in r["regels"].items()
        }
        uit[regeling] = RegioRegeling(regeling, r["bevoegde_gemeente"], r.get("toelichting"), _vast(regels))
    return uit


def bouw_afwijkingen(gemeenten: dict[str, Obj]) -> dict[str, Mapping[str, Mapping[str, Afwijking]]]:
    uit = {}
    for gid, d in gemeenten.items():
        per_regeling = {}
        for regeling, items in d.get("afwijkingen", {}).items():
            per_regeling[regeling] = _vast(
                {
                    key: Afwijking(key, x["waarde"], x.get("eenheid"), x["uitleg"], x["reden"], x["bron"], x["geverifieerd_op"])
                    for key, x in items.items()
                }
            )
        uit[gid] = _vast(per_regeling)
    return uit


def bouw_accountmanagers(d: Obj) -> dict[str, Accountmanager]:
    uit = {}
    for am in d["accountmanagers"]:
        afwezig = am.get("afwezig")
        uit[am["id"]] = Accountmanager(
            id=am["id"],
            naam=am["naam"],
            rol=am["rol"],
            email=am["email"],
            telefoon=am["telefoon"],
            werkdagen=tuple(am["werkdagen"]),
            afwezig=Afwezigheid(afwezig["van"], afwezig["tot"]) if afwezig else None,
            vervanger=am.get("vervanger"),
            servicenorm_werkdagen=am.get("servicenorm_werkdagen"),
            fictief=am.get("fictief", False),
        )
    return uit


def bouw_repository(
    root: Path, ruw: Ruw, statussen: dict[str, str], waarschuwingen: tuple[Melding, ...]
) -> Repository:
    assert ruw.plaatsen is not None and ruw.bedragen is not None and ruw.regio is not None and ruw.rooster is not None
    gemeenten = bouw_gemeenten(ruw.plaatsen)
    buiten = {regio: tuple(p) for regio, p in ruw.plaatsen["buiten_regio"]["arbeidsmarktregios"].items()}
    index = PlaatsIndex(
        gemeenten, buiten, ruw.plaatsen.get("dubbelzinnig", ()), ruw.plaatsen.get("geen_plaats", ())
    )
    rooster = ruw.rooster
    toewijzing = tuple(
        Toewijzing(t["gemeente"], t["accountmanager"], t.get("sector"), t.get("bedrijfsgrootte"), regel)
        for t, regel in zip(rooster["toewijzing"], rooster["toewijzing"].regels, strict=True)
    )
    org = rooster["organisatie"]
    return Repository(
        root=root,
        regio_naam=ruw.plaatsen["regio"]["naam"],
        gemeenten=_vast(gemeenten),
        regelingen=_vast({r: bouw_regeling(r, d) for r, d in sorted(ruw.kennis.items())}),
        regio=_vast(bouw_regio(ruw.regio)),
        afwijkingen=_vast(bouw_afwijkingen(ruw.gemeenten)),
        bedragen=bouw_bedragen(ruw.bedragen),
        accountmanagers=_vast(bouw_accountmanagers(rooster)),
        toewijzing=toewijzing,
        organisatie=Organisatie(org["naam"], org["telefoon"], org["email"], org["website"]),
        servicenorm=Servicenorm(rooster["servicenorm"]["werkdagen"]),
        statussen=_vast(statussen),
        waarschuwingen=waarschuwingen,
        plaatsindex=index,
        rooster_ruw=_gewoon(rooster),
    )


def _gewoon(waarde: Any) -> Any:
    """Plain dicts and lists (as yaml.safe_load gives them) for readers outside this package."""
    if isinstance(waarde, dict):
        return {k: _gewoon(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_gewoon(v) for v in waarde]
    return waarde
