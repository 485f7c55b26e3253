"""Insights for the WSP from the stored conversations and handovers. Framework-free: reads Rasa's
tracker table ``events`` and the handover tables with SQLAlchemy Core, read-only; never imports Rasa.

- ``redactie``: questions the assistant did not understand, turned away, or answered with a 👎,
  grouped, with example wordings and an export as NLU candidates; expired sources.
- ``management``: per ISO week and municipality: conversations, topics, handovers (rate, reasons),
  time to first contact, 👍/👎 (aggregates only; CSV).
- ``regio``: deviations from the regional baseline next to how often employers asked about them.

CLI: ``python -m wsp.inzichten redactie|management|regio``; page: ``/inzichten`` in the inbox
(team leads only).
"""

from __future__ import annotations

from dataclasses import dataclass

from .bronnen import (
    BronFout,
    OverdrachtRij,
    alleen_lezen,
    lees_events,
    lees_overdrachten,
    tracker_url,
)
from .gesprekken import Gesprek, gesprekken
from .periode import DatumFout, Periode

__all__ = [
    "BronFout",
    "DatumFout",
    "Gegevens",
    "Gesprek",
    "Periode",
    "laad",
    "laad_gesprekken",
    "tracker_url",
]


@dataclass(frozen=True)
class Gegevens:
    periode: Periode
    gesprekken: tuple[Gesprek, ...]
    overdrachten: tuple[OverdrachtRij, ...]


def laad_gesprekken(periode: Periode, tracker_database_url: str | None = None) -> tuple[Gesprek, ...]:
    """Conversations from the tracker database (``WSP_TRACKER_DATABASE_URL`` when not given)."""
    engine = alleen_lezen(tracker_database_url or tracker_url())
    return tuple(gesprekken(lees_events(engine, periode)))


def laad(
    periode: Periode, tracker_database_url: str | None = None, database_url: str | None = None
) -> Gegevens:
    """Conversations from the tracker database and handovers from the handover database
    (``WSP_DATABASE_URL`` when not given), both read-only."""
    from wsp.db import database_url as standaard_database_url

    gesprekken_ = laad_gesprekken(periode, tracker_database_url)
    with alleen_lezen(database_url or standaard_database_url()).connect() as conn:
        overdrachten = tuple(lees_overdrachten(conn, periode))
    return Gegevens(periode, gesprekken_, overdrachten)
