"""Typed, immutable records the rest of the code base reads. No I/O here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Mapping, Union

from .opmaak import kort_bron, waarde_tekst

RegelWaarde = Union[str, Decimal, bool, tuple[str, ...]]
Herkomst = Literal["regio", "gemeente"]


@dataclass(frozen=True)
class Bronvermelding:
    bron: str
    geverifieerd_op: dt.date

    @property
    def kort(self) -> str:
        return kort_bron(self.bron)


@dataclass(frozen=True)
class Sectie:
    tekst: str
    bron: str
    geverifieerd_op: dt.date

    @property
    def bronvermelding(self) -> Bronvermelding:
        return Bronvermelding(self.bron, self.geverifieerd_op)


@dataclass(frozen=True)
class Link:
    titel: str
    url: str


@dataclass(frozen=True)
class Wijziging:
    per: dt.date
    tekst: str


@dataclass(frozen=True)
class Vraag:
    """One entry of the answer library: a question employers ask and the answer to exactly that."""

    id: str
    regeling: str
    vraag: str
    voorbeelden: tuple[str, ...]
    antwoord: str
    toelichting: str | None
    bron: str
    geverifieerd_op: dt.date | None
    status: str  # geverifieerd | onbevestigd
    zie_ook: tuple[str, ...]
    regel: tuple[str, str] | None  # (regeling, regel key) in regional_rules/regio.yml
    wijziging: Wijziging | None
    berekening: bool = False  # offer the LKS calculation under the answer

    @property
    def onbevestigd(self) -> bool:
        return self.status != "geverifieerd"

    @property
    def bronvermelding(self) -> Bronvermelding | None:
        return Bronvermelding(self.bron, self.geverifieerd_op) if self.geverifieerd_op else None


@dataclass(frozen=True)
class Regeling:
    """National facts about one instrument or topic (knowledge/<id>.yml), with its answer library."""

    id: str
    naam: str
    afkorting: str | None
    status: str
    secties: Mapping[str, Sectie]
    links: tuple[Link, ...]
    links_bron: Bronvermelding | None
    soort: str = "regeling"  # regeling | onderwerp | verwijzing
    vragen: tuple[Vraag, ...] = ()
    volgorde: int = 99  # position among the instrument buttons

    def sectie(self, naam: str) -> Sectie | None:
        return self.secties.get(naam)


@dataclass(frozen=True)
class Gemeente:
    id: str
    naam: str
    in_regio: bool
    lidmaatschap_bevestigd: bool
    arbeidsmarktregio: str | None  # the region it belongs to when not in ours
    opmerking: str | None
    plaatsen: tuple[str, ...]


@dataclass(frozen=True)
class Regel:
    """One item of the regional baseline."""

    key: str
    label: str
    value: RegelWaarde
    eenheid: str | None
    uitleg: str
    bron: str
    geverifieerd_op: dt.date
    bij_aanvragen: bool = False


@dataclass(frozen=True)
class Afwijking:
    """A municipality's deviation from one baseline item."""

    key: str
    value: RegelWaarde
    eenheid: str | None
    uitleg: str
    reden: str
    bron: str
    geverifieerd_op: dt.date


@dataclass(frozen=True)
class RegioRegeling:
    regeling: str
    bevoegde_gemeente: str  # 'woongemeente_werknemer' | 'vestigingsgemeente_werkgever'
    toelichting: str | None
    regels: Mapping[str, Regel]


@dataclass(frozen=True)
class RegelItem:
    """One effective rule for a municipality: the baseline, or the municipality's deviation."""

    key: str
    label: str
    value: RegelWaarde
    eenheid: str | None
    uitleg: str
    herkomst: Herkomst
    reden: str | None
    bron: str
    geverifieerd_op: dt.date
    regio_value: RegelWaarde
    regio_eenheid: str | None
    bij_aanvragen: bool = False

    @property
    def maatwerk(self) -> bool:
        return self.value == "maatwerk"

    @property
    def geen_regel(self) -> bool:
        return self.value == "geen_regel"

    @property
    def is_afwijking(self) -> bool:
        return self.herkomst == "gemeente"

    @property
    def tekst(self) -> str:
        return waarde_tekst(self.value, self.eenheid)

    @property
    def regio_tekst(self) -> str:
        return waarde_tekst(self.regio_value, self.regio_eenheid)

    @property
    def regio_tekst_kort(self) -> str:
        """The regional value; without the unit when the unit is the same as the local one."""
        if self.eenheid == self.regio_eenheid and not isinstance(self.regio_value, (bool, tuple)):
            return waarde_tekst(self.regio_value)
        return self.regio_tekst

    @property
    def bronvermelding(self) -> Bronvermelding:
        return Bronvermelding(self.bron, self.geverifieerd_op)


@dataclass(frozen=True)
class EffectiveRules:
    gemeente: str
    regeling: str
    items: tuple[RegelItem, ...]
    landelijk: bool  # no municipal rules: the regeling is the same everywhere
    bevoegde_gemeente: str | None

    @property
    def maatwerk(self) -> bool:
        return any(i.maatwerk for i in self.items)

    @property
    def geen_regel(self) -> bool:
        return any(i.geen_regel for i in self.items)

    @property
    def afwijkingen(self) -> tuple[RegelItem, ...]:
        return tuple(i for i in self.items if i.is_afwijking)

    def item(self, key: str) -> RegelItem | None:
        return next((i for i in self.items if i.key == key), None)


