"""Inbox accounts (accountmanagers and team leads) and their API tokens."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, String

from wsp.orm import Base
from wsp.overdracht.models import utcnow

ROLLEN = ("accountmanager", "teamleider")


class Gebruiker(Base):
    __tablename__ = "gebruikers"

    id = Column(Integer, primary_key=True)
    email = Column(String(254), unique=True, nullable=False, index=True)
    accountmanager_id = Column(String(64), nullable=True)  # roster id; None for a pure team lead
    rol = Column(String(20), nullable=False, default="accountmanager")
    wachtwoord_hash = Column(String(255), nullable=False)
    api_token_hash = Column(String(128), nullable=True, unique=True)
    actief = Column(Boolean, nullable=False, default=True)
    aangemaakt_op = Column(DateTime, nullable=False, default=utcnow)
    # Raised on sign-out, disabling and password change: every session cookie issued
    # before that stops working (cookies carry the number they were issued with).
    sessie_versie = Column(Integer, nullable=False, default=0)
    laatst_aangemeld_op = Column(DateTime, nullable=True)
    api_token_aangemaakt_op = Column(DateTime, nullable=True)
