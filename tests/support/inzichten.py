"""A seeded conversation history for the insights tests: 12 conversations (11 employers, one with two
sessions) in 3 municipalities over ISO weeks 44 and 45 of 2026, with fallbacks, out-of-scope
questions, 👍/👎, a contact form, and the handovers that followed — plus data that must NOT count
(warm-up conversations, a conversation just before the period, answers typed into a form).

The tracker table is written by Rasa's own ``SQLTrackerStore`` (so the rows are exactly what Rasa
stores); the handovers are written as the assistant's handover service stores them. Expected figures
are worked out by hand in tests/integration/test_inzichten.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from tests.support.coroutines import run_coroutine
from wsp.db import session_scope
from wsp.inbox.voorbeelden import maak_overdracht

NL = ZoneInfo("Europe/Amsterdam")
VAN, TOT = date(2026, 10, 26), date(2026, 11, 8)  # ISO weeks 2026-W44 and 2026-W45

BRON = "\nBron: Participatiewet (gecontroleerd op 3 november 2025)"
FEEDBACK_NEGATIEF = '/feedback{"waardering":"negatief"}'
FEEDBACK_POSITIEF = '/feedback{"waardering":"positief"}'


def lokaal(tekst: str) -> datetime:
    """'2026-10-27 10:00' in Dutch time -> aware datetime."""
    return datetime.fromisoformat(tekst).replace(tzinfo=NL)


def utc_naief(tekst: str) -> datetime:
    """Dutch time -> naive UTC, as the handover tables store times."""
    return lokaal(tekst).astimezone(timezone.utc).replace(tzinfo=None)


@dataclass
class Beurt:
    tekst: str
    intent: str
    entiteiten: dict[str, str] = field(default_factory=dict)
    slots: dict[str, str | None] = field(default_factory=dict)  # set by the action after it
    actie: str = "action_beantwoord_regeling"
    antwoord: str | None = "Antwoord van de assistent." + BRON
    lus: str | None | bool = False  # False: no change; a form name starts it; None ends it


def positief() -> Beurt:
    return Beurt(FEEDBACK_POSITIEF, "feedback", {"waardering": "positief"}, actie="action_feedback",
                 antwoord="Bedankt voor uw reactie.")


def negatief() -> Beurt:
    return Beurt(FEEDBACK_NEGATIEF, "feedback", {"waardering": "negatief"}, actie="action_feedback",
                 antwoord="Jammer dat dit antwoord u niet hielp.")


@dataclass
class Sessie:
    begin: str  # Dutch time of the first message
    beurten: list[Beurt]
    meegenomen: dict[str, str] = field(default_factory=dict)  # slots carried over into the session


@dataclass
class Overdrachtje:
    reden: str
    gemeente: str | None
    regelingen: tuple[str, ...]
    aangemaakt: str  # Dutch time
    status: str = "nieuw"
    eerste_contact: str | None = None


@dataclass
class Werkgever:
    sender_id: str
    sessies: list[Sessie]
    overdrachten: list[Overdrachtje] = field(default_factory=list)


def _vraag(tekst: str, intent: str, entiteiten: dict[str, str] | None = None, **kw: Any) -> Beurt:
    return Beurt(tekst, intent, entiteiten or {}, **kw)


GESCHIEDENIS: tuple[Werkgever, ...] = (
    # --- week 44 ---------------------------------------------------------------------------------
    # Monday 00:30 Dutch time = Sunday 23:30 UTC: belongs to week 44 and to the period
    Werkgever("werkgever-01", [Sessie("2026-10-26 00:30", [
        _vraag("Hoeveel jobcoaching krijg ik als ik in Arnhem zit?", "ask_jobcoaching",
               {"regeling": "jobcoaching", "plaats": "Arnhem"},
               slots={"regeling": "jobcoaching", "gemeente": "arnhem"}),
        positief(),
    ])]),
    Werkgever("werkgever-02", [Sessie("2026-10-27 10:00", [
        _vraag("Hoeveel uur jobcoaching krijg ik in Arnhem?", "ask_jobcoaching",
               {"regeling": "jobcoaching", "plaats": "Arnhem"},
               slots={"regeling": "jobcoaching", "gemeente": "arnhem"}),
        negatief(),
        _vraag("/request_human", "request_human", actie="action_bied_overdracht_aan",
               antwoord="Mag ik uw gegevens doorgeven aan Anna de Vries?"),
    ])], [Overdrachtje("gevraagd", "arnhem", ("jobcoaching",), "2026-10-27 10:05",
                       "in_behandeling", "2026-10-27 14:05")]),
    Werkgever("werkgever-03", [Sessie("2026-10-28 09:00", [
        _vraag("Kan ik loonkostensubsidie krijgen?", "ask_loonkostensubsidie",
               {"regeling": "loonkostensubsidie"}, slots={"regeling": "loonkostensubsidie"},
               antwoord="In welke gemeente woont de werknemer?"),
        _vraag("Velp", "inform_gemeente", {"plaats": "Velp"}, slots={"woongemeente": "rheden"},
               actie="action_gemeente_ontvangen"),
        _vraag("Wat als de loonwaarde daalt na een jaar?", "nlu_fallback", actie="action_onbegrepen",
               antwoord="Sorry, dat begreep ik niet goed."),
        _vraag("hoe zit het met herbeoordeling van de loonwaarde bij autisme", "nlu_fallback",
               actie="action_onbegrepen", antwoord="Mag ik uw gegevens doorgeven?"),
        _vraag("/affirm", "affirm", actie="action_overdracht_toestemming", lus="contact_form",
               antwoord="Wat is uw naam?"),
        # answers typed into the contact form: not questions, never in the editors' report
        _vraag("Jan Jansen", "nlu_fallback", actie="contact_form", antwoord="Uw e-mailadres?"),
        _vraag("jan@bakkerij-voorbeeld.nl", "nlu_fallback", actie="contact_form", lus=None,
               antwoord="Dank u wel. Uw accountmanager neemt contact op."),
    ])], [Overdrachtje("onbegrepen", "rheden", ("loonkostensubsidie",), "2026-10-28 09:10",
                       "in_behandeling", "2026-10-30 10:10")]),
    Werkgever("werkgever-04", [
        Sessie("2026-10-29 14:00", [
            _vraag("Kan ik een fiets van de zaak leasen?", "out_of_scope", actie="action_buiten_bereik",
                   antwoord="Daar kan ik u helaas niet mee helpen."),
            _vraag("Wij zitten in Zevenaar", "inform_gemeente", {"plaats": "Zevenaar"},
                   slots={"gemeente": "zevenaar"}, actie="action_gemeente_ontvangen"),
            _vraag("Hoe lang duurt een proefplaatsing?", "ask_proefplaatsing",
                   {"regeling": "proefplaatsing"}, slots={"regeling": "proefplaatsing"}),
        ]),
        # the same employer a week later: a new session with the slots carried over
        Sessie("2026-11-08 23:30", [
            _vraag("Hoe vraag ik jobcoaching aan?", "ask_jobcoaching", {"regeling": "jobcoaching"},
                   slots={"regeling": "jobcoaching"}),
            positief(),
        ], meegenomen={"gemeente": "zevenaar", "regeling": "proefplaatsing"}),
    ]),
    Werkgever("werkgever-05", [Sessie("2026-10-30 11:00", [
        _vraag("fiets van de zaak leasen, kan dat?", "out_of_scope", actie="action_buiten_bereik",
               antwoord="Daar kan ik u helaas niet mee helpen."),
        _vraag("Hoeveel jobcoaching krijg ik in Zevenaar?", "ask_jobcoaching",
               {"regeling": "jobcoaching", "plaats": "Zevenaar"},
               slots={"regeling": "jobcoaching", "gemeente": "zevenaar"}),
        negatief(),
    ])]),
    Werkgever("werkgever-06", [Sessie("2026-10-31 12:00", [
        _vraag("Wat is het doelgroepregister?", "ask_doelgroepregister",
               {"regeling": "doelgroepregister"}, slots={"regeling": "doelgroepregister"}),
        positief(),
    ])]),
    # --- week 45 ---------------------------------------------------------------------------------
    # Monday 00:30 Dutch time = Sunday 23:30 UTC: week 45 in Dutch time (week 44 in UTC)
    Werkgever("werkgever-07", [Sessie("2026-11-02 00:30", [
        _vraag("Hoe zit het met de WIA-premie?", "nlu_fallback", actie="action_onbegrepen",
               antwoord="Sorry, dat begreep ik niet goed."),
        _vraag("Wij zitten in Arnhem", "inform_gemeente", {"plaats": "Arnhem"},
               slots={"gemeente": "arnhem"}, actie="action_gemeente_ontvangen"),
    ])]),
    Werkgever("werkgever-08", [Sessie("2026-11-03 09:30", [
        _vraag("wia premie, hoe zit dat? bel me op 0612345678", "nlu_fallback",
               actie="action_onbegrepen", antwoord="Sorry, dat begreep ik niet goed."),
        _vraag("Ik wil iemand spreken", "request_human", actie="action_bied_overdracht_aan",
               slots={"gemeente": "arnhem"}, antwoord="Mag ik uw gegevens doorgeven?"),
    ])], [Overdrachtje("gevraagd", "arnhem", (), "2026-11-03 09:40")]),
    Werkgever("werkgever-09", [Sessie("2026-11-04 13:00", [
        _vraag("Ik zit in Velp, kan ik LKS krijgen?", "ask_loonkostensubsidie",
               {"regeling": "loonkostensubsidie", "plaats": "Velp"},
               slots={"regeling": "loonkostensubsidie", "gemeente": "rheden"}),
    ])], [Overdrachtje("geen_regel", "rheden", ("loonkostensubsidie",), "2026-11-04 13:10",
                       "afgerond", "2026-11-04 16:10")]),
    Werkgever("werkgever-10", [Sessie("2026-11-05 10:00", [
        _vraag("Wie betaalt de jobcoach in Rheden?", "ask_jobcoaching",
               {"regeling": "jobcoaching", "plaats": "Rheden"},
               slots={"regeling": "jobcoaching", "gemeente": "rheden"}),
        negatief(),
    ])]),
    Werkgever("werkgever-11", [Sessie("2026-11-06 15:00", [
        _vraag("Geldt de no-riskpolis ook voor mijn nieuwe medewerker?", "ask_no_risk_polis",
               {"regeling": "no_risk_polis"}, slots={"regeling": "no_risk_polis"}),
        _vraag("Zevenaar", "inform_gemeente", {"plaats": "Zevenaar"}, slots={"gemeente": "zevenaar"},
               actie="action_gemeente_ontvangen"),
        _vraag("/request_human", "request_human", actie="action_bied_overdracht_aan",
               antwoord="Mag ik uw gegevens doorgeven?"),
    ])], [Overdrachtje("gevraagd", "zevenaar", ("no_risk_polis",), "2026-11-06 15:10",
                       "in_behandeling", "2026-11-09 11:10")]),
    # --- must not count ----------------------------------------------------------------------------
    # the day before the period (inside the margin the reader fetches)
    Werkgever("werkgever-00", [Sessie("2026-10-25 22:00", [
        _vraag("Hoe zit het met de WIA-premie?", "nlu_fallback", actie="action_onbegrepen",
               antwoord="Sorry, dat begreep ik niet goed."),
        _vraag("Wij zitten in Arnhem", "inform_gemeente", {"plaats": "Arnhem"},
               slots={"gemeente": "arnhem"}, actie="action_gemeente_ontvangen"),
    ])], [Overdrachtje("gevraagd", "arnhem", (), "2026-10-25 22:05")]),
    # warm-up conversation of `make run`
    Werkgever("__warmup__", [Sessie("2026-10-28 08:00", [
        _vraag("Kan ik loonkostensubsidie krijgen?", "nlu_fallback", actie="action_onbegrepen",
               antwoord="Sorry, dat begreep ik niet goed."),
        negatief(),
    ])]),
)

# a handover without a conversation in the tracker data (e.g. the tracker was cleaned up)
LOSSE_OVERDRACHT = ("telefonisch-001", Overdrachtje("maatwerk", "arnhem", ("proefplaatsing",),
                                                   "2026-11-05 09:00", "afgerond"))


def _rasa_events(werkgever: Werkgever) -> list:
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )

    events: list = []
    for sessie in werkgever.sessies:
        t = lokaal(sessie.begin).timestamp() - 5
        events += [ActionExecuted("action_session_start", timestamp=t), SessionStarted(timestamp=t)]
        events += [SlotSet(k, v, timestamp=t) for k, v in sessie.meegenomen.items()]
        events.append(ActionExecuted("action_listen", timestamp=t))
        t += 5
        for beurt in sessie.beurten:
            entiteiten = [
                {"entity": k, "value": v, "start": 0, "end": len(v), "extractor": "DIETClassifier"}
                for k, v in beurt.entiteiten.items()
            ]
            events.append(UserUttered(
                beurt.tekst, intent={"name": beurt.intent, "confidence": 0.93},
                entities=entiteiten, timestamp=t,
            ))
            events.append(ActionExecuted(beurt.actie, timestamp=t + 1))
            if beurt.lus is not False:
                events.append(ActiveLoop(beurt.lus, timestamp=t + 1))
            if beurt.antwoord:
                events.append(BotUttered(beurt.antwoord, timestamp=t + 1))
            events += [SlotSet(k, v, timestamp=t + 1) for k, v in beurt.slots.items()]
            events.append(ActionExecuted("action_listen", timestamp=t + 2))
            t += 60
    return events


def vul_tracker(url: str) -> None:
    """Write the history with Rasa's SQLTrackerStore (it also creates the table as Rasa does)."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        store = SQLTrackerStore(dialect="sqlite", db=u.database)
    else:
        store = SQLTrackerStore(dialect="postgresql", host=u.host, port=u.port or 5432,
                                db=u.database, username=u.username, password=u.password)
    slots = [TextSlot(n, mappings=[{}]) for n in ("gemeente", "woongemeente", "regeling")]
    try:
        for werkgever in GESCHIEDENIS:
            tracker = DialogueStateTracker.from_events(
                werkgever.sender_id, _rasa_events(werkgever), slots=slots
            )
            run_coroutine(store.save(tracker))
    finally:
        store.engine.dispose()


def vul_overdrachten(url: str) -> None:
    paren = [(w.sender_id, o) for w in GESCHIEDENIS for o in w.overdrachten]
    paren.append(LOSSE_OVERDRACHT)
    with session_scope(url) as db:
        for gesprek_id, o in paren:
            rij = maak_overdracht(
                db, "am-arnhem-1", gemeente=o.gemeente, regelingen=o.regelingen, reden=o.reden,
                aangemaakt_op=utc_naief(o.aangemaakt),
            )
            rij.gesprek_id = gesprek_id
            rij.status = o.status
            rij.eerste_contact_op = utc_naief(o.eerste_contact) if o.eerste_contact else None
