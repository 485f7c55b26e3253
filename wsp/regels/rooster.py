"""The accountmanager roster (``regional_rules/accountmanagers.yml``) as the handover code reads
it: accountmanagers with their absences and substitutes, the assignment lines, the service norm.

It lives with the other readers of the editors' files: ``Repository.roster`` builds it from the
validated file, and ``wsp.overdracht.toewijzing`` (assignment, sticky employers) uses it. The reader
is tolerant and only needs the file's shape:

    servicenorm: {werkdagen: 2}
    accountmanagers: [{id, naam, rol, email, telefoon, werkdagen, afwezig, vervanger, ...}]
    toewijzing: [{gemeente?, sector?, bedrijfsgrootte?, accountmanager}]
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .namen import ROOSTER

# the handover code's logger, as before the roster model moved here
log = logging.getLogger("wsp.overdracht.toewijzing")

ROSTER_PATH = Path(__file__).resolve().parents[2] / ROOSTER
CRITERIA = ("gemeente", "sector", "bedrijfsgrootte")
STANDAARD_SERVICENORM = 2


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        log.warning("event=roster_ongeldige_datum waarde=%r", value)
        return None


@dataclass(frozen=True)
class Afwezigheid:
    van: date | None
    tot: date | None  # inclusive: "tot" reads as "tot en met"

    def geldt_op(self, dag: date) -> bool:
        return (self.van is None or self.van <= dag) and (self.tot is None or dag <= self.tot)


@dataclass(frozen=True)
class Accountmanager:
    id: str
    naam: str
    rol: str = "Accountmanager werkgevers"
    email: str = ""
    telefoon: str = ""
    werkdagen: tuple[str, ...] = ("ma", "di", "wo", "do", "vr")
    afwezig: tuple[Afwezigheid, ...] = ()
    vervanger: str | None = None
    servicenorm_werkdagen: int | None = None
    fictief: bool = False

    def is_afwezig(self, op: date) -> bool:
        return any(a.geldt_op(op) for a in self.afwezig)

    @classmethod
    def from_dict(cls, d: dict) -> Accountmanager:
        afwezig_raw = d.get("afwezig")
        periods = afwezig_raw if isinstance(afwezig_raw, list) else [afwezig_raw]
        afwezig = tuple(
            Afwezigheid(_as_date(p.get("van")), _as_date(p.get("tot")))
            for p in periods
            if isinstance(p, dict) and (p.get("van") or p.get("tot"))
        )
        werkdagen = d.get("werkdagen") or ("ma", "di", "wo", "do", "vr")
        norm = d.get("servicenorm_werkdagen")
        return cls(
            id=str(d["id"]),
            naam=str(d.get("naam") or d["id"]),
            rol=str(d.get("rol") or "Accountmanager werkgevers"),
            email=str(d.get("email") or ""),
            telefoon=str(d.get("telefoon") or ""),
            werkdagen=tuple(str(w).strip().lower()[:2] for w in werkdagen),
            afwezig=afwezig,
            vervanger=str(d["vervanger"]) if d.get("vervanger") else None,
            servicenorm_werkdagen=int(norm) if norm not in (None, "") else None,
            fictief=bool(d.get("fictief", False)),
        )


@dataclass(frozen=True)
class ToewijzingsRegel:
    criteria: dict[str, str]
    accountmanager: str

    def past(self, waarden: dict[str, set[str]]) -> bool:
        return all(v in waarden.get(k, set()) for k, v in self.criteria.items())


def _norm(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value).strip().lower())


def normaliseer_bedrijfsgrootte(waarde: str | None) -> str | None:
    """"15 medewerkers" -> "klein", "300 man" -> "groot", "middelgroot" -> "middel" (klein < 50,
    middel < 250, groot >= 250, as in the EU SME definition). None when it can't tell."""
    if not waarde:
        return None
    text = _norm(waarde)
    m = re.search(r"\d+", text.replace(".", ""))
    if m:
        count = int(m.group())
        return "klein" if count < 50 else "middel" if count < 250 else "groot"
    if "middel" in text:
        return "middel"
    if "groot" in text:
        return "groot"
    if "klein" in text or "zzp" in text or "eenmans" in text:
        return "klein"
    return None


