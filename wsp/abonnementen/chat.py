"""What the chat needs to subscribe an employer, without Rasa: the "Houd mij op de hoogte" button,
which instruments and which municipality the conversation is about, parsing the answers, and the
call that stores the request. ``actions/abonnement.py`` stays a thin layer over this.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Sequence

from wsp.abonnementen import service, teksten
from wsp.db import session_scope
from wsp.gesprek import is_stop, parse_email
from wsp.overdracht import wachtrij
from wsp.overdracht.transcript import regelingen_uit_events

log = logging.getLogger("wsp.abonnementen")

INTENT = "subscribe_updates"
KNOP_TITEL = "Houd mij op de hoogte"
# The button the answer actions can append after an answer: {"title": ..., "payload": ...}
ABONNEMENT_KNOP: dict[str, str] = {"title": KNOP_TITEL, "payload": f"/{INTENT}"}


def abonnement_knop(regeling: str | None = None) -> dict[str, str]:
    """The "Houd mij op de hoogte" button; with ``regeling`` it subscribes to that instrument."""
    if not regeling:
        return dict(ABONNEMENT_KNOP)
    entiteit = json.dumps({"regeling": regeling}, ensure_ascii=False, separators=(",", ":"))
    return {"title": KNOP_TITEL, "payload": f"/{INTENT}{entiteit}"}


def regelingen_van_gesprek(genoemd: Sequence[str], events: Iterable[Mapping[str, Any]],
                           slot: str | None, bekend: Iterable[str]) -> list[str]:
    """The instruments to subscribe to: those named in the request itself; else those the
    conversation was about (slot and entities); [] means every instrument."""
    bekend = set(bekend)
    uit = [r for r in genoemd if r in bekend]
    if uit:
        return list(dict.fromkeys(uit))
    gesprek = [r for r in regelingen_uit_events(list(events)) if r in bekend]
    if slot in bekend and slot not in gesprek:
        gesprek.append(slot)
    return gesprek


@dataclass(frozen=True)
class GemeenteAntwoord:
    gemeente: str | None = None
    buiten_regio: str | None = None  # the place as written, when it lies outside the region
    stop: bool = False


def lees_gemeente(repository: Any, tekst: str | None, plaatsen: Sequence[str] = ()
                  ) -> GemeenteAntwoord:
    """The municipality in an answer ("Giesbeek" -> zevenaar); NLU entities first."""
    tekst = (tekst or "").strip()
    if is_stop(tekst):
        return GemeenteAntwoord(stop=True)
    kandidaten = [repository.resolve_plaats(p) for p in plaatsen if p]
    if not any(k.gevonden for k in kandidaten) and tekst and not tekst.startswith("/"):
        kandidaten = [repository.resolve_plaats(tekst)]
        if not kandidaten[0].gevonden:
            kandidaten = list(repository.find_plaatsen(tekst))
    for k in kandidaten:
        if k.gevonden and k.gemeente and k.in_regio:
            return GemeenteAntwoord(gemeente=k.gemeente)
    for k in kandidaten:
        if k.gevonden:
            return GemeenteAntwoord(buiten_regio=k.naam)
    return GemeenteAntwoord()


def gemeente_knoppen(repository: Any) -> list[dict[str, str]]:
    gemeenten = getattr(repository, "gemeenten_in_regio", None)
    if gemeenten is None:
        gemeenten = [g for g in repository.gemeenten.values() if g.in_regio]
    return [{"title": g.naam, "payload": g.naam} for g in gemeenten]


@dataclass(frozen=True)
class EmailAntwoord:
    email: str | None = None
    stop: bool = False


def lees_email(tekst: str | None) -> EmailAntwoord:
    tekst = (tekst or "").strip()
    if is_stop(tekst):
        return EmailAntwoord(stop=True)
    return EmailAntwoord(email=parse_email(tekst))


def toestemmingstekst(repository: Any, regelingen: Sequence[str], gemeente: str | None) -> str:
    return service.toestemmingstekst(service.Inhoud.van_repository(repository), regelingen,
                                     gemeente)


def nu_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Uitkomst:
    tekst: str
    gelukt: bool


def vraag_aan(repository: Any, *, email: str, gemeente: str | None, regelingen: Sequence[str],
              gesprek_id: str, kanaal: str, aangevraagd: str | None,
              toestemming: str | None = None, database_url: str | None = None) -> Uitkomst:
    """Store the request with the consent text the employer was shown (``toestemming``; built
    again from the same inputs when missing) and queue the confirmation mail. Returns the
    employer's answer text."""
    inhoud = service.Inhoud.van_repository(repository)
    toestemming = toestemming or service.toestemmingstekst(inhoud, regelingen, gemeente)
    moment = None
    if aangevraagd:
        try:
            moment = datetime.fromisoformat(aangevraagd)
        except ValueError:
            moment = None
    try:
        with session_scope(database_url) as session:
            aanvraag = service.vraag_aan(
                session, email=email, gemeente=gemeente, regelingen=regelingen,
                toestemming=toestemming, inhoud=inhoud, gesprek_id=gesprek_id, kanaal=kanaal,
                nu=moment)
    except service.AbonnementFout:
        return Uitkomst(teksten.GEEN_EMAIL, False)
    except Exception as exc:
        if not wachtrij.is_database_weg(exc):
            raise
        log.error("event=database_onbereikbaar_bij_abonnement fout=%s", type(exc).__name__)
        return Uitkomst(teksten.DATABASE_WEG, False)
    # the same answer whether or not the address was subscribed already: the chat does not
    # tell anyone who types an address whether it is on the list
    return Uitkomst(teksten.aangevraagd(aanvraag.email), True)
