"""Harmonised per-municipality rules: national knowledge, the regional baseline, each
municipality's deviations, place resolution, the LKS calculation, answer texts and the
editors' CLI (``python -m wsp.regels``). Framework-free: no rasa, no rasa_sdk.

Typical use (action server)::

    from wsp.regels import default_store, antwoorden
    repo = default_store().current()          # cheap; reloads when an editor changed a file
    antwoord = antwoorden.antwoord_regeling(repo, "loonkostensubsidie", "rheden")
"""

from __future__ import annotations

from .berekening import InvoerFout
from .laden import Controle, controleer, load_repository
from .meldingen import Melding, OngeldigeGegevens
from .model import (
    Accountmanager,
    Afwezigheid,
    Berekening,
    Bronvermelding,
    EffectiveRules,
    Gemeente,
    Organisatie,
    PlaatsResolutie,
    Regeling,
    RegelItem,
    Servicenorm,
    Stap,
    Toewijzing,
    Vergelijking,
    Vraag,
)
from .repository import OnbekendeNaam, Repository
from .store import RuleStore, default_store


def regeling_namen() -> dict[str, str]:
    """The registry of instruments and topics: id -> name as employers read it, from knowledge/."""
    return {r.id: r.naam for r in default_store().current().regelingen.values()}


__all__ = [
    "regeling_namen",
    "Accountmanager",
    "Afwezigheid",
    "Berekening",
    "Bronvermelding",
    "Controle",
    "EffectiveRules",
    "Gemeente",
    "InvoerFout",
    "Melding",
    "OngeldigeGegevens",
    "OnbekendeNaam",
    "Organisatie",
    "PlaatsResolutie",
    "RegelItem",
    "Regeling",
    "Repository",
    "RuleStore",
    "Servicenorm",
    "Stap",
    "Toewijzing",
    "Vergelijking",
    "Vraag",
    "controleer",
    "default_store",
    "load_repository",
]
