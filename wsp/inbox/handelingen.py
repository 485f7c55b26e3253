"""What an accountmanager does with a handover: add a note, change the status (with a reminder date
when waiting for the employer), record a contact attempt, mail the employer a reply, and (team lead)
give it to someone else.

The functions change the session's objects and queue mails in the outbox; the caller commits, so a
mail is sent exactly when its history line is stored. Permission to *see* the handover is checked
before (``toegang.haal``); these functions check what the role may *do*.

"In behandeling" means someone took the handover on; it is not contact. ``eerste_contact_op`` is
set by the first contact attempt in which the employer was spoken to, or by the first reply mail.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsp.inbox.models import Gebruiker
from wsp.inbox.rooster import Rooster
from wsp.inbox.weergave import CONTACT_MANIER, CONTACT_RESULTAAT, STATUS
from wsp.overdracht import mail
from wsp.overdracht.models import (
    CONTACT_MANIEREN,
    CONTACT_RESULTATEN,
    Notitie,
    OutboxBericht,
    Overdracht,
    Statuswijziging,
    utcnow,
)
from wsp.overdracht.toewijzing import TIJDZONE, Accountmanager, uiterlijk_contact, vandaag_lokaal

MAX_TEKST = 5000
MAX_ONDERWERP = 200
MAX_HERINNERING_DAGEN = 366
HERINNERING_UUR = time(8, 0)  # the reminder mail goes out at 08:00 Dutch time on the day
HERINNERING = "-herinnering-"  # part of the outbox key of a reminder mail

# nieuw → in_behandeling ⇄ wacht_op_werkgever → afgerond; closing from any open status and
# reopening are allowed too. There is no way back to "nieuw".
OVERGANGEN = {
    "nieuw": ("in_behandeling", "wacht_op_werkgever", "afgerond"),
    "in_behandeling": ("wacht_op_werkgever", "afgerond"),
    "wacht_op_werkgever": ("in_behandeling", "afgerond"),
    "afgerond": ("in_behandeling",),
}


class Geweigerd(ValueError):
    """A Dutch message for the accountmanager; nothing was changed."""


@dataclass(frozen=True)
class Omgeving:
    """What mails from the inbox need: the roster, the inbox address for links, the organisation."""

    rooster: Rooster
    inbox_url: str
    organisatie: str = "WerkgeversServicepunt"
    afzender: str | None = None  # None: WSP_MAIL_AFZENDER


def door(gebruiker: Gebruiker) -> str:
    """How a person is recorded in notes and status history: roster id, else e-mail."""
    return (gebruiker.accountmanager_id or gebruiker.email)[:64]


def _tekst(tekst: str | None, wat: str, maximum: int = MAX_TEKST) -> str:
    # browsers send line breaks in a textarea as CRLF; store and mail them as LF
    tekst = (tekst or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(tekst) > maximum:
        raise Geweigerd(f"{wat} is te lang (maximaal {maximum} tekens).")
    return tekst


def lees_datum(waarde: str | date | None, wat: str = "De datum") -> date | None:
    """A date from a form field (``2026-12-03``); None when empty."""
    if isinstance(waarde, date):
        return waarde
    waarde = (waarde or "").strip()
    if not waarde:
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise Geweigerd(f"{wat} klopt niet. Kies een datum in de kalender.") from None


def _controleer_herinnering(dag: date, vandaag: date) -> date:
    if dag < vandaag:
        raise Geweigerd("De herinnering moet vandaag of later zijn.")
    if dag > vandaag + timedelta(days=MAX_HERINNERING_DAGEN):
        raise Geweigerd("De herinnering mag hooguit een jaar vooruit zijn.")
    return dag


def voorstel_herinnering(vandaag: date | None = None, werkdagen: int = 5) -> date:
    """The date a reminder form suggests: ``werkdagen`` working days from today."""
    dag = vandaag or vandaag_lokaal()
    while werkdagen > 0:
        dag += timedelta(days=1)
        if dag.weekday() < 5:
            werkdagen -= 1
    return dag


def _accountmanager(omgeving: Omgeving, am_id: str | None, gebruiker: Gebruiker | None = None
                    ) -> Accountmanager | None:
    am = omgeving.rooster.alle().get(am_id or "")
    if am is not None:
        return am
    if gebruiker is not None:  # a team lead outside the roster writes under their own address
        return Accountmanager(id=door(gebruiker), naam=gebruiker.email, email=gebruiker.email)
    return None


def _wie(o: Overdracht) -> str:
    return " ".join((o.organisatie or o.naam or "").split()) or "de werkgever"


def _sleutel(o: Overdracht, soort: str) -> str:
    return f"{o.publieke_id[:20]}-{soort}-{uuid.uuid4().hex[:20]}"


def _zet_mail_klaar(db: Session, o: Overdracht, bericht, ontvanger: str, sleutel: str,
                    wanneer: datetime) -> OutboxBericht:
    rij = OutboxBericht(
        overdracht=o, soort="mail", ontvanger=ontvanger[:500],
        onderwerp=str(bericht["Subject"])[:300], inhoud=bericht.as_string(),
        idempotentie_sleutel=sleutel, status="wachtend", pogingen=0,
        volgende_poging_op=wanneer, aangemaakt_op=utcnow(),
    )
    db.add(rij)
    db.flush()
    return rij


def _vervallen_herinneringen(db: Session, o: Overdracht) -> None:
    """Reminder mails not sent yet are dropped (the reminder was changed or is no longer needed)."""
    if o.id is None:
        return
    rijen = db.execute(
        select(OutboxBericht).where(
            OutboxBericht.overdracht_id == o.id,
            OutboxBericht.status == "wachtend",
            OutboxBericht.pogingen == 0,
            OutboxBericht.idempotentie_sleutel.like(f"%{HERINNERING}%"),
        )
    ).scalars().all()
    geladen = "berichten" in o.__dict__
    for rij in rijen:
        if geladen and rij in o.berichten:
            o.berichten.remove(rij)
        db.delete(rij)
    if rijen:
        db.flush()


def _plan_herinnering(db: Session, o: Overdracht, dag: date, reden: str,
                      omgeving: Omgeving | None) -> int | None:
    """Set the reminder date and queue the reminder mail for 08:00 on that day (one at a time)."""
    _vervallen_herinneringen(db, o)
    o.herinnering_op = dag
    if omgeving is None:
        return None
    am = _accountmanager(omgeving, o.accountmanager_id)
    if am is None or not mail.geldig_adres(am.email):
        return None
    lokaal = datetime.combine(dag, HERINNERING_UUR, tzinfo=TIJDZONE)
    wanneer = max(lokaal.astimezone(timezone.utc).replace(tzinfo=None), utcnow())
    sleutel = _sleutel(o, HERINNERING.strip("-"))
    bericht = mail.stel_herinnering_op(o, am, dag, reden, omgeving.inbox_url, sleutel, utcnow(),
                                       afzender=omgeving.afzender)
    return _zet_mail_klaar(db, o, bericht, am.email, sleutel, wanneer).id


def _geen_herinnering(db: Session, o: Overdracht) -> None:
    _vervallen_herinneringen(db, o)
    o.herinnering_op = None


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
    herinnering_op: str | date | None = None,
    omgeving: Omgeving | None = None,
) -> Statuswijziging:
    """Change the status. Closing needs a reason; waiting for the employer needs a reminder date.

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
    dag = lees_datum(herinnering_op, "De datum van de herinnering")
    if naar == "wacht_op_werkgever":
        if dag is None:
            raise Geweigerd("Kies een datum waarop u een herinnering wilt krijgen.")
        dag = _controleer_herinnering(dag, vandaag_lokaal())
    nu = utcnow()
    wijziging = Statuswijziging(
        overdracht=o,
        van=o.status,
        naar=naar,
        door=door(gebruiker),
        toelichting=toelichting or None,
        op=nu,
        soort="status",
    )
    db.add(wijziging)
    o.status = naar
    if naar == "wacht_op_werkgever":
        wijziging.bericht_id = _plan_herinnering(
            db, o, dag, f"wacht op {_wie(o)}. Kijk of er een reactie is, of neem opnieuw contact op.",
            omgeving)
    else:
        _geen_herinnering(db, o)
    o.afsluitreden = toelichting if naar == "afgerond" else None
    o.bijgewerkt_op = nu
    return wijziging


