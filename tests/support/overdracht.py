"""Handover test data: the fixture roster, a realistic chat in tracker-event form, and a factory
that stores a handover through the real handover service (on SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROSTER_FIXTURE = Path(__file__).resolve().parents[1] / "data" / "roster_overdracht.yml"


@pytest.fixture
def overdracht_roster_pad() -> Path:
    return ROSTER_FIXTURE


NU = datetime(2026, 11, 10, 9, 0)  # Tuesday, naive UTC; nobody in the fixture roster is away
INBOX = "https://inbox.wsp-voorbeeld.nl"
BSN = "123 456 782"


def gesprek_events(t0: float = 1794301200.0) -> list[dict]:
    """A short chat in Rasa tracker-event form in which the employer types a BSN and a diagnosis."""
    def user(text: str, dt: float, intent: str, entities: list[dict] | None = None) -> dict:
        return {"event": "user", "text": text, "timestamp": t0 + dt,
                "parse_data": {"intent": {"name": intent}, "entities": entities or []}}

    def bot(text: str, dt: float, buttons: list[dict] | None = None) -> dict:
        return {"event": "bot", "text": text, "timestamp": t0 + dt,
                "data": {"buttons": buttons or []}}

    return [
        user(f"Kan ik loonkostensubsidie krijgen? Kandidaat heeft BSN {BSN} en autisme.", 1,
             "ask_loonkostensubsidie", [{"entity": "regeling", "value": "loonkostensubsidie"}]),
        {"event": "slot", "name": "regeling", "value": "loonkostensubsidie", "timestamp": t0 + 1},
        bot("Loonkostensubsidie vraagt u aan bij de gemeente waar de werknemer woont.\n"
            "Bron: Participatiewet (gecontroleerd op 3 maart 2026)", 2,
            [{"title": "Hoe vraag ik het aan?", "payload": "/ask_how_to_apply"},
             {"title": "Ik wil iemand spreken", "payload": "/request_human"}]),
        user("/request_human", 3, "request_human"),
        bot("Uw vaste contactpersoon is Sanne de Vries. Mag ik dit gesprek aan haar doorgeven?",
            4, [{"title": "Ja, graag", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]),
        user("/affirm", 5, "affirm"),
        # consent as the action server records it (the handover service requires it)
        {"event": "action", "name": "action_overdracht_toestemming", "timestamp": t0 + 5},
        {"event": "slot", "name": "toestemming_op", "timestamp": t0 + 5,
         "value": datetime.fromtimestamp(t0, timezone.utc).isoformat()},
    ]


@pytest.fixture
def overdracht_roster(overdracht_roster_pad: Path):  # type: ignore[no-untyped-def]
    from wsp.overdracht.toewijzing import Roster

    return Roster.from_file(overdracht_roster_pad)


@pytest.fixture
def db_sessions(db_url: str):  # type: ignore[no-untyped-def]
    from wsp.db import session_factory

    return session_factory(db_url)


@pytest.fixture
def nieuwe_overdracht(db_sessions, overdracht_roster):  # type: ignore[no-untyped-def]
    """Call maak_overdracht with a realistic handover; keyword arguments override."""
    from wsp.overdracht.service import Contact, maak_overdracht
    from wsp.overdracht.transcript import transcript_from_events

    def maak(**anders):  # type: ignore[no-untyped-def]
        args = dict(
            gesprek_id=f"gesprek-{uuid.uuid4().hex[:10]}",
            reden="gevraagd",
            gemeente="arnhem",
            regelingen=["loonkostensubsidie"],
            vraag=f"Hoe vraag ik LKS aan? BSN {BSN}",
            contact=Contact(naam="Jan Jansen", organisatie="Bakkerij Jansen & Zn",
                            email="Jan@Bakkerij-Jansen.nl", telefoon="06 12345678",
                            kvk="12345678", contactvoorkeur="bellen, dinsdagochtend"),
            toestemming_op=NU,
            transcript=transcript_from_events(gesprek_events()),
            kanaal="socketio",
            roster=overdracht_roster,
            inbox_base_url=INBOX,
            nu=NU,
        )
        args.update(anders)
        with db_sessions() as session:
            return maak_overdracht(session, **args)

    return maak
