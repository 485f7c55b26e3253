"""Which handovers a signed-in person may see, with the list's filters and pagination.

Every page and every API call goes through ``zichtbaar()``: an accountmanager sees only the handovers
assigned to their own roster id; a team lead sees all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from math import ceil
from typing import Mapping

from sqlalchemy import String, and_, case, cast, false, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from wsp.inbox.models import Gebruiker
from wsp.inbox.weergave import regeling_namen
from wsp.overdracht.models import STATUSSEN, Overdracht
from wsp.overdracht.toewijzing import vandaag_lokaal

STATUS_FILTERS = ("", "open", *STATUSSEN)
PER_PAGINA = 25
MAX_PER_PAGINA = 100


def is_teamleider(gebruiker: Gebruiker) -> bool:
    return gebruiker.rol == "teamleider"


def zichtbaar(gebruiker: Gebruiker) -> ColumnElement:
    if is_teamleider(gebruiker):
        return true()
    if not gebruiker.accountmanager_id:
        return false()
    return Overdracht.accountmanager_id == gebruiker.accountmanager_id


@dataclass(frozen=True)
class Filters:
    status: str = ""
    gemeente: str = ""
    regeling: str = ""
    zoek: str = ""
    accountmanager: str = ""
    pagina: int = 1
    per_pagina: int = PER_PAGINA
    fouten: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def uit(cls, args: Mapping[str, str]) -> Filters:
        """Read filters from query parameters; unusable values are dropped and reported in ``fouten``."""
        fouten: list[str] = []
        status = (args.get("status") or "").strip()
        if status not in STATUS_FILTERS:
            fouten.append(
                f"Onbekende status '{status}'. Kies uit: {', '.join(STATUS_FILTERS[1:])}."
            )
            status = ""
        regeling = (args.get("regeling") or "").strip()
        if regeling and regeling not in (bekend := regeling_namen()):
            fouten.append(f"Onbekende regeling '{regeling}'. Kies uit: {', '.join(bekend)}.")
            regeling = ""
        pagina = _getal(args.get("pagina"), 1, "pagina", fouten)
        per_pagina = min(
            _getal(args.get("per_pagina"), PER_PAGINA, "per_pagina", fouten), MAX_PER_PAGINA
        )
        return cls(
            status=status,
            gemeente=(args.get("gemeente") or "").strip(),
            regeling=regeling,
            zoek=(args.get("zoek") or "").strip()[:200],
            accountmanager=(args.get("accountmanager") or "").strip(),
            pagina=pagina,
            per_pagina=per_pagina,
            fouten=tuple(fouten),
        )

    def als_args(self, **wijziging: object) -> dict[str, object]:
        """Query parameters for a link to (a changed copy of) this view; empty values left out."""
        f = replace(self, **wijziging)
        args = {
            "status": f.status,
            "gemeente": f.gemeente,
            "regeling": f.regeling,
            "zoek": f.zoek,
            "accountmanager": f.accountmanager,
            "pagina": f.pagina if f.pagina > 1 else "",
        }
        return {k: v for k, v in args.items() if v}


def _getal(waarde: str | None, standaard: int, naam: str, fouten: list[str]) -> int:
    if not waarde:
        return standaard
    try:
        getal = int(waarde)
    except ValueError:
        getal = 0
    if getal < 1:
        fouten.append(f"'{naam}' moet een heel getal vanaf 1 zijn.")
        return standaard
    return getal


def _voorwaarden(gebruiker: Gebruiker, f: Filters) -> list[ColumnElement]:
    voorwaarden = [zichtbaar(gebruiker)]
    if f.status == "open":
        voorwaarden.append(Overdracht.status.in_(("nieuw", "in_behandeling", "wacht_op_werkgever")))
    elif f.status:
        voorwaarden.append(Overdracht.status == f.status)
    if f.gemeente:
        voorwaarden.append(Overdracht.gemeente == f.gemeente)
    if f.regeling:
        # JSON list stored as text on SQLite and as json on PostgreSQL; ids are validated above
        voorwaarden.append(cast(Overdracht.regelingen, String).like(f'%"{f.regeling}"%'))
    if f.zoek:
        patroon = "%" + f.zoek.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        voorwaarden.append(
            or_(
                Overdracht.organisatie.ilike(patroon, escape="\\"),
                Overdracht.naam.ilike(patroon, escape="\\"),
                Overdracht.vraag.ilike(patroon, escape="\\"),
                Overdracht.kenmerk.ilike(patroon, escape="\\"),
            )
        )
    if f.accountmanager and is_teamleider(gebruiker):
        voorwaarden.append(Overdracht.accountmanager_id == f.accountmanager)
    return voorwaarden


@dataclass(frozen=True)
class Pagina:
    items: list[Overdracht]
    totaal: int
    pagina: int
    per_pagina: int

    @property
    def paginas(self) -> int:
        return max(1, ceil(self.totaal / self.per_pagina))


def _volgorde(vandaag: date) -> ColumnElement:
    """nieuw, then in behandeling together with waiting ones whose reminder day has come, then the
    other waiting ones, then closed ones."""
    return case(
        (Overdracht.status == "nieuw", 0),
        (Overdracht.status == "in_behandeling", 1),
        (and_(Overdracht.status == "wacht_op_werkgever", Overdracht.herinnering_op <= vandaag), 1),
        (Overdracht.status == "wacht_op_werkgever", 2),
        else_=3,
    )


def lijst(db: Session, gebruiker: Gebruiker, f: Filters, vandaag: date | None = None) -> Pagina:
    """Open handovers first (nieuw, then in behandeling and reminders that are due, then waiting
    for the employer), newest first within each group."""
    waar = and_(*_voorwaarden(gebruiker, f))
    volgorde = _volgorde(vandaag or vandaag_lokaal())
    totaal = db.execute(select(func.count(Overdracht.id)).where(waar)).scalar_one()
    items = (
        db.execute(
            select(Overdracht)
            .where(waar)
            .order_by(volgorde, Overdracht.aangemaakt_op.desc(), Overdracht.id.desc())
            .limit(f.per_pagina)
            .offset((f.pagina - 1) * f.per_pagina)
        )
        .scalars()
        .all()
    )
    return Pagina(items=list(items), totaal=totaal, pagina=f.pagina, per_pagina=f.per_pagina)


def haal(db: Session, gebruiker: Gebruiker, publieke_id: str) -> Overdracht | None:
    """The handover, or None when it does not exist *or* is not this person's (callers answer 404)."""
    return db.execute(
        select(Overdracht).where(Overdracht.publieke_id == publieke_id, zichtbaar(gebruiker))
    ).scalar_one_or_none()


def gemeenten(db: Session, gebruiker: Gebruiker) -> list[str]:
    """Municipalities that occur in this person's handovers (for the filter)."""
    rijen = db.execute(
        select(Overdracht.gemeente)
        .where(zichtbaar(gebruiker), Overdracht.gemeente.is_not(None))
        .distinct()
        .order_by(Overdracht.gemeente)
    )
    return [r for (r,) in rijen if r]
