"""Tables of the handover (overdracht): employers, handovers, status history, notes, outbox.

Column names are Dutch, as in the rest of the domain. Times are stored as naive UTC.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from wsp.orm import Base

STATUSSEN = ("nieuw", "in_behandeling", "wacht_op_werkgever", "afgerond")
# What a line of the history (table statuswijzigingen) records; None on rows from before the column.
SOORTEN = ("status", "toewijzing", "contactpoging", "antwoord", "herinnering", "aanvulling")
CONTACT_MANIEREN = ("telefoon", "e-mail", "anders")
CONTACT_RESULTATEN = ("gesproken", "voicemail", "niet_bereikt")
REDENEN = ("gevraagd", "onbegrepen", "buiten_bereik", "maatwerk", "geen_regel", "niet_geholpen")


def utcnow() -> datetime:
    return datetime.utcnow()


def new_public_id() -> str:
    return uuid.uuid4().hex


# The reference the employer gets in the chat and the confirmation mail ("WSP-2026-7KQ4XM"): short
# enough to read out on the phone, no look-alike characters (0/O, 1/I/L), 31^6 ≈ 9·10^8 codes a
# year, so it cannot be guessed. It opens nothing by itself: the inbox link uses ``publieke_id``.
KENMERK_VOORVOEGSEL = "WSP"
KENMERK_TEKENS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
KENMERK_LENGTE = 6


def new_kenmerk(jaar: int) -> str:
    code = "".join(secrets.choice(KENMERK_TEKENS) for _ in range(KENMERK_LENGTE))
    return f"{KENMERK_VOORVOEGSEL}-{jaar}-{code}"


class Werkgever(Base):
    """An employer, recognised by e-mail address or KvK number, with a sticky accountmanager."""

    __tablename__ = "werkgevers"

    id = Column(Integer, primary_key=True)
    email = Column(String(254), unique=True, nullable=True, index=True)  # lower case
    kvk = Column(String(8), unique=True, nullable=True, index=True)
    accountmanager_id = Column(String(64), nullable=False)
    aangemaakt_op = Column(DateTime, nullable=False, default=utcnow)

    overdrachten = relationship("Overdracht", back_populates="werkgever")


class Overdracht(Base):
    """A conversation handed over to a named accountmanager."""

    __tablename__ = "overdrachten"
    # One handover per consent in a conversation: makes maak_overdracht idempotent on retries,
    # also when two calls race.
    __table_args__ = (
        UniqueConstraint("gesprek_id", "toestemming_op", name="uq_overdracht_gesprek_toestemming"),
    )

    id = Column(Integer, primary_key=True)
    publieke_id = Column(String(32), unique=True, nullable=False, default=new_public_id)
    # the employer's reference (new_kenmerk); None on handovers stored before this column
    kenmerk = Column(String(20), unique=True, nullable=True)
    gesprek_id = Column(String(255), nullable=False, index=True)  # Rasa sender_id
    werkgever_id = Column(Integer, ForeignKey("werkgevers.id"), nullable=True)
    accountmanager_id = Column(String(64), nullable=False, index=True)
    # set when a substitute handles it because the fixed accountmanager is absent
    vaste_accountmanager_id = Column(String(64), nullable=True)
    reden = Column(String(32), nullable=False)  # one of REDENEN
    # The employer's municipality (slot ``gemeente``). Handovers stored before ``woongemeente``
    # existed may hold the employee's municipality here when the employer named no other.
    gemeente = Column(String(64), nullable=True)
    # The municipality where the employee lives (slot ``woongemeente``): it decides on LKS.
    woongemeente = Column(String(64), nullable=True)
    # What the assistant collected from the employer, by slot: {"regeling": .., "uren": ..,
    # "uitkering": .., "doelgroepregister": .., "startdatum": ..} (wsp.overdracht.feiten); never
    # anything about health. None for handovers stored before this column.
    feiten = Column(JSON, nullable=True)
    regelingen = Column(JSON, nullable=False, default=list)
    vraag = Column(Text, nullable=True)
    naam = Column(String(200), nullable=True)
    organisatie = Column(String(200), nullable=True)
    email = Column(String(254), nullable=True)
    telefoon = Column(String(32), nullable=True)
    kvk = Column(String(8), nullable=True)
    contactvoorkeur = Column(String(200), nullable=True)  # way and time, in the employer's words
    toestemming_op = Column(DateTime, nullable=True)
    laatste_antwoorden = Column(JSON, nullable=False, default=list)  # list[str], redacted
    # list of {"afzender": "werkgever"|"assistent", "tekst": str, "tijd": iso str, "knoppen": [..]}
    transcript = Column(JSON, nullable=False, default=list)
    kanaal = Column(String(32), nullable=False, default="rest")
    status = Column(String(20), nullable=False, default="nieuw", index=True)
    afsluitreden = Column(Text, nullable=True)
    servicenorm_werkdagen = Column(Integer, nullable=False, default=2)
    aangemaakt_op = Column(DateTime, nullable=False, default=utcnow, index=True)
    bijgewerkt_op = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    # First time the employer was reached: a call in which someone was spoken to, or a reply mail.
    # Taking a handover on ("in behandeling") is not contact.
    eerste_contact_op = Column(DateTime, nullable=True)
    # Day on which the accountmanager wants to be reminded (waiting for the employer, call back).
    herinnering_op = Column(Date, nullable=True)

    werkgever = relationship("Werkgever", back_populates="overdrachten")
    statuswijzigingen = relationship(
        "Statuswijziging", back_populates="overdracht", order_by="Statuswijziging.op"
    )
    notities = relationship("Notitie", back_populates="overdracht", order_by="Notitie.op")
    berichten = relationship("OutboxBericht", back_populates="overdracht")


class Statuswijziging(Base):
    """One line of a handover's history: a status change, a reassignment, a contact attempt, a
    reply mailed to the employer, a reminder. ``van``/``naar`` are the status before and after (equal
    when the status did not change). Free text lives in ``toelichting`` only, so retention and
    erasure (wsp.bewaren) cover every kind of line."""

    __tablename__ = "statuswijzigingen"

    id = Column(Integer, primary_key=True)
    overdracht_id = Column(Integer, ForeignKey("overdrachten.id"), nullable=False, index=True)
    van = Column(String(20), nullable=True)
    naar = Column(String(20), nullable=False)
    door = Column(String(64), nullable=False)  # accountmanager id or "assistent"
    toelichting = Column(Text, nullable=True)
    op = Column(DateTime, nullable=False, default=utcnow)
    soort = Column(String(20), nullable=True)  # one of SOORTEN; None on older rows
    manier = Column(String(20), nullable=True)  # contactpoging: one of CONTACT_MANIEREN
    resultaat = Column(String(20), nullable=True)  # contactpoging: one of CONTACT_RESULTATEN
    bericht_id = Column(Integer, nullable=True)  # antwoord/herinnering: the outbox row (no FK:
    # retention deletes outbox rows on their own schedule)

    overdracht = relationship("Overdracht", back_populates="statuswijzigingen")


class Notitie(Base):
    __tablename__ = "notities"

    id = Column(Integer, primary_key=True)
    overdracht_id = Column(Integer, ForeignKey("overdrachten.id"), nullable=False, index=True)
    auteur = Column(String(64), nullable=False)  # accountmanager id
    tekst = Column(Text, nullable=False)
    op = Column(DateTime, nullable=False, default=utcnow)

    overdracht = relationship("Overdracht", back_populates="notities")


class OutboxBericht(Base):
    """A notification waiting to be delivered (mail or webhook). Written in the same
    transaction as the handover; delivered by the outbox worker with retries."""

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True)
    overdracht_id = Column(Integer, ForeignKey("overdrachten.id"), nullable=True, index=True)
    soort = Column(String(16), nullable=False)  # "mail" | "webhook"
    ontvanger = Column(String(500), nullable=False)  # e-mail address or URL
    onderwerp = Column(String(300), nullable=True)
    inhoud = Column(Text, nullable=False)  # full RFC 5322 message for mail, JSON for webhook
    idempotentie_sleutel = Column(String(64), unique=True, nullable=False)
    status = Column(String(16), nullable=False, default="wachtend", index=True)
    # wachtend | bezig | verzonden | opgegeven
    pogingen = Column(Integer, nullable=False, default=0)
    volgende_poging_op = Column(DateTime, nullable=False, default=utcnow, index=True)
    geclaimd_tot = Column(DateTime, nullable=True)  # lease while a worker is sending
    laatste_fout = Column(Text, nullable=True)
    aangemaakt_op = Column(DateTime, nullable=False, default=utcnow)
    verzonden_op = Column(DateTime, nullable=True)

    overdracht = relationship("Overdracht", back_populates="berichten")
    bezorgpogingen = relationship(
        "Bezorgpoging", back_populates="bericht", order_by="Bezorgpoging.op"
    )


class Bezorgpoging(Base):
    """Every delivery attempt, visible to operators."""

    __tablename__ = "bezorgpogingen"

    id = Column(Integer, primary_key=True)
    bericht_id = Column(Integer, ForeignKey("outbox.id"), nullable=False, index=True)
    op = Column(DateTime, nullable=False, default=utcnow)
    gelukt = Column(Integer, nullable=False, default=0)
    fout = Column(Text, nullable=True)

    bericht = relationship("OutboxBericht", back_populates="bezorgpogingen")
