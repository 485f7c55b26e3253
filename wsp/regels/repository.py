"""The validated, immutable view of all content files, and the questions it answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

from . import berekening
from .meldingen import Melding
from .model import (
    Accountmanager,
    Afwijking,
    Bedragen,
    Berekening,
    EffectiveRules,
    Gemeente,
    Organisatie,
    PlaatsResolutie,
    Regeling,
    RegelItem,
    RegioRegeling,
    Servicenorm,
    Toewijzing,
    Vergelijking,
    Vraag,
)
from .plaatsen import PlaatsIndex
from .plaatshouders import plaatshouders, vul_in
from .rooster import Roster
from .zoeken import Drempels, VraagIndex


def _specifiek(t: Toewijzing) -> int:
    return (t.sector is not None) + (t.bedrijfsgrootte is not None)


class OnbekendeNaam(KeyError):
    """An unknown gemeente or regeling id was asked for (a programming error in the caller)."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Repository:
    root: Path
    regio_naam: str
    gemeenten: Mapping[str, Gemeente]
    regelingen: Mapping[str, Regeling]
    regio: Mapping[str, RegioRegeling]
    afwijkingen: Mapping[str, Mapping[str, Mapping[str, Afwijking]]]
    bedragen: Bedragen
    accountmanagers: Mapping[str, Accountmanager]
    toewijzing: tuple[Toewijzing, ...]
    organisatie: Organisatie
    servicenorm: Servicenorm
    statussen: Mapping[str, str]  # file -> voorbeeld | concept | geverifieerd
    waarschuwingen: tuple[Melding, ...]
    plaatsindex: PlaatsIndex = field(repr=False, compare=False)
    rooster_ruw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @cached_property
    def roster(self) -> Roster:
        """This validated roster as the handover code reads it (``wsp.regels.rooster.Roster``), so
        assignment and the texts always use the same, hot-reloaded version of the file."""
        return Roster.from_dict(dict(self.rooster_ruw))

    # -- answer library -------------------------------------------------------------------
    @cached_property
    def vragen(self) -> Mapping[str, Vraag]:
        """Every answer-library entry by id, in file order."""
        return {v.id: v for r in self.regelingen.values() for v in r.vragen}

    @cached_property
    def vraag_index(self) -> VraagIndex:
        """The search index over the answer library (built once per loaded version of the files)."""
        return self.maak_vraag_index()

    def maak_vraag_index(self, drempels: Drempels | None = None,
                         weglaten: frozenset[tuple[str, str]] = frozenset()) -> VraagIndex:
        """A search index over this version's entries, as the assistant builds it (the tuning and
        comparison scripts leave examples out with ``weglaten``)."""
        return VraagIndex(self.vragen.values(), drempels, weglaten=weglaten,
                          plaatsnamen=self.plaatsindex.plaatsnamen())

    def vul_in(self, tekst: str, op: dt.date | None = None) -> str:
        """Fill the {figure} placeholders of a text with the amounts valid on ``op`` (default today)."""
        return vul_in(tekst, plaatshouders(self.bedragen, op or dt.date.today()))

    # -- names ----------------------------------------------------------------------------
    def regeling(self, regeling: str) -> Regeling:
        try:
            return self.regelingen[regeling]
        except KeyError:
            raise OnbekendeNaam(f"onbekende regeling '{regeling}'") from None

    def gemeente(self, gemeente: str) -> Gemeente:
        """A gemeente by id, or by (place) name as an employer writes it."""
        if gemeente in self.gemeenten:
            return self.gemeenten[gemeente]
        r = self.resolve_plaats(gemeente)
        if r.gemeente is None:
            raise OnbekendeNaam(f"onbekende gemeente '{gemeente}'")
        return self.gemeenten[r.gemeente]

    @property
    def gemeenten_in_regio(self) -> tuple[Gemeente, ...]:
        return tuple(sorted((g for g in self.gemeenten.values() if g.in_regio), key=lambda g: g.naam))

    @property
    def gemeentelijke_regelingen(self) -> tuple[str, ...]:
        """Regelingen that municipalities shape (they have a regional baseline), in regio.yml's order."""
        return tuple(r for r in self.regio if r in self.regelingen)

    # -- places ---------------------------------------------------------------------------
    def resolve_plaats(self, text: str) -> PlaatsResolutie:
        return self.plaatsindex.resolve(text)

    def find_plaatsen(self, text: str) -> list[PlaatsResolutie]:
        return self.plaatsindex.scan(text)

    # -- rules ----------------------------------------------------------------------------
    def effective_rules(self, gemeente_id: str, regeling: str) -> EffectiveRules:
        g = self.gemeente(gemeente_id)
        self.regeling(regeling)
        basis = self.regio.get(regeling)
        if basis is None:
            return EffectiveRules(g.id, regeling, (), landelijk=True, bevoegde_gemeente=None)
        eigen = self.afwijkingen.get(g.id, {}).get(regeling, {})
        items = []
        for key, regel in basis.regels.items():
            afw = eigen.get(key)
            if afw is None:
                items.append(
                    RegelItem(key, regel.label, regel.value, regel.eenheid, regel.uitleg, "regio", None,
                              regel.bron, regel.geverifieerd_op, regel.value, regel.eenheid, regel.bij_aanvragen)
                )
            else:
                items.append(
                    RegelItem(key, regel.label, afw.value, afw.eenheid if afw.eenheid else regel.eenheid,
                              afw.uitleg, "gemeente", afw.reden, afw.bron, afw.geverifieerd_op,
                              regel.value, regel.eenheid, regel.bij_aanvragen)
                )
        return EffectiveRules(g.id, regeling, tuple(items), landelijk=False, bevoegde_gemeente=basis.bevoegde_gemeente)

    def compare(self, gemeente_a: str, gemeente_b: str, regeling: str) -> Vergelijking:
        a = self.effective_rules(gemeente_a, regeling)
        b = self.effective_rules(gemeente_b, regeling)
        verschillen, gelijk = [], []
        for item_a in a.items:
            item_b = b.item(item_a.key)
            assert item_b is not None
            paar = (item_a, item_b)
            if (item_a.value, item_a.eenheid) == (item_b.value, item_b.eenheid):
                gelijk.append(paar)
            else:
                verschillen.append(paar)
        return Vergelijking(regeling, a, b, tuple(verschillen), tuple(gelijk))

    # -- figures --------------------------------------------------------------------------
    def lks_indicatie(
        self, uren_per_week: object, loonwaarde_pct: object, jaar: object, maand: object | None = None
    ) -> Berekening:
        """Raises berekening.InvoerFout (Dutch message) on invalid input."""
        return berekening.lks_indicatie(self.bedragen, uren_per_week, loonwaarde_pct, jaar, maand)

    def sectie_tekst(self, regeling: str, sectie: str, op: dt.date | None = None) -> str | None:
        """A knowledge section with its {figures} filled in for date ``op`` (default today)."""
        s = self.regeling(regeling).sectie(sectie)
        if s is None:
            return None
        return vul_in(s.tekst, plaatshouders(self.bedragen, op or dt.date.today()))

    # -- accountmanagers ------------------------------------------------------------------
    def toewijzing_voor(
        self, gemeente: str, sector: str | None = None, bedrijfsgrootte: str | None = None
    ) -> Toewijzing | None:
        """The assignment line for these facts: the most specific matching line wins, the first of
        equally specific ones (the same rule wsp.overdracht.toewijzing applies)."""
        beste: Toewijzing | None = None
        for t in self.toewijzing:
            if t.gemeente != gemeente:
                continue
            if t.sector is not None and t.sector != sector:
                continue
            if t.bedrijfsgrootte is not None and t.bedrijfsgrootte != bedrijfsgrootte:
                continue
            if beste is None or _specifiek(t) > _specifiek(beste):
                beste = t
        return beste

    def beschikbare_accountmanager(self, accountmanager_id: str, op: dt.date | None = None) -> Accountmanager:
        """The accountmanager, or their substitute (followed along a chain) while they are absent."""
        op = op or dt.date.today()
        am = self.accountmanagers[accountmanager_id]
        gezien = {am.id}
        while am.is_afwezig(op) and am.vervanger and am.vervanger not in gezien:
            am = self.accountmanagers[am.vervanger]
            gezien.add(am.id)
        return am

    def servicenorm_werkdagen(self, accountmanager_id: str) -> int:
        am = self.accountmanagers[accountmanager_id]
        return am.servicenorm_werkdagen or self.servicenorm.werkdagen
