"""Periods, ISO weeks, Dutch local time and working hours. Pure functions, no I/O."""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Sequence

from wsp.overdracht.mail import MAANDEN
from wsp.overdracht.toewijzing import TIJDZONE

STANDAARD_WEKEN = 13  # default period: the current ISO week and the 12 before it
WERKDAG_BEGIN = time(9, 0)  # working hours for "time to first contact": Mon-Fri 09:00-17:00,
WERKDAG_EIND = time(17, 0)  # Dutch time; public holidays are not skipped (as uiterlijk_contact)

_DATUM_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DATUM_NL = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


class DatumFout(ValueError):
    """A Dutch message about a date the user typed."""


def lees_datum(tekst: str) -> date:
    """``2026-11-02`` or ``2-11-2026`` (also with / or .)."""
    m = _DATUM_ISO.match(tekst or "")
    if m:
        jaar, maand, dag = (int(x) for x in m.groups())
    else:
        m = _DATUM_NL.match(tekst or "")
        if not m:
            raise DatumFout(
                f"'{tekst}' is geen datum. Schrijf bijvoorbeeld 2026-11-02 of 2-11-2026."
            )
        dag, maand, jaar = (int(x) for x in m.groups())
    try:
        return date(jaar, maand, dag)
    except ValueError:
        raise DatumFout(f"'{tekst}' is geen bestaande datum.") from None


def datum_nl(dag: date) -> str:
    """'2 november 2026'."""
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def vandaag_nl() -> date:
    return datetime.now(TIJDZONE).date()


@dataclass(frozen=True)
class Periode:
    """Whole days in Dutch time, both ends included."""

    van: date
    tot: date

    @classmethod
    def maak(cls, van: date | None = None, tot: date | None = None) -> Periode:
        """Missing ends: up to today, from the Monday of the ISO week 12 weeks back."""
        tot = tot or vandaag_nl()
        if van is None:
            begin_week = tot - timedelta(days=tot.weekday())
            van = begin_week - timedelta(weeks=STANDAARD_WEKEN - 1)
        if van > tot:
            raise DatumFout(
                f"De begindatum ({datum_nl(van)}) ligt na de einddatum ({datum_nl(tot)})."
            )
        return cls(van, tot)

    @property
    def begin_utc(self) -> datetime:
        return datetime.combine(self.van, time(0), TIJDZONE).astimezone(timezone.utc)

    @property
    def eind_utc(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.tot + timedelta(days=1), time(0), TIJDZONE).astimezone(
            timezone.utc
        )

    def bevat(self, moment: datetime) -> bool:
        return self.van <= lokaal(moment).date() <= self.tot

    def weken(self) -> list[str]:
        """Every ISO week that overlaps the period, oldest first."""
        uit: list[str] = []
        dag = self.van
        while dag <= self.tot:
            w = iso_week(dag)
            if not uit or uit[-1] != w:
                uit.append(w)
            dag += timedelta(days=1)
        return uit

    @property
    def tekst(self) -> str:
        return f"{datum_nl(self.van)} t/m {datum_nl(self.tot)}"


def als_utc(moment: datetime) -> datetime:
    """Naive datetimes are UTC (as the handover tables store them)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def lokaal(moment: datetime) -> datetime:
    return als_utc(moment).astimezone(TIJDZONE)


def van_timestamp(ts: float) -> datetime:
    return datetime.fromtimestamp(float(ts), tz=timezone.utc)


def iso_week(moment: date | datetime) -> str:
    """'2026-W45' (a datetime is taken in Dutch time first)."""
    dag = lokaal(moment).date() if isinstance(moment, datetime) else moment
    jaar, week, _ = dag.isocalendar()
    return f"{jaar}-W{week:02d}"


def uren(begin: datetime, eind: datetime) -> float:
    return max(0.0, (als_utc(eind) - als_utc(begin)).total_seconds() / 3600)


def werkuren(begin: datetime, eind: datetime) -> float:
    """Hours between two moments that fall within working hours (Mon-Fri 09:00-17:00, Dutch time)."""
    b, e = lokaal(begin), lokaal(eind)
    if e <= b:
        return 0.0
    totaal = 0.0
    dag = b.date()
    while dag <= e.date():
        if dag.weekday() < 5:
            start = datetime.combine(dag, WERKDAG_BEGIN, TIJDZONE)
            stop = datetime.combine(dag, WERKDAG_EIND, TIJDZONE)
            overlap = (min(e, stop) - max(b, start)).total_seconds()
            if overlap > 0:
                totaal += overlap
        dag += timedelta(days=1)
    return totaal / 3600


def mediaan(waarden: Sequence[float]) -> float | None:
    return statistics.median(waarden) if waarden else None


def p90(waarden: Sequence[float]) -> float | None:
    """90th percentile, nearest-rank method: the smallest value with at least 90% at or below it."""
    if not waarden:
        return None
    geordend = sorted(waarden)
    return geordend[max(0, math.ceil(0.9 * len(geordend)) - 1)]
