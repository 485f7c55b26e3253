"""From tracker events to conversations.

One conversation is what one sender said without an hour's silence: Rasa's sessions of a sender are
joined when the next one began before the session time-out (``session_expiration_time`` of the
domain) -- such a session was ended by the turn limit (``WSP_MAX_BEURTEN_PER_SESSIE``), not by the
employer -- and split at a restart.

Per conversation: when it started (first message of the employer), the municipality, the
instruments discussed (typed words mapped to the registry's ids by ``herkenning``; a word that names
no instrument goes to the editors' list), the (instrument, municipality) pairs, the 👍/👎 ratings and
the questions the editors should see: not understood (``nlu_fallback``), out of scope
(``out_of_scope``), the question before an answer that got a 👎, and a question answered with
"Bedoelt u...?" whose buttons the employer passed by (typed again, or asked for a person). When the
employer picks one of those buttons instead, the typed question and the picked entry are kept as a
``Keuze``: a wording employers use for that entry, a candidate example for the answer library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import groupby
from typing import Any, Iterable, Iterator

import yaml

from wsp.db import REPO_ROOT
from wsp.overdracht.transcript import leesbare_payload
from wsp.privacy import redact
from wsp.regels.antwoorden import KEUZE_TEKST, KNOP_MEER, MEER_TEKST, vraag_id_van, vraag_ids_van

from .bronnen import Event
from .herkenning import Herkenner, herkenner

ONBEGREPEN, BUITEN_BEREIK, NEGATIEF = "onbegrepen", "buiten_bereik", "negatief"
MEER_INTENT = KNOP_MEER["payload"].removeprefix("/")  # clicked or typed "Mijn vraag staat er niet bij"
GEEN_KEUZE = "geen_keuze"  # "Bedoelt u...?" and none of its buttons was what the employer meant
SOORT_INTENTS = {"nlu_fallback": ONBEGREPEN, "out_of_scope": BUITEN_BEREIK}
FEEDBACK_INTENT = "feedback"
GEMEENTE_SLOTS = ("gemeente", "woongemeente")

DOMEIN_MAP = REPO_ROOT / "assistant" / "domain"
STANDAARD_SESSIE_MINUTEN = 60  # Rasa's default session_expiration_time

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
    soort: str  # ONBEGREPEN | BUITEN_BEREIK | NEGATIEF | GEEN_KEUZE
    herkend: str | None  # the intent the assistant recognised
    getypt: bool  # False for a button the employer clicked (not usable as NLU example)
    moment: datetime
    gesprek: str


@dataclass(frozen=True)
class Keuze:
    """A typed question the assistant answered with "Bedoelt u...?", and the entry the employer
    picked from its buttons. ``gesprek`` is for counting only."""

    tekst: str  # cleaned with schoon()
    vraag_id: str
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
    keuzes: list[Keuze] = field(default_factory=list)
    # words the NLU took for an instrument that name none (cleaned with schoon()) and when, for the editors
    onbekende_regelingen: list[tuple[str, datetime]] = field(default_factory=list)
    sessies: int = 1  # Rasa sessions this conversation spans

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


def _keuze_ids(data: dict[str, Any]) -> frozenset[str]:
    """The entries a "Bedoelt u...?" message offered (its /kies_vraag buttons)."""
    return frozenset(vraag_ids_van((data.get("data") or {}).get("buttons")))


def _waarden(waarde: Any) -> list[str]:
    lijst = waarde if isinstance(waarde, (list, tuple)) else [waarde]
    return [v.strip() for v in lijst if isinstance(v, str) and v.strip()]


class _Sessie:
    """One conversation while its events are read (it may span several Rasa sessions)."""

    def __init__(self, sender_id: str, nummer: int, herkenner_: Herkenner) -> None:
        self.gesprek = Gesprek(sender_id, nummer)
        self.herkenner = herkenner_
        self.slots: dict[str, str | None] = {}
        self.formulier = False  # a form is active: answers are contact details, not questions
        self.beurten: list[_Beurt] = []
        self.overname = False  # Rasa is setting the carried-over slots of a new session
        self.keuze: tuple[_Beurt, frozenset[str]] | None = None  # an open "Bedoelt u...?"

    # -- events -------------------------------------------------------------------------------
    def volgende_sessie(self) -> None:
        """Rasa started a new session within the same conversation (turn limit)."""
        self.gesprek.sessies += 1
        self.overname = True

    def slot(self, naam: str | None, waarde: Any) -> None:
        if naam not in ("regeling", *GEMEENTE_SLOTS):
            return
        waarden = _waarden(waarde)
        if naam == "regeling":  # a typed word the action kept: only an instrument counts
            waarden = [r for r in (self.herkenner.regeling(w) for w in waarden) if r]
        self.slots[naam] = waarden[-1] if waarden else None
        beurt = self.beurten[-1] if self.beurten else None
        if beurt is None or self.overname:  # carried over into the session before the employer said anything
            return
        if naam == "regeling":
            for r in waarden:
                self._onderwerp(r)
            beurt.regeling_genoemd = bool(waarden) or beurt.regeling_genoemd
        else:
            beurt.plaats_gewijzigd = True

    def gebruiker(self, event: Event) -> None:
        self._sluit_beurt()
        self.overname = False
        g = self.gesprek
        intent = _intent(event)
        tekst = str(event.data.get("text") or "")
        getypt = not tekst.lstrip().startswith("/")
        self._na_keuze(event)
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
        if intent and intent.startswith("ask_") and intent[4:] in self.herkenner.ids:
            # conversations stored before the one 'ask_regeling' intent named the instrument in the intent
            self._onderwerp(intent[4:])
            beurt.regeling_genoemd = True
        for e in _entiteiten(event.data):
            if e.get("entity") == "regeling":
                for woord in _waarden(e.get("value")):
                    regeling = self.herkenner.regeling(woord)
                    if regeling is None:
                        if getypt:
                            g.onbekende_regelingen.append((schoon(woord), event.moment))
                        continue
                    self._onderwerp(regeling)
                    beurt.regeling_genoemd = True
        soort = SOORT_INTENTS.get(intent or "")
        if soort and getypt and tekst.strip() and not self.formulier:
            if soort == ONBEGREPEN:
                g.onbegrepen += 1
            else:
                g.buiten_bereik += 1
            g.vragen.append(Vraag(schoon(tekst), soort, intent, True, event.moment, g.sleutel))

    def bot(self, event: Event) -> None:
        if not self.beurten:
            return
        beurt = self.beurten[-1]
        beurt.beantwoord = True
        if event.data.get("text") == MEER_TEKST and self.keuze is not None:
            # "Mijn vraag staat er niet bij": the same question, with the next entries to pick from
            eerste, ids = self.keuze
            self.keuze = (eerste, ids | _keuze_ids(event.data))
            return
        if (event.data.get("text") == KEUZE_TEKST and beurt.getypt
                and not beurt.feedback and beurt.tekst.strip() and not self.formulier):
            ids = _keuze_ids(event.data)
            if ids:
                self.keuze = (beurt, ids)

    # -- helpers ------------------------------------------------------------------------------
    def _na_keuze(self, event: Event) -> None:
        """The employer's answer to an open "Bedoelt u...?": a button of it (a ``Keuze``), or
        anything else -- typed again, a person asked for -- which means none of them fitted."""
        if self.keuze is None:
            return
        if _intent(event) == MEER_INTENT:
            return  # "Mijn vraag staat er niet bij": the next entries are offered for the same question
        payload = str(event.data.get("text") or "").strip()  # a button's payload
        (beurt, ids), self.keuze = self.keuze, None
        g = self.gesprek
        gekozen = vraag_id_van(payload)
        if gekozen in ids:
            g.keuzes.append(Keuze(schoon(beurt.tekst), gekozen, event.moment, g.sleutel))
        else:
            g.vragen.append(Vraag(schoon(beurt.tekst), GEEN_KEUZE, beurt.intent, True, event.moment, g.sleutel))

    def _onderwerp(self, regeling: str) -> None:
        """``regeling`` is an id of the registry (mapped by the herkenner)."""
        if regeling not in self.gesprek.regelingen:
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


@lru_cache(maxsize=1)
def sessie_verlooptijd() -> timedelta:
    """Rasa's session time-out, from the domain's ``session_config``."""
    for pad in sorted(DOMEIN_MAP.glob("*.yml")):
        try:
            data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        minuten = (data.get("session_config") or {}).get("session_expiration_time")
        if isinstance(minuten, (int, float)) and minuten > 0:
            return timedelta(minutes=minuten)
    return timedelta(minutes=STANDAARD_SESSIE_MINUTEN)


def _per_afzender(
    sender_id: str, events: Iterable[Event], herkenner_: Herkenner, verlooptijd: timedelta
) -> Iterator[Gesprek]:
    nummer = 0  # Rasa sessions of this sender so far
    sessie = _Sessie(sender_id, nummer, herkenner_)
    laatste_bericht: datetime | None = None  # the employer's latest message
    herstart = False
    for event in events:
        if event.soort == "restart":
            herstart = True  # the employer started over: what follows is a new conversation
            continue
        if event.soort == "session_started":
            nummer += 1
            doorlopend = (
                not herstart
                and sessie.gesprek.begin is not None
                and laatste_bericht is not None
                and event.moment - laatste_bericht < verlooptijd
            )
            if doorlopend:  # ended by the turn limit, not by an hour's silence
                sessie.volgende_sessie()
                continue
            gesprek = sessie.sluit()
            if gesprek.begin is not None:
                yield gesprek
            # Rasa sets carried-over slots again right after this event
            sessie = _Sessie(sender_id, nummer, herkenner_)
            herstart = False
            continue
        sessie.gesprek.eind = event.moment
        if event.soort == "user":
            laatste_bericht = event.moment
            sessie.gebruiker(event)
        elif event.soort == "bot":
            sessie.bot(event)
        elif event.soort == "slot":
            sessie.slot(event.actie or event.data.get("name"), event.data.get("value"))
        elif event.soort == "active_loop":
            sessie.formulier = bool(event.data.get("name") or event.actie)
    gesprek = sessie.sluit()
    if gesprek.begin is not None:
        yield gesprek


def gesprekken(
    events: Iterable[Event], herkenner_: Herkenner | None = None, verlooptijd: timedelta | None = None
) -> Iterator[Gesprek]:
    """Conversations with at least one message of the employer (events ordered per sender)."""
    herkenner_ = herkenner_ or herkenner()
    verlooptijd = verlooptijd or sessie_verlooptijd()
    for sender_id, reeks in groupby(events, key=lambda e: e.sender_id):
        yield from _per_afzender(sender_id, reeks, herkenner_, verlooptijd)