@dataclass(frozen=True)
class Vergelijking:
    regeling: str
    a: EffectiveRules
    b: EffectiveRules
    verschillen: tuple[tuple[RegelItem, RegelItem], ...]
    gelijk: tuple[tuple[RegelItem, RegelItem], ...]


@dataclass(frozen=True)
class PlaatsResolutie:
    invoer: str
    naam: str | None  # the place as we write it ('Velp'), None when nothing matched
    gemeente: str | None  # gemeente id, None for places outside our table of gemeenten
    gemeente_naam: str | None
    in_regio: bool
    arbeidsmarktregio: str | None  # for places outside the region
    exact: bool  # False when matched despite a typo

    @property
    def gevonden(self) -> bool:
        return self.naam is not None

    @property
    def plaats(self) -> str | None:
        """Alias of ``naam``: the place as we write it."""
        return self.naam


@dataclass(frozen=True)
class WmlPeriode:
    ingangsdatum: dt.date
    per_uur: Decimal
    bron: str
    geverifieerd_op: dt.date


@dataclass(frozen=True)
class Percentage:
    waarde: Decimal
    uitleg: str | None
    bron: str
    geverifieerd_op: dt.date


@dataclass(frozen=True)
class Tarief:
    """A fixed amount of UWV or a municipality (a fee, say) that texts quote as {tarief_<naam>}."""

    naam: str
    omschrijving: str
    bedrag: Decimal
    bron: str
    geverifieerd_op: dt.date


@dataclass(frozen=True)
class Loonkostenvoordeel:
    jaar: int
    soort: str
    naam: str
    per_uur: Decimal
    max_per_jaar: Decimal
    duur: str
    doelgroepverklaring_nodig: bool
    bron: str
    geverifieerd_op: dt.date


@dataclass(frozen=True)
class Bedragen:
    voltijd_uren_per_week: Decimal
    weken_per_jaar: Decimal
    wml_bron: Bronvermelding
    perioden: tuple[WmlPeriode, ...]  # sorted by ingangsdatum
    vakantiebijslag: Percentage
    werkgeverslasten: Percentage
    maximum_wml: Percentage
    loonkostenvoordelen: tuple[Loonkostenvoordeel, ...]
    tarieven: tuple[Tarief, ...] = ()

    def wml_op(self, datum: dt.date) -> WmlPeriode | None:
        geldig = [p for p in self.perioden if p.ingangsdatum <= datum]
        return geldig[-1] if geldig else None

    def lkv(self, jaar: int) -> tuple[Loonkostenvoordeel, ...]:
        """The LKV amounts of ``jaar``, or of the latest earlier year in the data."""
        jaren = sorted({v.jaar for v in self.loonkostenvoordelen if v.jaar <= jaar})
        if not jaren:
            return ()
        return tuple(v for v in self.loonkostenvoordelen if v.jaar == jaren[-1])


@dataclass(frozen=True)
class Stap:
    omschrijving: str  # Dutch, with the figures
    bedrag: Decimal


@dataclass(frozen=True)
class Berekening:
    """An indicative LKS calculation, per month, gross; every intermediate figure rounded to cents."""

    uren_per_week: Decimal
    loonwaarde_pct: Decimal
    peildatum: dt.date
    wml: WmlPeriode
    weken_per_jaar: Decimal
    wml_per_maand: Decimal  # without holiday allowance
    vakantiebijslag_pct: Decimal
    vakantiebijslag: Decimal
    grondslag: Decimal  # WML per month including holiday allowance: the basis of the subsidy
    loonwaarde_bedrag: Decimal
    verschil: Decimal
    maximum_pct: Decimal
    maximum: Decimal
    begrensd: bool
    lks: Decimal
    werkgeverslasten_pct: Decimal
    werkgeverslasten: Decimal
    totaal: Decimal
    stappen: tuple[Stap, ...]
    bronnen: tuple[Bronvermelding, ...]
    waarschuwingen: tuple[str, ...]  # Dutch notes, e.g. when the WML of the period is missing


@dataclass(frozen=True)
class Afwezigheid:
    van: dt.date
    tot: dt.date

    def omvat(self, datum: dt.date) -> bool:
        return self.van <= datum <= self.tot


@dataclass(frozen=True)
class Accountmanager:
    id: str
    naam: str
    rol: str
    email: str
    telefoon: str
    werkdagen: tuple[str, ...]
    afwezig: Afwezigheid | None
    vervanger: str | None
    servicenorm_werkdagen: int | None
    fictief: bool

    def is_afwezig(self, datum: dt.date) -> bool:
        return self.afwezig is not None and self.afwezig.omvat(datum)


@dataclass(frozen=True)
class Toewijzing:
    gemeente: str
    accountmanager: str
    sector: str | None
    bedrijfsgrootte: str | None
    regel: int  # line in accountmanagers.yml, for messages


@dataclass(frozen=True)
class Organisatie:
    naam: str
    telefoon: str
    email: str
    website: str


@dataclass(frozen=True)
class Servicenorm:
    werkdagen: int
