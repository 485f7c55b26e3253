"""What an accountmanager does with a handover: add a note, change the status, and (team lead) reassign.

The functions change the session's objects; the caller commits. Permission to *see* the handover is
checked before (``toegang.haal``); these functions check what the role may *do*.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from wsp.inbox.models import Gebruiker
from wsp.inbox.rooster import Rooster
from wsp.inbox.weergave import STATUS
from wsp.overdracht.models import Notitie, Overdracht, Statuswijziging, utcnow

MAX_TEKST = 5000

# nieuw → in_behandeling → afgerond; closing straight from nieuw and reopening are allowed too
OVERGANGEN = {
    "nieuw": ("in_behandeling", "afgerond"),
    "in_behandeling": ("afgerond",),
    "afgerond": ("in_behandeling",),
}


class Geweigerd(ValueError):
    """A Dutch message for the accountmanager; nothing was changed."""


def door(gebruiker: Gebruiker) -> str:
    """How a person is recorded in notes and status history: roster id, else e-mail."""
    return (gebruiker.accountmanager_id or gebruiker.email)[:64]


def _tekst(tekst: str | None, wat: str) -> str:
    tekst = (tekst or "").strip()
    if len(tekst) > MAX_TEKST:
        raise Geweigerd(f"{wat} is te lang (maximaal {MAX_TEKST} tekens).")
    return tekst


def voeg_notitie_toe(
    db: Session, o: Overdracht, gebruiker: Gebruiker, tekst: str | None
) -> Notitie:
    tekst = _tekst(tekst, "De notitie")
    if not tekst:
        raise Geweigerd("Schrijf eerst een notitie.")
    notitie = Notitie(overdracht=o, auteur=door(gebruiker), tekst=tekst, op=utcnow())
    db.add(notitie)
    o.bijgewerkt_op = utcnow()
    return notitie


def wijzig_status(
    db: Session,
    o: Overdracht,
    gebruiker: Gebruiker,
    naar: str,
    toelichting: str | None = None,
    verwacht_van: str | None = None,
) -> Statuswijziging:
    """Change the status. Closing needs a reason; the first 'in behandeling' records first contact.

    ``verwacht_van`` is the status the person saw; if someone changed it meanwhile, nothing happens.
    """
    if verwacht_van and verwacht_van != o.status:
        raise Geweigerd(
            f"De status is intussen gewijzigd naar '{STATUS.get(o.status, o.status)}'. Bekijk de overdracht opnieuw."
        )
    if naar not in OVERGANGEN.get(o.status, ()):
        raise Geweigerd(
            f"Van '{STATUS.get(o.status, o.status)}' naar '{STATUS.get(naar, naar)}' kan niet."
        )
    toelichting = _tekst(toelichting, "De toelichting")
    if naar == "afgerond" and not toelichting:
        raise Geweigerd("Vul een reden in om de overdracht af te ronden.")
    nu = utcnow()
    wijziging = Statuswijziging(
        overdracht=o,
        van=o.status,
        naar=naar,
        door=door(gebruiker),
        toelichting=toelichting or None,
        op=nu,
    )
    db.add(wijziging)
    o.status = naar
    if naar == "in_behandeling" and o.eerste_contact_op is None:
        o.eerste_contact_op = nu
    o.afsluitreden = toelichting if naar == "afgerond" else None
    o.bijgewerkt_op = nu
    return wijziging


def wijs_toe(
    db: Session,
    o: Overdracht,
    gebruiker: Gebruiker,
    accountmanager_id: str,
    rooster: Rooster,
    toelichting: str | None = None,
) -> Statuswijziging:
    """Team lead only: give the handover to another accountmanager from the roster.

    Recorded in the status history (status unchanged) so everyone sees who moved it and why."""
    if gebruiker.rol != "teamleider":
        raise Geweigerd("Alleen een teamleider kan een overdracht aan iemand anders geven.")
    bekend = rooster.alle()
    if accountmanager_id not in bekend:
        raise Geweigerd("Kies een accountmanager uit het rooster.")
    if accountmanager_id == o.accountmanager_id:
        raise Geweigerd(f"Deze overdracht staat al bij {bekend[accountmanager_id].naam}.")
    toelichting = _tekst(toelichting, "De toelichting")
    vorige = o.accountmanager_id
    tekst = f"Toegewezen aan {bekend[accountmanager_id].naam} ({accountmanager_id}), was {rooster.naam(vorige)} ({vorige})."
    if toelichting:
        tekst += f" {toelichting}"
    nu = utcnow()
    wijziging = Statuswijziging(
        overdracht=o, van=o.status, naar=o.status, door=door(gebruiker), toelichting=tekst, op=nu
    )
    db.add(wijziging)
    o.accountmanager_id = accountmanager_id
    o.bijgewerkt_op = nu
    return wijziging
