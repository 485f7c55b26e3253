"""Inbox accounts: passwords (scrypt via werkzeug.security), API tokens (only a hash is stored)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from wsp.inbox.models import ROLLEN, Gebruiker
from wsp.overdracht.models import utcnow

MIN_WACHTWOORD = 10
TOKEN_PREFIX = "wsp_"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class GebruikerFout(ValueError):
    """A Dutch message for the person managing accounts."""


def normaliseer_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_wachtwoord(wachtwoord: str) -> str:
    return generate_password_hash(wachtwoord, method="scrypt")


@lru_cache(maxsize=1)
def _nephash() -> str:
    return hash_wachtwoord(secrets.token_urlsafe(16))


def controleer_wachtwoord(gebruiker: Gebruiker | None, wachtwoord: str) -> bool:
    """True when the password fits. Unknown accounts cost the same time as known ones."""
    if gebruiker is None:
        check_password_hash(_nephash(), wachtwoord)
        return False
    return check_password_hash(gebruiker.wachtwoord_hash, wachtwoord)


def hash_token(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, and makes lookup by hash possible.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def zoek(db: Session, email: str) -> Gebruiker | None:
    return db.execute(
        select(Gebruiker).where(Gebruiker.email == normaliseer_email(email))
    ).scalar_one_or_none()


def zoek_op_token(db: Session, token: str) -> Gebruiker | None:
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    gebruiker = db.execute(
        select(Gebruiker).where(Gebruiker.api_token_hash == hash_token(token))
    ).scalar_one_or_none()
    if gebruiker is None or not secrets.compare_digest(gebruiker.api_token_hash, hash_token(token)):
        return None
    return gebruiker if gebruiker.actief else None


def controleer_nieuw_wachtwoord(wachtwoord: str) -> None:
    if len(wachtwoord) < MIN_WACHTWOORD:
        raise GebruikerFout(f"Het wachtwoord moet minstens {MIN_WACHTWOORD} tekens hebben.")


def maak_gebruiker(
    db: Session,
    email: str,
    wachtwoord: str,
    rol: str = "accountmanager",
    accountmanager_id: str | None = None,
) -> Gebruiker:
    email = normaliseer_email(email)
    if not _EMAIL.match(email):
        raise GebruikerFout(f"'{email}' is geen geldig e-mailadres.")
    if rol not in ROLLEN:
        raise GebruikerFout(f"Onbekende rol '{rol}'. Kies uit: {', '.join(ROLLEN)}.")
    if rol == "accountmanager" and not accountmanager_id:
        raise GebruikerFout(
            "Een accountmanager heeft een id uit het rooster nodig (--accountmanager)."
        )
    controleer_nieuw_wachtwoord(wachtwoord)
    if zoek(db, email) is not None:
        raise GebruikerFout(f"Er bestaat al een account voor {email}.")
    gebruiker = Gebruiker(
        email=email,
        rol=rol,
        accountmanager_id=accountmanager_id or None,
        wachtwoord_hash=hash_wachtwoord(wachtwoord),
        actief=True,
        sessie_versie=0,
    )
    db.add(gebruiker)
    db.flush()
    return gebruiker


def zet_wachtwoord(gebruiker: Gebruiker, wachtwoord: str) -> None:
    controleer_nieuw_wachtwoord(wachtwoord)
    gebruiker.wachtwoord_hash = hash_wachtwoord(wachtwoord)
    beeindig_sessies(gebruiker)


def beeindig_sessies(gebruiker: Gebruiker) -> None:
    gebruiker.sessie_versie = (gebruiker.sessie_versie or 0) + 1


def maak_token(gebruiker: Gebruiker) -> str:
    """A new API token (replaces the previous one). Returned once; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    gebruiker.api_token_hash = hash_token(token)
    gebruiker.api_token_aangemaakt_op = utcnow()
    return token


def aangemeld(gebruiker: Gebruiker, op: datetime | None = None) -> None:
    gebruiker.laatst_aangemeld_op = op or utcnow()
