"""Test data for the inbox tests: a small roster, accounts, and handovers written straight into the
tables (as the assistant's handover service would store them)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wsp.db import Base, engine_for, session_scope
from wsp.inbox.gebruikers import hash_wachtwoord
from wsp.inbox.models import Gebruiker

WACHTWOORD = "correct-paard-batterij"

ROOSTER_YAML = """\
# Test roster (same shape as regional_rules/accountmanagers.yml)
organisatie: {naam: WerkgeversServicepunt Midden-Gelderland}
servicenorm: {werkdagen: 2}
accountmanagers:
  - id: am-arnhem-1
    naam: Anna de Vries
    rol: Accountmanager werkgevers
    email: anna@wsp-voorbeeld.nl
    telefoon: "026 000 00 01"
  - id: am-zevenaar-1
    naam: Bert Jansen
    rol: Accountmanager werkgevers
    email: bert@wsp-voorbeeld.nl
    telefoon: "0316 00 00 02"
  - id: am-rheden-1
    naam: Chantal Bakker
    rol: Accountmanager werkgevers
    email: chantal@wsp-voorbeeld.nl
    telefoon: "026 000 00 03"
"""


@dataclass(frozen=True)
class Account:
    email: str
    accountmanager_id: str | None
    rol: str
    wachtwoord: str = WACHTWOORD


ANNA = Account("anna@wsp-voorbeeld.nl", "am-arnhem-1", "accountmanager")
BERT = Account("bert@wsp-voorbeeld.nl", "am-zevenaar-1", "accountmanager")
TEAMLEIDER = Account("teamleider@wsp-voorbeeld.nl", None, "teamleider")


def schrijf_rooster(pad: Path) -> Path:
    pad.write_text(ROOSTER_YAML, encoding="utf-8")
    return pad


@lru_cache(maxsize=1)
def _hash() -> str:
    return hash_wachtwoord(WACHTWOORD)  # scrypt is slow on purpose: hash once per test run


def maak_accounts(url: str, *accounts: Account) -> None:
    with session_scope(url) as db:
        for a in accounts or (ANNA, BERT, TEAMLEIDER):
            db.add(
                Gebruiker(
                    email=a.email,
                    accountmanager_id=a.accountmanager_id,
                    rol=a.rol,
                    wachtwoord_hash=_hash(),
                    actief=True,
                    sessie_versie=0,
                )
            )


def leeg_database(url: str) -> None:
    with engine_for(url).begin() as conn:
        for tabel in reversed(Base.metadata.sorted_tables):
            conn.execute(tabel.delete())


