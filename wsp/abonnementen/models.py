"""Tables of proactive information: subscriptions (with the consent record), the published
version of the editors' content, publications and their recipients.

Column names are Dutch, as in the rest of the domain; times are naive UTC. Tokens from mail links
are never stored: only their SHA-256 (``*_hash``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from wsp.orm import Base

# wachtend: asked in the chat, not yet confirmed by mail (nothing is sent but the confirmation
# mail); actief: confirmed; afgemeld: unsubscribed (anonymised after the retention period)
ABONNEMENT_STATUSSEN = ("wachtend", "actief", "afgemeld")
PUBLICATIE_SOORTEN = ("startpunt", "redactie", "stil", "automatisch")


def utcnow() -> datetime:
    return datetime.utcnow()


def nieuw_id() -> str:
    return uuid.uuid4().hex


class Abonnement(Base):
    """An employer's request to hear about changes, and the consent that goes with it."""

    __tablename__ = "abonnementen"

    id = Column(Integer, primary_key=True)
    publieke_id = Column(String(32), unique=True, nullable=False, default=nieuw_id)
    email = Column(String(254), nullable=True, index=True)  # lower case; None once anonymised
    gemeente = Column(String(64), nullable=True, index=True)  # None: national changes only
    regelingen = Column(JSON, nullable=False, default=list)  # [] = every regeling
    status = Column(String(16), nullable=False, default="wachtend", index=True)
    # the fixed accountmanager chosen when the employer asked (the employer row keeps it)
    accountmanager_id = Column(String(64), nullable=True)
    # consent: what (gemeente, regelingen), when (aangevraagd_op, bevestigd_op) and which text
    toestemmingstekst = Column(Text, nullable=False)
    toestemming_versie = Column(String(32), nullable=False)
    gesprek_id = Column(String(255), nullable=True, index=True)  # Rasa sender_id
    kanaal = Column(String(32), nullable=False, default="rest")
    aangevraagd_op = Column(DateTime, nullable=False, default=utcnow, index=True)
    bevestigd_op = Column(DateTime, nullable=True)
    afgemeld_op = Column(DateTime, nullable=True)
    afmeldwijze = Column(String(16), nullable=True)  # link | een_klik | beheer
    bevestig_hash = Column(String(64), unique=True, nullable=True)
    afmeld_hash = Column(String(64), unique=True, nullable=True)


class GepubliceerdeVersie(Base):
    """The content as it was last announced (the whole normalised snapshot, see momentopname).
    ``volgnummer`` is unique, so two editors publishing at once cannot both win."""

    __tablename__ = "gepubliceerde_versies"

    id = Column(Integer, primary_key=True)
    volgnummer = Column(Integer, unique=True, nullable=False)
    vingerafdruk = Column(String(64), nullable=False)
    inhoud = Column(Text, nullable=False)  # JSON: {item key: item}
    aangemaakt_op = Column(DateTime, nullable=False, default=utcnow)


class Publicatie(Base):
    __tablename__ = "publicaties"

    id = Column(Integer, primary_key=True)
    publieke_id = Column(String(32), unique=True, nullable=False, default=nieuw_id)
    soort = Column(String(16), nullable=False)  # one of PUBLICATIE_SOORTEN
    notitie = Column(Text, nullable=True)
    door = Column(String(100), nullable=True)
    versie_id = Column(Integer, ForeignKey("gepubliceerde_versies.id"), nullable=True)
    wijzigingen = Column(JSON, nullable=False, default=list)  # list of Wijziging dicts
    aangemaakt_op = Column(DateTime, nullable=False, default=utcnow, index=True)

    ontvangers = relationship("PublicatieOntvanger", back_populates="publicatie",
                              order_by="PublicatieOntvanger.id")


class PublicatieOntvanger(Base):
    """One mail of a publication: one per e-mail address, whatever number of its subscriptions
    and changes it groups."""

    __tablename__ = "publicatie_ontvangers"
    __table_args__ = (UniqueConstraint("publicatie_id", "email", name="uq_publicatie_email"),)

    id = Column(Integer, primary_key=True)
    publicatie_id = Column(Integer, ForeignKey("publicaties.id"), nullable=False, index=True)
    email = Column(String(254), nullable=True, index=True)
    abonnement_ids = Column(JSON, nullable=False, default=list)
    gemeenten = Column(JSON, nullable=False, default=list)
    wijzigingen = Column(JSON, nullable=False, default=list)  # indexes into publicatie.wijzigingen
    accountmanager_id = Column(String(64), nullable=True, index=True)  # the employer's fixed one
    outbox_sleutel = Column(String(64), unique=True, nullable=False)
    afmeld_hash = Column(String(64), unique=True, nullable=True)
    open_hash = Column(String(64), unique=True, nullable=True)
    geopend_op = Column(DateTime, nullable=True)
    afgemeld_op = Column(DateTime, nullable=True)  # unsubscribed through this mail
    aangemaakt_op = Column(DateTime, nullable=False, default=utcnow)

    publicatie = relationship("Publicatie", back_populates="ontvangers")


class AangekondigdBedrag(Base):
    """A dated statutory amount (minimum wage of a half-year, LKV of a year) that has been
    announced, by the daily run or by an editor's publication: never twice."""

    __tablename__ = "aangekondigde_bedragen"

    sleutel = Column(String(200), primary_key=True)
    publicatie_id = Column(Integer, ForeignKey("publicaties.id"), nullable=True)
    op = Column(DateTime, nullable=False, default=utcnow)
