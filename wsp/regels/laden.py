"""Read every content file, check it against the schema and across files, build the Repository."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import schemas
from .bouwen import bouw_repository
from .controles import controleer_alles
from .meldingen import Melding, Meldingen, OngeldigeGegevens
from .namen import (
    BEDRAGEN,
    GEMEENTEN_MAP,
    KENNIS_MAP,
    PLAATSEN,
    REGELS_MAP,
    REGIO,
    ROOSTER,
    gemeente_bestand,
    kennis_bestand,
    kennis_ids,
)
from .repository import Repository
from .ruw import Ruw
from .schema import Context, Obj, Schema
from .yamlbron import KMap, lees_yaml

STANDAARD_MAX_DAGEN = 365
ENV_MAX_DAGEN = "WSP_VERIFICATIE_MAX_DAGEN"

_STATUS_TEKST = {
    "voorbeeld": (
        "dit bestand bevat VOORBEELDGEGEVENS (status: voorbeeld); laat de redactie alles controleren "
        "en zet daarna 'status: geverifieerd'"
    ),
    "concept": (
        "dit bestand is een concept (status: concept): de feiten komen uit openbare bronnen maar zijn nog niet "
        "door de redactie gecontroleerd; zet na controle 'status: geverifieerd'"
    ),
}


def max_dagen_uit_omgeving() -> int:
    waarde = os.environ.get(ENV_MAX_DAGEN, "").strip()
    if waarde.isdigit() and int(waarde) > 0:
        return int(waarde)
    return STANDAARD_MAX_DAGEN


@dataclass(frozen=True)
class Controle:
    """The outcome of checking all files: a Repository when there were no errors."""

    repository: Repository | None
    fouten: tuple[Melding, ...]
    waarschuwingen: tuple[Melding, ...]

    @property
    def ok(self) -> bool:
        return not self.fouten


class _Lezer:
    def __init__(self, root: Path, vandaag: dt.date, max_dagen: int) -> None:
        self.root = root
        self.vandaag = vandaag
        self.max_dagen = max_dagen
        self.meldingen = Meldingen()
        self.ruw = Ruw()
        self.statussen: dict[str, str] = {}

    def lees(self, rel: str, schema: Schema) -> Obj | None:
        pad = self.root / rel
        if not pad.is_file():
            self.meldingen.fout(rel, None, "bestand ontbreekt")
            return None
        self.ruw.onleesbaar.add(rel)  # until it has been read
        try:
            tekst = pad.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.meldingen.fout(rel, None, "het bestand is geen UTF-8-tekst; sla het op als UTF-8")
            return None
        except OSError as fout:
            self.meldingen.fout(rel, None, f"het bestand kan niet worden gelezen ({fout.strerror})")
            return None
        knoop = lees_yaml(tekst, rel, self.meldingen)
        if knoop is None:
            return None
        if not isinstance(knoop, KMap):
            self.meldingen.fout(rel, knoop.regel, "het bestand moet beginnen met sleutels (zoals 'status: ...')")
            return None
        self.ruw.bronteksten[rel] = tekst
        if not tekst.lstrip().startswith("#"):
            self.meldingen.waarschuwing(rel, 1, "begin het bestand met commentaarregels (#) die zeggen wat erin staat")
        ctx = Context(rel, self.meldingen, self.vandaag, self.max_dagen)
        data = schema.controleer(knoop, ctx, ())
        self.ruw.verwijzingen.extend(ctx.verwijzingen)
        if not isinstance(data, Obj):
            return None
        self.ruw.onleesbaar.discard(rel)
        status = data.get("status")
        if status is not None:
            self.statussen[rel] = status
            if status in _STATUS_TEKST:
                self.meldingen.waarschuwing(rel, data.regels["status"], _STATUS_TEKST[status], groep="status")
        return data

    def onverwachte_bestanden(self, map_rel: str, verwacht: set[str]) -> None:
        map_pad = self.root / map_rel
        if not map_pad.is_dir():
            return
        for pad in sorted(map_pad.iterdir()):
            rel = f"{map_rel}/{pad.name}"
            if pad.suffix == ".yaml":
                self.meldingen.fout(rel, None, "gebruik de extensie .yml in plaats van .yaml")
            elif pad.suffix == ".yml" and rel not in verwacht:
                self.meldingen.fout(rel, None, "onbekend bestand; dit bestand wordt niet gebruikt")


def controleer(root: Path, vandaag: dt.date | None = None, max_dagen: int | None = None) -> Controle:
    """Check every content file under ``root``; never raises for content problems."""
    root = Path(root)
    lezer = _Lezer(root, vandaag or dt.date.today(), max_dagen or max_dagen_uit_omgeving())
    ruw = lezer.ruw
    regelingen = kennis_ids(root)
    ruw.regeling_ids = regelingen
    for regeling in regelingen:
        data = lezer.lees(kennis_bestand(regeling), schemas.KENNIS)
        if data is not None:
            ruw.kennis[regeling] = data
    ruw.bedragen = lezer.lees(BEDRAGEN, schemas.BEDRAGEN)
    ruw.plaatsen = lezer.lees(PLAATSEN, schemas.PLAATSEN)
    ruw.regio = lezer.lees(REGIO, schemas.REGIO)
    ruw.rooster = lezer.lees(ROOSTER, schemas.ROOSTER)
    gemeenten_map = root / GEMEENTEN_MAP
    if gemeenten_map.is_dir():
        for pad in sorted(gemeenten_map.glob("*.yml")):
            data = lezer.lees(gemeente_bestand(pad.stem), schemas.GEMEENTE)
            if data is not None:
                ruw.gemeenten[pad.stem] = data
    lezer.onverwachte_bestanden(KENNIS_MAP, {kennis_bestand(r) for r in regelingen} | {BEDRAGEN, PLAATSEN})
    lezer.onverwachte_bestanden(REGELS_MAP, {REGIO, ROOSTER})
    lezer.onverwachte_bestanden(GEMEENTEN_MAP, {gemeente_bestand(p.stem) for p in gemeenten_map.glob("*.yml")})
    controleer_alles(ruw, lezer.meldingen, lezer.vandaag)

    fouten, waarschuwingen = lezer.meldingen.fouten, lezer.meldingen.waarschuwingen
    repository = None
    if not fouten:
        repository = bouw_repository(root, ruw, lezer.statussen, waarschuwingen)
    return Controle(repository, fouten, waarschuwingen)


def load_repository(root: Path, vandaag: dt.date | None = None, max_dagen: int | None = None) -> Repository:
    """Load and validate all content files; raises OngeldigeGegevens with Dutch messages on errors."""
    uitkomst = controleer(root, vandaag, max_dagen)
    if uitkomst.repository is None:
        raise OngeldigeGegevens(uitkomst.fouten, uitkomst.waarschuwingen)
    return uitkomst.repository