@dataclass
class Roster:
    accountmanagers: dict[str, Accountmanager]
    regels: list[ToewijzingsRegel] = field(default_factory=list)
    servicenorm_werkdagen: int = STANDAARD_SERVICENORM
    organisatie: dict = field(default_factory=dict)
    status: str | None = None

    @classmethod
    def from_dict(cls, d: dict) -> Roster:
        d = d or {}
        ams: dict[str, Accountmanager] = {}
        for raw in d.get("accountmanagers") or []:
            if isinstance(raw, dict) and raw.get("id"):
                am = Accountmanager.from_dict(raw)
                ams[am.id] = am
        if not ams:
            raise ValueError("Het rooster bevat geen accountmanagers.")
        regels = []
        for raw in d.get("toewijzing") or []:
            if not isinstance(raw, dict) or not raw.get("accountmanager"):
                continue
            am_id = str(raw["accountmanager"])
            if am_id not in ams:
                log.warning("event=roster_onbekende_accountmanager id=%s", am_id)
                continue
            criteria = {k: _norm(raw[k]) for k in CRITERIA if raw.get(k) not in (None, "")}
            regels.append(ToewijzingsRegel(criteria, am_id))
        norm = (d.get("servicenorm") or {}).get("werkdagen", STANDAARD_SERVICENORM)
        return cls(
            accountmanagers=ams,
            regels=regels,
            servicenorm_werkdagen=int(norm),
            organisatie=dict(d.get("organisatie") or {}),
            status=d.get("status"),
        )

    @classmethod
    def from_file(cls, path: str | Path = ROSTER_PATH) -> Roster:
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(yaml.safe_load(fh) or {})

    def get(self, am_id: str | None) -> Accountmanager | None:
        return self.accountmanagers.get(am_id) if am_id else None

    def kies(self, gemeente: str | None, sector: str | None = None,
             bedrijfsgrootte: str | None = None) -> Accountmanager:
        """The fixed accountmanager by the rules: the most specific matching line wins, the first
        of equally specific ones; a line without criteria is the default; else the first
        accountmanager of the roster."""
        waarden: dict[str, set[str]] = {}
        if gemeente:
            waarden["gemeente"] = {_norm(gemeente)}
        if sector:
            waarden["sector"] = {_norm(sector)}
        if bedrijfsgrootte:
            grootte = {_norm(bedrijfsgrootte)}
            klasse = normaliseer_bedrijfsgrootte(bedrijfsgrootte)
            if klasse:
                grootte.add(klasse)
            waarden["bedrijfsgrootte"] = grootte
        best: ToewijzingsRegel | None = None
        for regel in self.regels:
            if regel.past(waarden) and (best is None or len(regel.criteria) > len(best.criteria)):
                best = regel
        if best is not None:
            return self.accountmanagers[best.accountmanager]
        return next(iter(self.accountmanagers.values()))

    def beschikbaar(self, am: Accountmanager, op: date) -> Accountmanager:
        """Who handles it on ``op``: ``am`` unless absent, else the first present substitute in
        the chain (cycles are cut); if the whole chain is away, any present accountmanager;
        if everyone is away, ``am`` itself."""
        seen = {am.id}
        current = am
        while current.is_afwezig(op):
            nxt = self.get(current.vervanger)
            if nxt is None or nxt.id in seen:
                break
            seen.add(nxt.id)
            current = nxt
        if not current.is_afwezig(op):
            return current
        for other in self.accountmanagers.values():
            if not other.is_afwezig(op):
                log.warning("event=vervangersketen_afwezig accountmanager=%s", am.id)
                return other
        return am

    def servicenorm_voor(self, am: Accountmanager) -> int:
        return am.servicenorm_werkdagen or self.servicenorm_werkdagen