def leg_contactpoging_vast(
    db: Session,
    o: Overdracht,
    gebruiker: Gebruiker,
    manier: str,
    resultaat: str,
    toelichting: str | None = None,
    opnieuw_op: str | date | None = None,
    omgeving: Omgeving | None = None,
) -> Statuswijziging:
    """Record a call (or other attempt) and its result, apart from the status.

    A new handover becomes "in behandeling"; the first attempt in which the employer was spoken to
    is the first contact; a date for the next attempt sets a reminder."""
    if o.status == "afgerond":
        raise Geweigerd("Deze overdracht is afgerond. Heropen hem eerst.")
    if manier not in CONTACT_MANIEREN:
        raise Geweigerd("Kies hoe u contact zocht: " + ", ".join(CONTACT_MANIER.values()) + ".")
    if resultaat not in CONTACT_RESULTATEN:
        raise Geweigerd("Kies wat het resultaat was: " + ", ".join(CONTACT_RESULTAAT.values()) + ".")
    toelichting = _tekst(toelichting, "De toelichting")
    dag = lees_datum(opnieuw_op, "De datum voor een nieuwe poging")
    if dag is not None:
        dag = _controleer_herinnering(dag, vandaag_lokaal())
    nu = utcnow()
    naar = "in_behandeling" if o.status == "nieuw" else o.status
    poging = Statuswijziging(
        overdracht=o, van=o.status, naar=naar, door=door(gebruiker), toelichting=toelichting or None,
        op=nu, soort="contactpoging", manier=manier, resultaat=resultaat,
    )
    db.add(poging)
    o.status = naar
    if resultaat == "gesproken" and o.eerste_contact_op is None:
        o.eerste_contact_op = nu
    if dag is not None:
        poging.bericht_id = _plan_herinnering(
            db, o, dag, f"opnieuw contact zoeken met {_wie(o)} "
            f"(vorige poging: {CONTACT_MANIER[manier].lower()}, {CONTACT_RESULTAAT[resultaat].lower()}).",
            omgeving)
    o.bijgewerkt_op = nu
    return poging


