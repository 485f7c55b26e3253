"""From tracker events to conversations: one conversation is one Rasa session of one sender.

Per conversation: when it started (first message of the employer), the municipality, the
instruments discussed, the (instrument, municipality) pairs, the 👍/👎 ratings and the questions the
editors should see: not understood (``nlu_fallback``), out of scope (``out_of_scope``) and the
question before an answer that got a 👎.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any, Iterable, Iterator

from wsp.overdracht.transcript import leesbare_payload
from wsp.privacy import redact
from wsp.regels import regeling_namen

from .bronnen import Event

ONBEGREPEN, BUITEN_BEREIK, NEGATIEF = "onbegrepen", "buiten_bereik", "negatief"
SOORT_INTENTS = {"nlu_fallback": ONBEGREPEN, "out_of_scope": BUITEN_BEREIK}
FEEDBACK_INTENT = "feedback"
GEMEENTE_SLOTS = ("gemeente", "woongemeente")

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_TELEFOON = re.compile(r"(?<![\d\w])(?:\+31[\s\-]?|0031[\s\-]?|0)(?:[\s\-]?\d){9}(?!\d)")


def schoon(tekst: str) -> str:
    """What the editors may read: ``wsp.privacy.redact`` (BSN, IBAN, birth dates, health words),
    plus e-mail addresses and phone numbers, on one line."""
    tekst = redact(" ".join(str(tekst).split()))
    tekst = _EMAIL.sub("[e-mailadres verwijderd]", tekst)
    return _TELEFOON.sub("[telefoonnummer verwijderd]", tekst)


@dataclass(frozen=True)
class Vraag:
    """A question for the editors. ``gesprek`` identifies the conversation for counting only; it
    is never shown."""

    tekst: str  # cleaned with schoon()
    soort: str  # ONBEGREPEN | BUITEN_BEREIK | NEGATIEF
    herkend: str | None  # the intent the assistant recognised
    getypt: bool  # False for a button the employer clicked (not usable as NLU example)
    moment: datetime
    gesprek: str


@dataclass
class Gesprek:
    sender_id: str
    sessie: int
    begin: datetime | None = None  # first message of the employer (UTC)
    eind: datetime | None = None
    gemeente: str | None = None  # the employer's municipality (else the employee's) at the end
    regelingen: list[str] = field(default_factory=list)  # discussed, in order
    paren: set[tuple[str, str]] = field(default_factory=set)  # (regeling, gemeente)
    berichten: int = 0
    onbegrepen: int = 0
    buiten_bereik: int = 0
    positief: int = 0
    negatief: int = 0
    vragen: list[Vraag] = field(default_factory=list)

    @property
    def sleutel(self) -> str:
        return f"{self.sender_id}#{self.sessie}"


@dataclass
class _Beurt:
    """One message of the employer and what followed until the next one."""

    tekst: str
    intent: str | None
    getypt: bool
    feedback: bool
    beantwoord: bool = False
    regeling_genoemd: bool = False
    plaats_gewijzigd: bool = False


def _entiteiten(data: dict[str, Any]) -> list[dict[str, Any]]:
    parse = data.get("parse_data") or {}
    return [e for e in (parse.get("entities") or []) if isinstance(e, dict)]


def _intent(event: Event) -> str | None:
    if event.intent:
        return event.intent
    intent = (event.data.get("parse_data") or {}).get("intent") or {}
    naam = intent.get("name") if isinstance(intent, dict) else None
    return naam if isinstance(naam, str) else None


def _waarden(waarde: Any) -> list[str]:
    lijst = waarde if isinstance(waarde, (list, tuple)) else [waarde]
    return [v.strip() for v in lijst if isinstance(v, str) and v.strip()]


class _Sessie:
    def __init__(self, sender_id: str, nummer: int, slots: dict[str, str | None]) -> None:
        self.gesprek = Gesprek(sender_id, nummer)
        self.slots = dict(slots)
        self.formulier = False  # a form is active: answers are contact details, not questions
        self.beurten: list[_Beurt] = []

    # -- events -------------------------------------------------------------------------------
    def slot(self, naam: str | None, waarde: Any) -> None:
        if naam not in ("regeling", *GEMEENTE_SLOTS):
            return
        waarden = _waarden(waarde)
        self.slots[naam] = waarden[-1] if waarden else None
        beurt = self.beurten[-1] if self.beurten else None
        if beurt is None:  # carried over into the session before the employer said anything
            return
        if naam == "regeling":
            for r in waarden:
                self._onderwerp(r)
            beurt.regeling_genoemd = bool(waarden) or beurt.regeling_genoemd
        else:
            beurt.plaats_gewijzigd = True

    def gebruiker(self, event: Event) -> None:
        self._sluit_beurt()
        g = self.gesprek
        intent = _intent(event)
        tekst = str(event.data.get("text") or "")
        getypt = not tekst.lstrip().startswith("/")
        if intent == FEEDBACK_INTENT:
            waardering = next(
                (str(e.get("value")) for e in _entiteiten(event.data)
                 if e.get("entity") == "waardering"),
                None,
            )
            if waardering == "positief":
                g.positief += 1
            elif waardering == "negatief":
                g.negatief += 1
                self._beoordeelde_vraag(event.moment)
            self.beurten.append(_Beurt(tekst, intent, getypt, feedback=True))
            return
        g.berichten += 1
        if g.begin is None:
            g.begin = event.moment
        beurt = _Beurt(tekst, intent, getypt, feedback=False)
        self.beurten.append(beurt)
        if intent and intent.startswith("ask_") and intent[4:] in regeling_namen():
            # conversations stored before the one 'ask_regeling' intent named the instrument in the intent
            self._onderwerp(intent[4:])
            beurt.regeling_genoemd = True
        for e in _entiteiten(event.data):
            if e.get("entity") == "regeling":
                for r in _waarden(e.get("value")):
                    self._onderwerp(r)
                    beurt.regeling_genoemd = True
        soort = SOORT_INTENTS.get(intent or "")
        if soort and getypt and tekst.strip() and not self.formulier:
            if soort == ONBEGREPEN:
                g.onbegrepen += 1
            else:
                g.buiten_bereik += 1
            g.vragen.append(Vraag(schoon(tekst), soort, intent, True, event.moment, g.sleutel))

    def bot(self) -> None:
        if self.beurten:
            self.beurten[-1].beantwoord = True

    # -- helpers ------------------------------------------------------------------------------
    def _onderwerp(self, regeling: str) -> None:
        # Only instruments of the registry count: a typed word the NLU did not map ("lks?", a typo)
        # is not an instrument of its own.
        if regeling in regeling_namen() and regeling not in self.gesprek.regelingen:
            self.gesprek.regelingen.append(regeling)

    def _beoordeelde_vraag(self, moment: datetime) -> None:
        """The 👎 rates the assistant's last answer (not a reply to an earlier rating): the
        question is the employer's message that answer followed."""
        for beurt in reversed(self.beurten):
            if beurt.feedback or not beurt.beantwoord:
                continue
            tekst = schoon(beurt.tekst) if beurt.getypt else f"(knop) {leesbare_payload(beurt.tekst)}"
            self.gesprek.vragen.append(
                Vraag(tekst, NEGATIEF, beurt.intent, beurt.getypt, moment, self.gesprek.sleutel)
            )
            return

    def _sluit_beurt(self) -> None:
        if not self.beurten:
            return
        beurt = self.beurten[-1]
        regeling = self.slots.get("regeling")
        if regeling and (beurt.regeling_genoemd or beurt.plaats_gewijzigd):
            for slot in GEMEENTE_SLOTS:
                if self.slots.get(slot):
                    self.gesprek.paren.add((regeling, self.slots[slot]))

    def sluit(self) -> Gesprek:
        self._sluit_beurt()
        self.gesprek.gemeente = self.slots.get("gemeente") or self.slots.get("woongemeente")
        return self.gesprek


def _per_afzender(sender_id: str, events: Iterable[Event]) -> Iterator[Gesprek]:
    sessie = _Sessie(sender_id, 0, {})
    for event in events:
        if event.soort == "session_started":
            gesprek = sessie.sluit()
            if gesprek.begin is not None:
                yield gesprek
            # Rasa sets carried-over slots again right after this event
            sessie = _Sessie(sender_id, sessie.gesprek.sessie + 1, {})
            continue
        sessie.gesprek.eind = event.moment
        if event.soort == "user":
            sessie.gebruiker(event)
        elif event.soort == "bot":
            sessie.bot()
        elif event.soort == "slot":
            sessie.slot(event.actie or event.data.get("name"), event.data.get("value"))
        elif event.soort == "active_loop":
            sessie.formulier = bool(event.data.get("name") or event.actie)
    gesprek = sessie.sluit()
    if gesprek.begin is not None:
        yield gesprek


def gesprekken(events: Iterable[Event]) -> Iterator[Gesprek]:
    """Conversations with at least one message of the employer (events ordered per sender)."""
    for sender_id, reeks in groupby(events, key=lambda e: e.sender_id):
        yield from _per_afzender(sender_id, reeks)
