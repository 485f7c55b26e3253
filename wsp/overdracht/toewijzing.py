"""Which accountmanager an employer gets: the assignment rules and absences applied to the roster,
the sticky assignment (an employer known by e-mail address or KvK number keeps its accountmanager)
and the date by which the accountmanager makes contact.

The roster model itself (``Roster``, ``Accountmanager``) is ``wsp.regels.rooster``, beside the other
readers of the editors' files; it is re-exported here for the handover code."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsp.overdracht.models import Werkgever
from wsp.regels.rooster import (  # noqa: F401 - the roster model, re-exported for its readers
    CRITERIA,
    ROSTER_PATH,
    STANDAARD_SERVICENORM,
    Accountmanager,
    Afwezigheid,
    Roster,
    ToewijzingsRegel,
    normaliseer_bedrijfsgrootte,
)

log = logging.getLogger(__name__)

TIJDZONE = ZoneInfo("Europe/Amsterdam")
WEEKDAGEN = ("ma", "di", "wo", "do", "vr", "za", "zo")


@dataclass(frozen=True)
class Toewijzing:
    accountmanager: Accountmanager  # who handles it now
    vaste_accountmanager: Accountmanager  # the employer's fixed contact
    is_vervanger: bool
    is_bestaand: bool  # the employer was already known (e-mail or KvK)


def normaliseer_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email if "@" in email else None


def normaliseer_kvk(kvk: str | None) -> str | None:
    digits = re.sub(r"\D", "", str(kvk or ""))
    return digits if len(digits) == 8 else None


def zoek_werkgever(session: Session, email: str | None, kvk: str | None) -> Werkgever | None:
    """The known employer: by KvK number first (one organisation, one accountmanager), then by
    e-mail address."""
    kvk, email = normaliseer_kvk(kvk), normaliseer_email(email)
    if kvk:
        found = session.execute(select(Werkgever).where(Werkgever.kvk == kvk)).scalar_one_or_none()
        if found is not None:
            return found
    if email:
        return session.execute(
            select(Werkgever).where(Werkgever.email == email)
        ).scalar_one_or_none()
    return None


def bekend_accountmanager(session: Session, email: str | None, kvk: str | None) -> str | None:
    """The stored accountmanager id of a known employer, or None. Reads only."""
    werkgever = zoek_werkgever(session, email, kvk)
    return werkgever.accountmanager_id if werkgever is not None else None


def vandaag_lokaal(nu: datetime | None = None) -> date:
    """Today's date in the Netherlands (``nu`` is naive UTC, as stored)."""
    nu = nu or datetime.utcnow()
    if nu.tzinfo is None:
        nu = nu.replace(tzinfo=timezone.utc)
    return nu.astimezone(TIJDZONE).date()


def wijs_toe(session: Session, roster: Roster, gemeente: str | None, email: str | None = None,
             kvk: str | None = None, sector: str | None = None,
             bedrijfsgrootte: str | None = None, vandaag: date | None = None) -> Toewijzing:
    """Decide who handles the employer's question. Reads only; ``maak_overdracht`` stores.

    A known employer keeps its stored accountmanager even when the rules have changed since;
    only if that person left the roster are the rules applied again."""
    vandaag = vandaag or vandaag_lokaal()
    werkgever = zoek_werkgever(session, email, kvk)
    vast = roster.get(werkgever.accountmanager_id) if werkgever is not None else None
    if werkgever is not None and vast is None:
        log.warning("event=vaste_accountmanager_niet_in_rooster werkgever=%s", werkgever.id)
    if vast is None:
        vast = roster.kies(gemeente, sector, bedrijfsgrootte)
    handelt = roster.beschikbaar(vast, vandaag)
    return Toewijzing(
        accountmanager=handelt,
        vaste_accountmanager=vast,
        is_vervanger=handelt.id != vast.id,
        is_bestaand=werkgever is not None,
    )


def uiterlijk_contact(aangemaakt: datetime, werkdagen: int,
                      werkdagen_accountmanager: Iterable[str] | None = None) -> date:
    """The last day on which the accountmanager must have made contact: ``werkdagen`` working
    days after the (Dutch) day the handover was made, skipping weekends and, if given, the days
    the accountmanager does not work. Public holidays are not skipped."""
    dag = vandaag_lokaal(aangemaakt)
    toegestaan = {d for d in (werkdagen_accountmanager or ()) if d in WEEKDAGEN[:5]}
    if not toegestaan:
        toegestaan = set(WEEKDAGEN[:5])
    remaining = max(0, int(werkdagen))
    while remaining > 0:
        dag += timedelta(days=1)
        if WEEKDAGEN[dag.weekday()] in toegestaan:
            remaining -= 1
    if remaining == 0 and int(werkdagen) <= 0:
        while WEEKDAGEN[dag.weekday()] not in toegestaan:
            dag += timedelta(days=1)
    return dag
