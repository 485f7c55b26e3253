"""Retention and erasure of subscriptions; called by ``python -m wsp.bewaren``.

- ``opschonen``: a request that was never confirmed is deleted once its link has expired, with
  its confirmation mail; a subscription that was stopped is anonymised once the retention period
  has passed since (address, conversation id and link hashes removed; what the figures need stays:
  municipality, instruments, dates), and so are the mails it received.
- ``vergeet``: everything of one e-mail address goes: its subscriptions (and consent records),
  its recipient rows, its mails in the outbox with their delivery attempts; the caller also
  deletes the spooled ``.eml`` files and the conversations in which it subscribed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from wsp.abonnementen import teksten
from wsp.abonnementen.models import Abonnement, PublicatieOntvanger
from wsp.overdracht.models import Bezorgpoging, OutboxBericht

VERWIJDERD = "[verwijderd]"


def bevestig_sleutel(publieke_id: str) -> str:
    return f"abon-{publieke_id}-bevestig"


def _verwijder_berichten(session: Session, sleutels: list[str]) -> int:
    if not sleutels:
        return 0
    ids = session.execute(select(OutboxBericht.id).where(
        OutboxBericht.idempotentie_sleutel.in_(sleutels))).scalars().all()
    if ids:
        session.execute(delete(Bezorgpoging).where(Bezorgpoging.bericht_id.in_(ids)))
        session.execute(delete(OutboxBericht).where(OutboxBericht.id.in_(ids)))
    return len(ids)


@dataclass
class Opgeschoond:
    verlopen: int = 0  # unconfirmed requests deleted
    geanonimiseerd: int = 0  # stopped subscriptions anonymised
    sleutels: list[str] = field(default_factory=list)  # their mails (spool files may exist)


def opschonen(session: Session, grens: dt.datetime, nu: dt.datetime,
              droog: bool = False) -> Opgeschoond:
    uit = Opgeschoond()
    verlopen = session.execute(select(Abonnement).where(
        Abonnement.status == "wachtend",
        Abonnement.aangevraagd_op < nu - dt.timedelta(days=teksten.BEVESTIG_DAGEN),
    )).scalars().all()
    uit.verlopen = len(verlopen)
    uit.sleutels += [bevestig_sleutel(a.publieke_id) for a in verlopen]

    gestopt = session.execute(select(Abonnement).where(
        Abonnement.status == "afgemeld", Abonnement.afgemeld_op < grens,
        or_(Abonnement.email.is_not(None), Abonnement.gesprek_id.is_not(None)),
    )).scalars().all()
    uit.geanonimiseerd = len(gestopt)
    adressen = {a.email for a in gestopt if a.email}
    # an address that still has a running subscription keeps its recipient rows
    nog_actief = set(session.execute(select(Abonnement.email).where(
        Abonnement.email.in_(adressen), Abonnement.status != "afgemeld")).scalars().all()
    ) if adressen else set()
    weg = sorted(adressen - nog_actief)
    ontvangers = session.execute(select(PublicatieOntvanger).where(
        PublicatieOntvanger.email.in_(weg))).scalars().all() if weg else []
    mail_sleutels = [o.outbox_sleutel for o in ontvangers]
    mail_sleutels += [bevestig_sleutel(a.publieke_id) for a in gestopt]
    uit.sleutels += mail_sleutels
    if droog:
        return uit
    _verwijder_berichten(session, [bevestig_sleutel(a.publieke_id) for a in verlopen])
    for a in verlopen:
        session.delete(a)
    for a in gestopt:
        a.email, a.gesprek_id, a.bevestig_hash, a.afmeld_hash = None, None, None, None
    for o in ontvangers:
        o.email, o.afmeld_hash, o.open_hash = None, None, None
    if mail_sleutels:
        session.execute(
            update(OutboxBericht).where(OutboxBericht.idempotentie_sleutel.in_(mail_sleutels),
                                        OutboxBericht.status.in_(("verzonden", "opgegeven")))
            .values(ontvanger=VERWIJDERD, inhoud=VERWIJDERD, onderwerp=None)
            .execution_options(synchronize_session=False))
    session.flush()
    return uit


@dataclass
class Vergeten:
    abonnementen: int = 0
    ontvangers: int = 0
    berichten: int = 0
    sleutels: list[str] = field(default_factory=list)
    gesprek_ids: list[str] = field(default_factory=list)


def vergeet(session: Session, email: str, droog: bool = False) -> Vergeten:
    """Delete everything of ``email`` (lower case). Flushes; the caller commits."""
    uit = Vergeten()
    abonnementen = session.execute(select(Abonnement).where(Abonnement.email == email)
                                   ).scalars().all()
    ontvangers = session.execute(select(PublicatieOntvanger).where(
        PublicatieOntvanger.email == email)).scalars().all()
    uit.abonnementen, uit.ontvangers = len(abonnementen), len(ontvangers)
    uit.gesprek_ids = sorted({a.gesprek_id for a in abonnementen if a.gesprek_id})
    uit.sleutels = ([bevestig_sleutel(a.publieke_id) for a in abonnementen]
                    + [o.outbox_sleutel for o in ontvangers])
    uit.berichten = len(session.execute(select(OutboxBericht.id).where(
        OutboxBericht.idempotentie_sleutel.in_(uit.sleutels))).scalars().all()) if uit.sleutels else 0
    if droog:
        return uit
    _verwijder_berichten(session, uit.sleutels)
    for o in ontvangers:
        session.delete(o)
    for a in abonnementen:
        session.delete(a)
    session.flush()
    return uit
