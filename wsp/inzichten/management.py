"""The management figures per ISO week and per municipality: conversations, topics, handovers
(rate and reasons), time to first contact, 👍/👎. Aggregates only: no names, addresses, free text
or conversation ids leave this module."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, TextIO

from wsp.overdracht.mail import REDEN_LABELS, gemeente_naam, regeling_naam
from wsp.overdracht.models import REDENEN as REDEN_IDS
from wsp.regels import regeling_namen

from .bronnen import OverdrachtRij
from .gesprekken import Gesprek
from .periode import Periode, als_utc, iso_week, mediaan, p90, uren, werkuren

ONBEKEND = "onbekend"  # conversations in which no municipality was given
TOTAAL = "totaal"


def gemeente_label(gemeente: str) -> str:
    if gemeente == ONBEKEND:
        return "Onbekend"
    if gemeente == TOTAAL:
        return "Alle gemeenten"
    return gemeente_naam(gemeente)


@dataclass
class Cel:
    """Figures for one week and one municipality (or a total: ``week``/``gemeente`` = 'totaal')."""

    week: str
    gemeente: str
    gesprekken: int = 0
    met_overdracht: int = 0  # conversations that ended in a handover
    overdrachten: int = 0
    onbegrepen: int = 0  # messages not understood or out of scope
    positief: int = 0
    negatief: int = 0
    zonder_contact: int = 0  # handovers still open without a first contact
    onderwerpen: Counter[str] = field(default_factory=Counter)  # regeling -> conversations
    redenen: Counter[str] = field(default_factory=Counter)
    contact_uren: list[float] = field(default_factory=list)
    contact_werkuren: list[float] = field(default_factory=list)

    @property
    def escalatiegraad(self) -> float | None:
        """Share of conversations that ended in a handover (0..1), None without conversations."""
        return self.met_overdracht / self.gesprekken if self.gesprekken else None

    @property
    def aandeel_negatief(self) -> float | None:
        beoordeeld = self.positief + self.negatief
        return self.negatief / beoordeeld if beoordeeld else None

    def voeg_toe(self, andere: Cel) -> None:
        for naam in ("gesprekken", "met_overdracht", "overdrachten", "onbegrepen", "positief",
                     "negatief", "zonder_contact"):
            setattr(self, naam, getattr(self, naam) + getattr(andere, naam))
        self.onderwerpen.update(andere.onderwerpen)
        self.redenen.update(andere.redenen)
        self.contact_uren.extend(andere.contact_uren)
        self.contact_werkuren.extend(andere.contact_werkuren)


@dataclass(frozen=True)
class Koppeling:
    """Which handover belongs to which conversation (``gesprek_id`` is Rasa's sender id; the
    session is the last one that started before the handover was made)."""

    per_gesprek: dict[str, list[OverdrachtRij]]  # Gesprek.sleutel -> handovers
    los: list[OverdrachtRij]  # handovers without a conversation in the tracker data


def koppel(gesprekken: Iterable[Gesprek], overdrachten: Iterable[OverdrachtRij]) -> Koppeling:
    per_afzender: dict[str, list[Gesprek]] = {}
    for g in gesprekken:
        per_afzender.setdefault(g.sender_id, []).append(g)
    per_gesprek: dict[str, list[OverdrachtRij]] = {}
    los = []
    for o in overdrachten:
        moment = als_utc(o.aangemaakt_op)
        kandidaten = [g for g in per_afzender.get(o.gesprek_id, []) if g.begin and g.begin <= moment]
        if kandidaten:
            g = max(kandidaten, key=lambda x: x.begin)
            per_gesprek.setdefault(g.sleutel, []).append(o)
        else:
            los.append(o)
    return Koppeling(per_gesprek, los)


@dataclass(frozen=True)
class Managementrapport:
    periode: Periode
    cellen: tuple[Cel, ...]  # week x gemeente, only where something happened
    per_week: tuple[Cel, ...]  # every week of the period, also empty ones
    per_gemeente: tuple[Cel, ...]
    totaal: Cel

    @property
    def gemeenten(self) -> tuple[str, ...]:
        return tuple(c.gemeente for c in self.per_gemeente)


def _gemeente_volgorde(g: str) -> tuple[int, str]:
    return (1 if g == ONBEKEND else 0, g)


def _overdracht_in_cel(cel: Cel, o: OverdrachtRij) -> None:
    cel.overdrachten += 1
    cel.redenen[o.reden] += 1
    if o.eerste_contact_op is not None:
        cel.contact_uren.append(uren(o.aangemaakt_op, o.eerste_contact_op))
        cel.contact_werkuren.append(werkuren(o.aangemaakt_op, o.eerste_contact_op))
    elif o.status != "afgerond":
        cel.zonder_contact += 1


def maak_managementrapport(
    gesprekken: Iterable[Gesprek], overdrachten: Iterable[OverdrachtRij], periode: Periode
) -> Managementrapport:
    alle = [g for g in gesprekken if g.begin is not None and periode.bevat(g.begin)]
    overdrachten = list(overdrachten)
    koppeling = koppel(alle, overdrachten)
    cellen: dict[tuple[str, str], Cel] = {}

    def cel(week: str, gemeente: str | None) -> Cel:
        sleutel = (week, gemeente or ONBEKEND)
        if sleutel not in cellen:
            cellen[sleutel] = Cel(*sleutel)
        return cellen[sleutel]

    for g in alle:
        c = cel(iso_week(g.begin), g.gemeente)
        c.gesprekken += 1
        c.onbegrepen += g.onbegrepen + g.buiten_bereik
        c.positief += g.positief
        c.negatief += g.negatief
        c.onderwerpen.update(set(g.regelingen))
        eigen = koppeling.per_gesprek.get(g.sleutel, [])
        if eigen:
            c.met_overdracht += 1
        for o in eigen:
            _overdracht_in_cel(c, o)
    for o in koppeling.los:  # still counted (reasons, contact times), by their own week and gemeente
        if periode.bevat(o.aangemaakt_op):
            _overdracht_in_cel(cel(iso_week(als_utc(o.aangemaakt_op)), o.gemeente), o)

    geordend = tuple(sorted(cellen.values(), key=lambda c: (c.week, _gemeente_volgorde(c.gemeente))))
    per_week = {w: Cel(w, TOTAAL) for w in periode.weken()}
    per_gemeente: dict[str, Cel] = {}
    totaal = Cel(TOTAAL, TOTAAL)
    for c in geordend:
        per_week.setdefault(c.week, Cel(c.week, TOTAAL)).voeg_toe(c)
        per_gemeente.setdefault(c.gemeente, Cel(TOTAAL, c.gemeente)).voeg_toe(c)
        totaal.voeg_toe(c)
    return Managementrapport(
        periode=periode,
        cellen=geordend,
        per_week=tuple(per_week[w] for w in sorted(per_week)),
        per_gemeente=tuple(per_gemeente[g] for g in sorted(per_gemeente, key=_gemeente_volgorde)),
        totaal=totaal,
    )


# --- output ----------------------------------------------------------------------------------


def _getal(waarde: float | None, decimalen: int = 1) -> str:
    """Dutch decimal comma; empty when there is no value."""
    if waarde is None:
        return ""
    return f"{waarde:.{decimalen}f}".replace(".", ",")


def _pct(waarde: float | None) -> str:
    return "" if waarde is None else _getal(100 * waarde)


def csv_kolommen(regeling_ids: tuple[str, ...]) -> tuple[str, ...]:
    return (
        "niveau", "week", "gemeente", "gesprekken", "gesprekken_met_overdracht",
        "escalatiegraad_pct", "overdrachten",
        *(f"reden_{r}" for r in REDEN_IDS),
        *(f"onderwerp_{r}" for r in regeling_ids),
        "onbegrepen_vragen", "duim_omhoog", "duim_omlaag",
        "eerste_contact_aantal", "eerste_contact_mediaan_uren", "eerste_contact_p90_uren",
        "eerste_contact_mediaan_werkuren", "eerste_contact_p90_werkuren", "nog_geen_contact",
    )


def _cel_tekst(waarde: str) -> str:
    """No formulas in a spreadsheet: a municipality id comes from a slot value."""
    return "'" + waarde if waarde[:1] in ("=", "+", "-", "@") else waarde


def _csv_rij(niveau: str, c: Cel, regeling_ids: tuple[str, ...]) -> list[str | int]:
    return [
        niveau, c.week, _cel_tekst(c.gemeente), c.gesprekken, c.met_overdracht, _pct(c.escalatiegraad),
        c.overdrachten,
        *(c.redenen.get(r, 0) for r in REDEN_IDS),
        *(c.onderwerpen.get(r, 0) for r in regeling_ids),
        c.onbegrepen, c.positief, c.negatief,
        len(c.contact_uren), _getal(mediaan(c.contact_uren)), _getal(p90(c.contact_uren)),
        _getal(mediaan(c.contact_werkuren)), _getal(p90(c.contact_werkuren)), c.zonder_contact,
    ]


def schrijf_csv(r: Managementrapport, uit: TextIO) -> None:
    """Semicolon-separated with decimal commas (opens directly in Dutch Excel). One row per week and
    municipality (``niveau`` = week_gemeente), then the totals per week, per municipality and overall."""
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    regeling_ids = tuple(regeling_namen())
    schrijver.writerow(csv_kolommen(regeling_ids))
    for c in r.cellen:
        schrijver.writerow(_csv_rij("week_gemeente", c, regeling_ids))
    for c in r.per_week:
        schrijver.writerow(_csv_rij("week", c, regeling_ids))
    for c in r.per_gemeente:
        schrijver.writerow(_csv_rij("gemeente", c, regeling_ids))
    schrijver.writerow(_csv_rij("totaal", r.totaal, regeling_ids))


def _uren_tekst(waarden: list[float]) -> str:
    if not waarden:
        return "–"
    return f"{_getal(mediaan(waarden))} / {_getal(p90(waarden))}"


def _regel(label: str, c: Cel) -> str:
    return (
        f"{label:<24} {c.gesprekken:>9} {c.met_overdracht:>9} {_pct(c.escalatiegraad) or '–':>7}"
        f" {c.overdrachten:>7} {c.onbegrepen:>9} {c.positief:>4} {c.negatief:>4}"
        f"  {_uren_tekst(c.contact_werkuren):>13}  {_uren_tekst(c.contact_uren):>13}"
    )


def als_tekst(r: Managementrapport) -> str:
    kop = (
        f"{'':<24} {'gesprekken':>9} {'overgedr.':>9} {'esc. %':>7} {'overdr.':>7} {'onbegrepen':>9}"
        f" {'👍':>4} {'👎':>4}  {'werkuren m/p90':>13}  {'uren m/p90':>13}"
    )
    regels = [f"Managementoverzicht — {r.periode.tekst}", "", "Per week en gemeente", kop]
    week = None
    for c in r.cellen:
        if c.week != week:
            week = c.week
            regels.append(f"{week}")
        regels.append(_regel(f"  {gemeente_label(c.gemeente)}", c))
    regels += ["", "Per week", kop]
    regels += [_regel(c.week, c) for c in r.per_week]
    regels += ["", "Per gemeente", kop]
    regels += [_regel(gemeente_label(c.gemeente), c) for c in r.per_gemeente]
    regels += ["", _regel("Totaal", r.totaal), ""]
    t = r.totaal
    regels.append("Onderwerpen (gesprekken per regeling):")
    if t.onderwerpen:
        regels += [f"  {regeling_naam(k):<28} {n:>5}" for k, n in t.onderwerpen.most_common()]
    else:
        regels.append("  –")
    regels.append("Redenen van overdracht:")
    if t.redenen:
        regels += [f"  {REDEN_LABELS.get(k, k):<40} {n:>5}" for k, n in t.redenen.most_common()]
    else:
        regels.append("  –")
    regels += [
        "",
        f"Tijd tot eerste contact: mediaan / p90, over {len(t.contact_uren)} overdracht(en) met contact; "
        f"{t.zonder_contact} nog zonder contact.",
        "Werkuren: maandag t/m vrijdag 9:00–17:00 (Nederlandse tijd).",
    ]
    return "\n".join(regels) + "\n"
