"""Store a handover: employer (sticky accountmanager), the handover itself, its first status and the
notifications to send, in one transaction. Nothing is sent here: the outbox worker delivers.

Whoever calls it, the service checks what it stores (``wsp.overdracht.validatie``): every contact
field validated and redacted, the transcript redacted, consent read from the conversation's own
events (``overdracht_vanuit_gesprek``), and at most a few handovers per e-mail address, KvK
number, conversation and client address a day. With ``bevestiging`` the employer gets a
confirmation mail naming their contact person (``wsp.overdracht.bevestiging``): the chat never
does, so typing someone else's address reveals nothing.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wsp.db import session_scope
from wsp.overdracht import bevestiging as bevestigingsmail
from wsp.overdracht import mail, validatie, wachtrij
from wsp.overdracht.instellingen import Instellingen, mail_afzender
from wsp.overdracht.models import (
    REDENEN,
    OutboxBericht,
    Overdracht,
    Statuswijziging,
    Werkgever,
    new_kenmerk,
    new_public_id,
)
from wsp.overdracht.toewijzing import (
    Accountmanager,
    Roster,
    Toewijzing,
    normaliseer_email,
    normaliseer_kvk,
    uiterlijk_contact,
    vandaag_lokaal,
    wijs_toe,
    zoek_werkgever,
)
from wsp.overdracht.transcript import (
    laatste_antwoorden,
    regelingen_uit_events,
    transcript_from_events,
)
from wsp.overdracht.validatie import OngeldigeOverdracht, TeVeelOverdrachten

log = logging.getLogger(__name__)


class GeenToestemming(ValueError):
    """The employer did not consent: nothing may be stored."""


__all__ = ["Contact", "GeenToestemming", "OngeldigeOverdracht", "OverdrachtResultaat",
           "OverdrachtVerzoek", "TeVeelOverdrachten", "maak_overdracht",
           "overdracht_vanuit_gesprek", "sla_overdracht_op", "sla_wachtrij_op",
           "voeg_aanvulling_toe"]
ENV_BEVESTIGING = "WSP_BEVESTIGING_WERKGEVER"


def bevestiging_aan() -> bool:
    """Confirmation mail to the employer (``WSP_BEVESTIGING_WERKGEVER``, default on)."""
    return os.environ.get(ENV_BEVESTIGING, "1").strip().lower() not in ("0", "nee", "false", "uit")


@dataclass(frozen=True)
class Contact:
    naam: str | None = None
    organisatie: str | None = None
    email: str | None = None
    telefoon: str | None = None
    kvk: str | None = None
    contactvoorkeur: str | None = None  # way and time, in the employer's words

    @classmethod
    def van(cls, value: Contact | Mapping[str, Any] | None) -> Contact:
        if isinstance(value, Contact):
            return value
        value = value or {}
        return cls(**{k: (str(value[k]).strip() or None) if value.get(k) is not None else None
                      for k in ("naam", "organisatie", "email", "telefoon", "kvk",
                                "contactvoorkeur")})


@dataclass(frozen=True)
class OverdrachtVerzoek:
    """One handover as asked: every field checked and redacted. Made only by ``schoon`` (or, for
    a queued handover, ``uit_dict``, which calls it), then passed whole."""
    gesprek_id: str
    reden: str
    gemeente: str | None
    regelingen: tuple[str, ...]
    vraag: str | None
    contact: Contact
    toestemming_op: datetime  # naive UTC
    transcript: tuple[dict, ...]
    kanaal: str
    sector: str | None = None
    bedrijfsgrootte: str | None = None
    herkomst: str | None = None  # the channel's daily hash of the client address
    bevestiging: bool = False  # queue a confirmation mail to the employer
    # given by the on-disk queue: the ids and the moment the employer's handover was promised
    publieke_id: str | None = None
    kenmerk: str | None = None
    nu: datetime | None = None  # naive UTC; None: the moment it is stored

    @classmethod
    def schoon(cls, *, gesprek_id: str, reden: str, gemeente: str | None,
               regelingen: list[str] | tuple[str, ...] | None, vraag: str | None,
               contact: Contact | Mapping[str, Any] | None, toestemming_op: datetime | None,
               transcript: list[dict] | tuple[dict, ...] | None, kanaal: str | None,
               sector: str | None = None, bedrijfsgrootte: str | None = None,
               herkomst: str | None = None, bevestiging: bool = False,
               publieke_id: str | None = None, kenmerk: str | None = None,
               nu: datetime | None = None) -> OverdrachtVerzoek:
        """The one place a handover is checked and redacted: ``GeenToestemming`` without
        consent, ``ValueError`` for an unknown ``reden``, ``OngeldigeOverdracht`` for a field the
        service does not accept (Dutch messages)."""
        if toestemming_op is None:
            raise GeenToestemming("Zonder toestemming wordt er niets bewaard of doorgestuurd.")
        if reden not in REDENEN:
            raise ValueError(f"Onbekende reden {reden!r}; kies uit {', '.join(REDENEN)}.")
        # ids the assistant sets itself: an odd value (an entity straight from the NLU) is
        # dropped, it does not cost the employer the handover
        gesprek_id = validatie.schoon_gesprek_id(gesprek_id)
        gemeente = validatie.als_code(gemeente)
        codes = (validatie.als_code(r) for r in (regelingen or []))
        return cls(
            gesprek_id=gesprek_id,
            reden=reden,
            gemeente=gemeente,
            regelingen=tuple(dict.fromkeys(r for r in codes if r)),
            vraag=validatie.schoon_vraag(vraag),
            kanaal=(validatie.als_code(kanaal) or "rest")[:32],
            sector=validatie._een_regel(sector, "De sector", 100),
            bedrijfsgrootte=validatie._een_regel(bedrijfsgrootte, "De bedrijfsgrootte", 100),
            herkomst=validatie.als_code(herkomst),
            toestemming_op=_naive_utc(toestemming_op),
            contact=Contact(**asdict(validatie.schoon_contact(Contact.van(contact)))),
            transcript=tuple(validatie.schoon_transcript(transcript)),
            bevestiging=bool(bevestiging),
            publieke_id=publieke_id or None,
            kenmerk=kenmerk or None,
            nu=_naive_utc(nu) if nu else None,
        )

    def als_dict(self) -> dict[str, Any]:
        """The JSON form kept in the on-disk queue (the keys queued files have always had)."""
        return {
            "gesprek_id": self.gesprek_id, "reden": self.reden, "gemeente": self.gemeente,
            "regelingen": list(self.regelingen), "vraag": self.vraag,
            "contact": asdict(self.contact), "toestemming_op": self.toestemming_op.isoformat(),
            "transcript": list(self.transcript), "kanaal": self.kanaal, "sector": self.sector,
            "bedrijfsgrootte": self.bedrijfsgrootte, "herkomst": self.herkomst,
            "bevestiging": self.bevestiging, "publieke_id": self.publieke_id,
            "kenmerk": self.kenmerk, "nu": self.nu.isoformat() if self.nu else None,
        }

    @classmethod
    def uit_dict(cls, gegevens: Mapping[str, Any]) -> OverdrachtVerzoek:
        """A queued handover (``als_dict``, also a file written by an earlier version) back into
        a request, through ``schoon``: a file on disk is checked like any other input."""
        return cls.schoon(
            gesprek_id=gegevens["gesprek_id"], reden=gegevens["reden"],
            toestemming_op=datetime.fromisoformat(gegevens["toestemming_op"]),
            gemeente=gegevens.get("gemeente"), regelingen=list(gegevens.get("regelingen") or []),
            vraag=gegevens.get("vraag"), contact=gegevens.get("contact") or {},
            transcript=list(gegevens.get("transcript") or []),
            kanaal=gegevens.get("kanaal") or "rest", sector=gegevens.get("sector"),
            bedrijfsgrootte=gegevens.get("bedrijfsgrootte"), herkomst=gegevens.get("herkomst"),
            bevestiging=bool(gegevens.get("bevestiging")),
            publieke_id=gegevens.get("publieke_id"), kenmerk=gegevens.get("kenmerk"),
            nu=datetime.fromisoformat(gegevens["nu"]) if gegevens.get("nu") else None,
        )


@dataclass(frozen=True)
class AccountmanagerGegevens:
    """What the assistant tells the employer about the person who will call."""
    id: str
    naam: str
    rol: str
    email: str
    telefoon: str

    @classmethod
    def van(cls, am: Accountmanager) -> AccountmanagerGegevens:
        return cls(am.id, am.naam, am.rol, am.email, am.telefoon)


@dataclass(frozen=True)
class OverdrachtResultaat:
    publieke_id: str
    accountmanager: AccountmanagerGegevens  # who will make contact
    is_vervanger: bool
    vaste_accountmanager_naam: str
    uiterlijk_contact: date  # contact before the end of this day
    inbox_url: str
    is_nieuw: bool  # False when an earlier call already stored this handover
    is_bestaand: bool  # the employer was known before (e-mail or KvK): sticky accountmanager
    # True when the database was unavailable and the handover waits in the on-disk queue
    # (wsp.overdracht.wachtrij); the outbox worker stores and sends it when the database is back.
    in_wachtrij: bool = False
    # the reference the employer is given ("WSP-2026-7KQ4XM"); None for handovers stored before
    kenmerk: str | None = None


def idempotentie_sleutel(publieke_id: str, soort: str) -> str:
    return f"{publieke_id}-{soort}"


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _cut(value: str | None, length: int) -> str | None:
    return value[:length] if value else None


def _onbekende_am(am_id: str) -> Accountmanager:
    return Accountmanager(id=am_id, naam=am_id)


def _resultaat(o: Overdracht, roster: Roster, inbox_base_url: str, is_nieuw: bool,
               is_bestaand: bool) -> OverdrachtResultaat:
    am = roster.get(o.accountmanager_id) or _onbekende_am(o.accountmanager_id)
    vast_id = o.vaste_accountmanager_id or o.accountmanager_id
    vast = roster.get(vast_id) or _onbekende_am(vast_id)
    return OverdrachtResultaat(
        publieke_id=o.publieke_id,
        accountmanager=AccountmanagerGegevens.van(am),
        is_vervanger=o.vaste_accountmanager_id is not None,
        vaste_accountmanager_naam=vast.naam,
        uiterlijk_contact=uiterlijk_contact(o.aangemaakt_op, o.servicenorm_werkdagen),
        inbox_url=mail.inbox_link(inbox_base_url, o.publieke_id),
        is_nieuw=is_nieuw,
        is_bestaand=is_bestaand,
        kenmerk=o.kenmerk,
    )


def _bewaar_werkgever(session: Session, contact: Contact, toewijzing: Toewijzing
                      ) -> Werkgever | None:
    """Create or complete the employer row; its accountmanager stays fixed once stored."""
    email, kvk = normaliseer_email(contact.email), normaliseer_kvk(contact.kvk)
    if not email and not kvk:
        return None
    werkgever = zoek_werkgever(session, email, kvk)
    if werkgever is None:
        werkgever = Werkgever(email=email, kvk=kvk,
                              accountmanager_id=toewijzing.vaste_accountmanager.id)
        session.add(werkgever)
        session.flush()
        return werkgever
    if werkgever.accountmanager_id != toewijzing.vaste_accountmanager.id:
        # Only happens when the stored accountmanager left the roster (see wijs_toe).
        werkgever.accountmanager_id = toewijzing.vaste_accountmanager.id
    if email and not werkgever.email and zoek_werkgever(session, email, None) is None:
        werkgever.email = email
    if kvk and not werkgever.kvk and zoek_werkgever(session, None, kvk) is None:
        werkgever.kvk = kvk
    session.flush()
    return werkgever


def maak_overdracht(session: Session, *, roster: Roster, inbox_base_url: str,
                    webhook_url: str | None = None, webhook_secret: str | None = None,
                    **verzoek: Any) -> OverdrachtResultaat:
    """``sla_overdracht_op`` for a caller with loose fields: the keywords of
    ``OverdrachtVerzoek.schoon`` (``gesprek_id``, ``reden``, ``gemeente``, ``regelingen``,
    ``vraag``, ``contact``, ``toestemming_op``, ``transcript``, ``kanaal``, ``sector``,
    ``bedrijfsgrootte``, ``herkomst``, ``bevestiging``, ``publieke_id``, ``kenmerk``, ``nu``)
    and the delivery settings."""
    return sla_overdracht_op(
        session, OverdrachtVerzoek.schoon(**verzoek), roster=roster,
        instellingen=Instellingen(inbox_url=inbox_base_url, webhook_url=webhook_url,
                                  webhook_secret=webhook_secret))


def sla_overdracht_op(session: Session, verzoek: OverdrachtVerzoek, *, roster: Roster,
                      instellingen: Instellingen) -> OverdrachtResultaat:
    """Store the handover and its notifications in one transaction and commit it.

    Idempotent: a second call with the same ``gesprek_id`` and ``toestemming_op`` returns the
    stored handover (``is_nieuw=False``) and stores nothing. ``verzoek`` was checked and redacted
    when it was made (``OverdrachtVerzoek.schoon``). A new handover beyond the daily limits is
    refused (``TeVeelOverdrachten``). Of ``instellingen`` only ``inbox_url`` and ``webhook_url``
    are used: a webhook row is queued when ``webhook_url`` is set; the secret is never stored (the
    outbox worker signs with ``WSP_WEBHOOK_SECRET``). With ``verzoek.bevestiging`` a confirmation
    mail to the employer's address is queued.
    """
    if instellingen.webhook_url and not instellingen.webhook_secret:
        log.info("event=webhook_zonder_geheim_meegegeven gesprek_ondertekening=worker")
    nu = verzoek.nu or datetime.utcnow()
    validatie.zorg_voor_tabel(session)

    for poging in (1, 2):
        try:
            bestaand = session.execute(
                select(Overdracht).where(Overdracht.gesprek_id == verzoek.gesprek_id,
                                         Overdracht.toestemming_op == verzoek.toestemming_op)
            ).scalars().first()
            if bestaand is not None:
                eerder = (bestaand.werkgever is not None
                          and bestaand.werkgever.aangemaakt_op < bestaand.aangemaakt_op)
                resultaat = _resultaat(bestaand, roster, instellingen.inbox_url, is_nieuw=False,
                                       is_bestaand=eerder)
                session.commit()
                return resultaat
            sleutels = {"email": normaliseer_email(verzoek.contact.email),
                        "kvk": normaliseer_kvk(verzoek.contact.kvk),
                        "gesprek_id": verzoek.gesprek_id, "herkomst": verzoek.herkomst}
            validatie.controleer_limieten(session, nu=nu, **sleutels)
            resultaat = _nieuwe_overdracht(session, verzoek, roster=roster,
                                           instellingen=instellingen, nu=nu)
            validatie.tel_mee(session, nu=nu, **sleutels)
            session.commit()
            log.info("event=overdracht_opgeslagen overdracht=%s accountmanager=%s vervanger=%s",
                     resultaat.publieke_id, resultaat.accountmanager.id, resultaat.is_vervanger)
            return resultaat
        except IntegrityError:
            # A concurrent call stored the same handover or employer first: read it back.
            session.rollback()
            if poging == 2:
                raise
    raise AssertionError("unreachable")


def _nieuwe_overdracht(session: Session, verzoek: OverdrachtVerzoek, *, roster: Roster,
                       instellingen: Instellingen, nu: datetime) -> OverdrachtResultaat:
    contact = verzoek.contact
    toewijzing = wijs_toe(session, roster, verzoek.gemeente, email=contact.email, kvk=contact.kvk,
                          sector=verzoek.sector, bedrijfsgrootte=verzoek.bedrijfsgrootte,
                          vandaag=vandaag_lokaal(nu))
    werkgever = _bewaar_werkgever(session, contact, toewijzing)
    am, vast = toewijzing.accountmanager, toewijzing.vaste_accountmanager

    # Every field was checked and redacted when the request was made (OverdrachtVerzoek.schoon).
    transcript = list(verzoek.transcript)
    servicenorm = roster.servicenorm_voor(am)
    overdracht = Overdracht(
        publieke_id=verzoek.publieke_id or new_public_id(),
        kenmerk=verzoek.kenmerk or new_kenmerk(vandaag_lokaal(nu).year),
        gesprek_id=verzoek.gesprek_id,
        werkgever=werkgever,
        accountmanager_id=am.id,
        vaste_accountmanager_id=vast.id if toewijzing.is_vervanger else None,
        reden=verzoek.reden,
        gemeente=verzoek.gemeente,
        regelingen=list(verzoek.regelingen),
        vraag=verzoek.vraag,
        naam=_cut(contact.naam, 200),
        organisatie=_cut(contact.organisatie, 200),
        email=_cut(normaliseer_email(contact.email) or contact.email, 254),
        telefoon=_cut(contact.telefoon, 32),
        kvk=normaliseer_kvk(contact.kvk),
        contactvoorkeur=_cut(contact.contactvoorkeur, 200),
        toestemming_op=verzoek.toestemming_op,
        laatste_antwoorden=laatste_antwoorden(transcript),
        transcript=transcript,
        kanaal=verzoek.kanaal,
        status="nieuw",
        servicenorm_werkdagen=servicenorm,
        aangemaakt_op=nu,
        bijgewerkt_op=nu,
    )
    session.add(overdracht)
    session.flush()
    session.add(Statuswijziging(overdracht_id=overdracht.id, van=None, naar="nieuw",
                                door="assistent", op=nu))

    uiterlijk = uiterlijk_contact(nu, servicenorm)
    vaste_voor_bericht = vast if toewijzing.is_vervanger else None
    sleutel = idempotentie_sleutel(overdracht.publieke_id, "mail")
    bericht = mail.stel_mail_op(overdracht, am, vaste_voor_bericht, uiterlijk,
                                instellingen.inbox_url, sleutel)
    session.add(OutboxBericht(
        overdracht_id=overdracht.id, soort="mail", ontvanger=am.email,
        onderwerp=_cut(str(bericht["Subject"]), 300), inhoud=bericht.as_string(),
        idempotentie_sleutel=sleutel, status="wachtend", pogingen=0,
        volgende_poging_op=nu, aangemaakt_op=nu,
    ))
    if verzoek.bevestiging and overdracht.email:
        sleutel = idempotentie_sleutel(overdracht.publieke_id, bevestigingsmail.SOORT_SLEUTEL)
        bevestigingsbericht = bevestigingsmail.stel_bevestiging_op(
            publieke_id=overdracht.publieke_id, kenmerk=overdracht.kenmerk,
            naam=overdracht.naam, email=overdracht.email,
            vraag=overdracht.vraag, accountmanager=am, vaste=vaste_voor_bericht,
            uiterlijk=uiterlijk, organisatie=roster.organisatie,
            afzender=mail_afzender(),
            idempotentie_sleutel=sleutel, moment=nu)
        session.add(OutboxBericht(
            overdracht_id=overdracht.id, soort="mail", ontvanger=overdracht.email,
            onderwerp=_cut(str(bevestigingsbericht["Subject"]), 300),
            inhoud=bevestigingsbericht.as_string(), idempotentie_sleutel=sleutel,
            status="wachtend", pogingen=0, volgende_poging_op=nu, aangemaakt_op=nu,
        ))
    if instellingen.webhook_url:
        sleutel = idempotentie_sleutel(overdracht.publieke_id, "webhook")
        payload = mail.webhook_payload(overdracht, am, vaste_voor_bericht, uiterlijk,
                                       instellingen.inbox_url, sleutel)
        session.add(OutboxBericht(
            overdracht_id=overdracht.id, soort="webhook",
            ontvanger=instellingen.webhook_url[:500],
            onderwerp="overdracht.nieuw", inhoud=mail.webhook_body(payload),
            idempotentie_sleutel=sleutel, status="wachtend", pogingen=0,
            volgende_poging_op=nu, aangemaakt_op=nu,
        ))
    session.flush()
    return _resultaat(overdracht, roster, instellingen.inbox_url, is_nieuw=True,
                      is_bestaand=toewijzing.is_bestaand)


def overdracht_vanuit_gesprek(
    *,
    gesprek_id: str,
    events: list[dict],
    reden: str,
    gemeente: str | None,
    regeling: str | list[str] | None,
    vraag: str | None,
    contact: Contact | Mapping[str, Any],
    toestemming_op: datetime | None,
    kanaal: str,
    roster: Roster,
    sector: str | None = None,
    bedrijfsgrootte: str | None = None,
    database_url: str | None = None,
    instellingen: Instellingen | None = None,
    herkomst: str | None = None,
) -> OverdrachtResultaat:
    """For the action server: transcript and instruments from the tracker events, settings
    (``WSP_INBOX_URL``, ``WSP_WEBHOOK_URL``) from the environment, its own transaction.

    Consent must be recorded in ``events`` themselves (``action_overdracht_toestemming`` set the
    slot ``toestemming_op`` to this moment after a message of the employer, and nothing cleared
    it since); otherwise ``GeenToestemming`` and nothing is stored or queued."""
    vastgelegd = validatie.toestemming_uit_events(events)
    if toestemming_op is None or not validatie.zelfde_moment(vastgelegd, toestemming_op):
        log.warning("event=overdracht_zonder_vastgelegde_toestemming")
        raise GeenToestemming("Zonder toestemming in het gesprek wordt er niets bewaard.")
    inst = instellingen or Instellingen.from_env()
    regelingen = regelingen_uit_events(events)
    for extra in regeling if isinstance(regeling, (list, tuple)) else [regeling]:
        if extra and extra not in regelingen:
            regelingen.append(extra)
    verzoek = OverdrachtVerzoek.schoon(
        gesprek_id=gesprek_id, reden=reden, gemeente=gemeente, regelingen=regelingen,
        vraag=vraag, contact=contact, toestemming_op=toestemming_op,
        transcript=transcript_from_events(events), kanaal=kanaal, sector=sector,
        bedrijfsgrootte=bedrijfsgrootte, herkomst=herkomst, bevestiging=bevestiging_aan())
    try:
        with session_scope(database_url) as session:
            return sla_overdracht_op(session, verzoek, roster=roster, instellingen=inst)
    except Exception as exc:
        if not wachtrij.is_database_weg(exc):
            raise
        log.error("event=database_onbereikbaar_bij_overdracht fout=%s", type(exc).__name__)
        return _in_wachtrij(verzoek, roster=roster, inst=inst)


def _in_wachtrij(verzoek: OverdrachtVerzoek, *, roster: Roster, inst: Instellingen
                 ) -> OverdrachtResultaat:
    """The database is away: keep the handover on disk (``verzoek`` is checked and redacted like
    in the database) and tell the employer who will call, from the assignment rules (the stored,
    sticky accountmanager of a known employer and the daily limits are applied when the queue is
    drained)."""
    eerder = wachtrij.al_in_wachtrij(verzoek.gesprek_id, verzoek.toestemming_op.isoformat()) or {}
    # the same handover again (a retried action): keep the id and time already promised
    nu = (datetime.fromisoformat(eerder["nu"]) if eerder.get("nu")
          else verzoek.nu or datetime.utcnow())
    verzoek = replace(
        verzoek, nu=nu,
        publieke_id=eerder.get("publieke_id") or verzoek.publieke_id or new_public_id(),
        kenmerk=(eerder.get("kenmerk") or verzoek.kenmerk
                 or new_kenmerk(vandaag_lokaal(nu).year)))
    pad = wachtrij.zet_in_wachtrij(verzoek.als_dict())
    vast = roster.kies(verzoek.gemeente, verzoek.sector, verzoek.bedrijfsgrootte)
    am = roster.beschikbaar(vast, vandaag_lokaal(nu))
    log.warning("event=overdracht_uitgesteld bestand=%s accountmanager=%s", pad.name, am.id)
    return OverdrachtResultaat(
        publieke_id=verzoek.publieke_id,
        accountmanager=AccountmanagerGegevens.van(am),
        is_vervanger=am.id != vast.id,
        vaste_accountmanager_naam=vast.naam,
        uiterlijk_contact=uiterlijk_contact(nu, roster.servicenorm_voor(am)),
        inbox_url=mail.inbox_link(inst.inbox_url, verzoek.publieke_id),
        is_nieuw=True,
        is_bestaand=False,
        in_wachtrij=True,
        kenmerk=verzoek.kenmerk,
    )


def sla_wachtrij_op(gegevens: Mapping[str, Any], *, roster: Roster, database_url: str | None = None,
                    instellingen: Instellingen | None = None) -> OverdrachtResultaat:
    """Store one queued handover (see ``wsp.overdracht.wachtrij``); idempotent. The file is
    read back through ``OverdrachtVerzoek.uit_dict`` (checked and redacted again)."""
    inst = instellingen or Instellingen.from_env()
    verzoek = OverdrachtVerzoek.uit_dict(gegevens)
    with session_scope(database_url) as session:
        return sla_overdracht_op(session, verzoek, roster=roster, instellingen=inst)


MAX_AANVULLINGEN = 5  # per handover, from the chat


def voeg_aanvulling_toe(*, gesprek_id: str, kenmerk: str, tekst: str, roster: Roster,
                        database_url: str | None = None,
                        instellingen: Instellingen | None = None, nu: datetime | None = None
                        ) -> bool:
    """The employer adds something to her open handover from the same conversation: a line in
    the handover's history (redacted) and a mail to the accountmanager who handles it, in one
    transaction. Only the conversation that made the handover can add to it (``gesprek_id`` and
    ``kenmerk`` must both match). False when there is no such handover (yet: it may still wait in
    the on-disk queue), the text is empty or the limit is reached."""
    schoon_tekst = validatie.schoon_vraag(tekst)
    gesprek_id = validatie.schoon_gesprek_id(gesprek_id)
    if not schoon_tekst or not kenmerk:
        return False
    inst = instellingen or Instellingen.from_env()
    nu = _naive_utc(nu) if nu else datetime.utcnow()
    with session_scope(database_url) as session:
        o = session.execute(select(Overdracht).where(
            Overdracht.kenmerk == kenmerk, Overdracht.gesprek_id == gesprek_id)).scalars().first()
        if o is None:
            return False
        eerder = [s for s in o.statuswijzigingen if s.soort == "aanvulling"]
        if len(eerder) >= MAX_AANVULLINGEN:
            log.warning("event=aanvulling_limiet overdracht=%s", o.publieke_id)
            return False
        regel = Statuswijziging(overdracht_id=o.id, van=o.status, naar=o.status, door="werkgever",
                                toelichting=schoon_tekst, op=nu, soort="aanvulling")
        session.add(regel)
        session.flush()
        am = roster.get(o.accountmanager_id) or _onbekende_am(o.accountmanager_id)
        if am.email:
            sleutel = idempotentie_sleutel(o.publieke_id, f"aanvulling-{regel.id}")
            bericht = mail.stel_aanvullingsmail_op(o, am, schoon_tekst, inst.inbox_url, sleutel,
                                                   nu)
            session.add(OutboxBericht(
                overdracht_id=o.id, soort="mail", ontvanger=am.email,
                onderwerp=_cut(str(bericht["Subject"]), 300), inhoud=bericht.as_string(),
                idempotentie_sleutel=sleutel, status="wachtend", pogingen=0,
                volgende_poging_op=nu, aangemaakt_op=nu))
        o.bijgewerkt_op = nu
        log.info("event=aanvulling_opgeslagen overdracht=%s", o.publieke_id)
    return True
