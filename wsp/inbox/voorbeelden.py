"""Sample handovers, written straight into the tables, for ``python -m wsp.inbox demo --voorbeelden``
and for the tests. Real handovers are made by the assistant through ``wsp.overdracht``."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Sequence

from sqlalchemy.orm import Session

from wsp.overdracht.models import (
    Bezorgpoging,
    OutboxBericht,
    Overdracht,
    Statuswijziging,
    new_kenmerk,
    utcnow,
)


def _tijd(begin: datetime, minuten: int) -> str:
    return (begin + timedelta(minutes=minuten)).isoformat(timespec="seconds") + "Z"


def voorbeeldgesprek(begin: datetime, vraag: str) -> list[dict[str, Any]]:
    return [
        {
            "afzender": "werkgever",
            "tekst": "Goedendag, wij zitten in Velp en willen iemand uit de Participatiewet aannemen. "
            "Kan ik loonkostensubsidie krijgen?",
            "tijd": _tijd(begin, 0),
        },
        {
            "afzender": "assistent",
            "tekst": "Loonkostensubsidie (LKS) is geld voor u als werkgever als uw medewerker niet het "
            "minimumloon kan verdienen. De gemeente waar de medewerker woont, beslist over de aanvraag.\n"
            "Bron: Participatiewet, artikel 10d (gecontroleerd op 3 november 2025)",
            "tijd": _tijd(begin, 0),
            "knoppen": [
                {"title": "Hoe vraag ik het aan?", "payload": "/ask_how_to_apply"},
                {"title": "Wat geldt in mijn gemeente?", "payload": "/ask_gemeente_rules"},
                {"title": "Ik wil iemand spreken", "payload": "/request_human"},
            ],
        },
        {"afzender": "werkgever", "tekst": vraag, "tijd": _tijd(begin, 2)},
        {
            "afzender": "assistent",
            "tekst": "Dat verschilt per gemeente, en voor Rheden heb ik geen vaste regel. Ik geef uw vraag "
            "graag door aan uw vaste accountmanager. Mag ik uw gegevens daarvoor doorgeven?",
            "tijd": _tijd(begin, 2),
            "knoppen": [
                {"title": "Ja", "payload": "/affirm"},
                {"title": "Nee", "payload": "/deny"},
            ],
        },
        {"afzender": "werkgever", "tekst": "Ja, dat is goed.", "tijd": _tijd(begin, 3)},
        {
            "afzender": "assistent",
            "tekst": "Dank u wel. Uw accountmanager neemt binnen 2 werkdagen contact met u op.",
            "tijd": _tijd(begin, 4),
        },
    ]


def maak_overdracht(
    db: Session,
    accountmanager_id: str,
    *,
    organisatie: str = "Bakkerij De Korenaar",
    naam: str = "Jan Jansen",
    email: str = "jan@korenaar-voorbeeld.nl",
    telefoon: str = "026 123 45 67",
    kvk: str | None = "12345678",
    contactvoorkeur: str | None = "Bellen, liefst 's ochtends",
    vraag: str = "Hoe lang krijg ik loonkostensubsidie, en wie meet de loonwaarde?",
    gemeente: str | None = "rheden",
    regelingen: Sequence[str] = ("loonkostensubsidie",),
    reden: str = "geen_regel",
    transcript: list[dict[str, Any]] | None = None,
    aangemaakt_op: datetime | None = None,
    servicenorm_werkdagen: int = 2,
    melding: str | None = "verzonden",
    woongemeente: str | None = None,
    feiten: dict[str, Any] | None = None,
    werkgever_id: int | None = None,
) -> Overdracht:
    """One handover as the assistant would store it, with its first status line and (optionally) the
    notification in the outbox (``melding``: wachtend, verzonden, opgegeven or None)."""
    aangemaakt_op = aangemaakt_op or utcnow()
    o = Overdracht(
        gesprek_id=f"voorbeeld-{uuid.uuid4().hex[:12]}",
        kenmerk=new_kenmerk(aangemaakt_op.year),
        accountmanager_id=accountmanager_id,
        reden=reden,
        gemeente=gemeente,
        woongemeente=woongemeente,
        feiten=feiten,
        werkgever_id=werkgever_id,
        regelingen=list(regelingen),
        vraag=vraag,
        naam=naam,
        organisatie=organisatie,
        email=email,
        telefoon=telefoon,
        kvk=kvk,
        contactvoorkeur=contactvoorkeur,
        toestemming_op=aangemaakt_op,
        transcript=transcript if transcript is not None else voorbeeldgesprek(aangemaakt_op, vraag),
        kanaal="rest",
        status="nieuw",
        servicenorm_werkdagen=servicenorm_werkdagen,
        aangemaakt_op=aangemaakt_op,
        bijgewerkt_op=aangemaakt_op,
    )
    db.add(o)
    db.add(
        Statuswijziging(overdracht=o, van=None, naar="nieuw", door="assistent", op=aangemaakt_op)
    )
    if melding:
        bericht = OutboxBericht(
            overdracht=o,
            soort="mail",
            ontvanger=f"{accountmanager_id}@wsp-voorbeeld.nl",
            onderwerp=f"Nieuwe overdracht: {organisatie}",
            inhoud="(voorbeeld)",
            idempotentie_sleutel=uuid.uuid4().hex,
            status=melding,
            pogingen=0 if melding == "wachtend" else 1 if melding == "verzonden" else 5,
            volgende_poging_op=aangemaakt_op,
            aangemaakt_op=aangemaakt_op,
            verzonden_op=aangemaakt_op + timedelta(seconds=20) if melding == "verzonden" else None,
            laatste_fout="SMTP-server niet bereikbaar" if melding == "opgegeven" else None,
        )
        db.add(bericht)
        for _ in range(bericht.pogingen):
            db.add(
                Bezorgpoging(
                    bericht=bericht,
                    op=aangemaakt_op + timedelta(seconds=20),
                    gelukt=int(melding == "verzonden"),
                    fout=bericht.laatste_fout,
                )
            )
    db.flush()
    return o


VOORBEELDEN = (
    dict(woongemeente="arnhem", feiten={"woongemeente": "arnhem", "regeling": "loonkostensubsidie",
                                         "uren": 24}),
    dict(
        organisatie="Hoveniersbedrijf Groen & Zo",
        naam="Samira Bouzid",
        email="samira@groenenzo-voorbeeld.nl",
        telefoon="06 12 34 56 78",
        kvk="87654321",
        contactvoorkeur="Mailen",
        vraag="Wij willen een proefplaatsing van twee maanden. Wie betaalt de jobcoach in Arnhem?",
        gemeente="arnhem",
        regelingen=("proefplaatsing", "jobcoaching"),
        reden="maatwerk",
        dagen_geleden=6,
        melding="opgegeven",
    ),
    dict(
        organisatie="Garage Van Dijk",
        naam="Peter van Dijk",
        email="peter@garagevandijk-voorbeeld.nl",
        telefoon="0313 45 67 89",
        kvk=None,
        contactvoorkeur="Bellen na 16:00",
        vraag="Ik wil graag iemand spreken over de no-riskpolis.",
        gemeente="zevenaar",
        regelingen=("no_risk_polis",),
        reden="gevraagd",
        dagen_geleden=1,
        melding="wachtend",
    ),
)


def maak_voorbeelden(db: Session, accountmanager_id: str) -> list[Overdracht]:
    """Three handovers for one accountmanager: new today, overdue, and one from yesterday."""
    gemaakt = []
    for voorbeeld in VOORBEELDEN:
        gegevens = dict(voorbeeld)
        dagen = gegevens.pop("dagen_geleden", 0)
        gemaakt.append(
            maak_overdracht(
                db,
                accountmanager_id,
                aangemaakt_op=utcnow() - timedelta(days=dagen, minutes=5),
                **gegevens,
            )
        )
    return gemaakt