def onderwerp_voorstel(o: Overdracht, organisatie: str) -> str:
    return f"Uw vraag aan {organisatie}"


def stuur_antwoord(
    db: Session,
    o: Overdracht,
    gebruiker: Gebruiker,
    onderwerp: str | None,
    tekst: str | None,
    omgeving: Omgeving,
) -> Statuswijziging:
    """Mail the employer through the outbox (Reply-To: the accountmanager) and log it in the
    history. Counts as contact; a new handover becomes "in behandeling"."""
    if not mail.geldig_adres(o.email):
        raise Geweigerd("Van deze werkgever is geen bruikbaar e-mailadres bekend. Bel de werkgever.")
    onderwerp = " ".join(_tekst(onderwerp, "Het onderwerp", MAX_ONDERWERP).split())
    tekst = _tekst(tekst, "Het bericht")
    if not onderwerp:
        raise Geweigerd("Vul een onderwerp in.")
    if not tekst:
        raise Geweigerd("Schrijf eerst uw bericht.")
    am = _accountmanager(omgeving, gebruiker.accountmanager_id, gebruiker)
    nu = utcnow()
    sleutel = _sleutel(o, "antwoord")
    bericht = mail.stel_antwoord_op(o, am, onderwerp, tekst, sleutel, nu,
                                    organisatie=omgeving.organisatie, afzender=omgeving.afzender)
    rij = _zet_mail_klaar(db, o, bericht, o.email.strip(), sleutel, nu)
    naar = "in_behandeling" if o.status == "nieuw" else o.status
    regel = Statuswijziging(
        overdracht=o, van=o.status, naar=naar, door=door(gebruiker),
        toelichting=f"{onderwerp}\n\n{tekst}", op=nu, soort="antwoord", manier="e-mail",
        bericht_id=rij.id,
    )
    db.add(regel)
    o.status = naar
    if o.eerste_contact_op is None:
        o.eerste_contact_op = nu
    o.bijgewerkt_op = nu
    return regel


def wijs_toe(
    db: Session,
    o: Overdracht,
    gebruiker: Gebruiker,
    accountmanager_id: str,
    rooster: Rooster,
    toelichting: str | None = None,
    omgeving: Omgeving | None = None,
) -> Statuswijziging:
    """Team lead only: give the handover to another accountmanager from the roster, who gets a mail.

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
    nieuw = bekend[accountmanager_id]
    tekst = f"Toegewezen aan {nieuw.naam} ({accountmanager_id}), was {rooster.naam(vorige)} ({vorige})."
    if toelichting:
        tekst += f" {toelichting}"
    nu = utcnow()
    wijziging = Statuswijziging(
        overdracht=o, van=o.status, naar=o.status, door=door(gebruiker), toelichting=tekst, op=nu,
        soort="toewijzing",
    )
    db.add(wijziging)
    o.accountmanager_id = accountmanager_id
    o.bijgewerkt_op = nu
    if omgeving is not None and mail.geldig_adres(nieuw.email):
        sleutel = _sleutel(o, "toewijzing")
        uiterlijk = uiterlijk_contact(o.aangemaakt_op, o.servicenorm_werkdagen or 2)
        bericht = mail.stel_toewijzingsmail_op(
            o, nieuw, rooster.naam(door(gebruiker)) or gebruiker.email, toelichting or None,
            uiterlijk, omgeving.inbox_url, sleutel, nu, afzender=omgeving.afzender)
        wijziging.bericht_id = _zet_mail_klaar(db, o, bericht, nieuw.email, sleutel, nu).id
        if o.herinnering_op is not None and o.status != "afgerond":
            # the reminder now goes to the new accountmanager
            _plan_herinnering(db, o, max(o.herinnering_op, vandaag_lokaal()),
                              f"opvolgen van {_wie(o)} (overgenomen van {rooster.naam(vorige)}).",
                              omgeving)
    return wijziging


def wachtende_herinneringen(db: Session, o: Overdracht) -> list[OutboxBericht]:
    return list(
        db.execute(
            select(OutboxBericht).where(
                OutboxBericht.overdracht_id == o.id,
                OutboxBericht.status == "wachtend",
                OutboxBericht.idempotentie_sleutel.like(f"%{HERINNERING}%"),
            )
        ).scalars()
    )
