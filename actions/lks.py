"""Indicative loonkostensubsidie: collect hours and loonwaarde, then show the calculation."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    INTENT_ZEKER,
    intent_onzeker,
    latest_intent,
    privacy_events,
    repository,
    send,
    zekerheid,
)
from actions.regelingen import ActionBeantwoordVraag, named_regelingen
from wsp import teksten
from wsp.gesprek import is_stop, parse_lks_invoer, parse_number
from wsp.regels import antwoorden

# Words with which an employer asks for the calculation itself.
_REKENEN = re.compile(r"\b(be)?reken|uitreken|rekentool|rekenvoorbeeld|calculat|indicatie|schatting", re.I)
# "Tot hoeveel procent van het minimumloon wordt vergoed?": asks for the rule's percentage, not an amount
_WELK_PERCENTAGE = re.compile(
    r"\b(tot\s+)?(hoeveel|welk|welke|maximale?|maximaal|hoogste)\s+(procent|percentage)\b", re.I)


def _valid_uren(value: float | None) -> bool:
    return value is not None and 1 <= value <= 40


def _valid_loonwaarde(value: float | None) -> bool:
    return value is not None and 0 <= value <= 100


class ActionLksVoorinvullen(Action):
    """Take hours, loonwaarde and year from the question itself, so the form asks only the rest."""

    def name(self) -> str:
        return "action_lks_voorinvullen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        repo = repository()
        named = named_regelingen(repo, tracker)
        text = tracker.latest_message.get("text") or ""
        invoer = parse_lks_invoer(text)
        context = tracker.get_slot("regeling")
        over_iets_anders = named and "loonkostensubsidie" not in named
        # "Hoeveel kan het opleveren?" after an answer about the LKV: a question about that
        # instrument, not a calculation (no instrument named, no numbers, no word asking for one)
        zonder_invoer = invoer.uren is None and invoer.loonwaarde is None and not _REKENEN.search(text)
        vraag_over_context = (
            not named and context in repo.regelingen and context != "loonkostensubsidie" and zonder_invoer)
        # a question about the percentage itself gets its entry, which offers the calculation as a button
        vraag_naar_percentage = zonder_invoer and bool(_WELK_PERCENTAGE.search(text))
        # ... and so does a question without figures that the model was unsure of
        onzeker = zonder_invoer and intent_onzeker(tracker)
        if over_iets_anders or vraag_over_context or vraag_naar_percentage or onzeker:
            # "hoeveel uur jobcoaching krijg ik?" names hours but asks about another instrument: its
            # answer, not the loonkostensubsidie calculation (the form is skipped)
            answered = await ActionBeantwoordVraag().run(dispatcher, tracker, domain)
            return answered + [FollowupAction("action_listen")]
        events = privacy_events(dispatcher, tracker)
        return events + [
            SlotSet("regeling", "loonkostensubsidie"),
            SlotSet("uren", invoer.uren if _valid_uren(invoer.uren) else None),
            SlotSet(
                "loonwaarde", invoer.loonwaarde if _valid_loonwaarde(invoer.loonwaarde) else None
            ),
            SlotSet("jaar", float(invoer.jaar) if invoer.jaar else None),
            SlotSet("aanbod", None),
        ]


# A message that is clearly about something else ends the calculation instead of trapping the
# employer in the form.
_LEAVE_INTENTS = {
    "greet", "goodbye", "thank", "deny", "request_human", "not_helpful", "out_of_scope",
    "bot_challenge", "ask_regeling", "kies_vraag", "compare_gemeenten",
}


def _wants_to_leave(tracker: Tracker) -> bool:
    return latest_intent(tracker) in _LEAVE_INTENTS and (zekerheid(tracker) or 0.0) >= INTENT_ZEKER


class ValidateLksForm(FormValidationAction):
    def name(self) -> str:
        return "validate_lks_form"

    def _stop(self, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
        """End the form; the employer can ask the next question straight away."""
        dispatcher.utter_message(text=teksten.LKS_GESTOPT)
        return {"uren": None, "loonwaarde": None, "requested_slot": None}

    def validate_uren(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if value is None:
            return {"uren": None}  # reset by another action, nothing typed
        if isinstance(value, str) and is_stop(value):
            return self._stop(dispatcher)
        number = value if isinstance(value, (int, float)) else parse_number(value)
        if _valid_uren(number):
            return {"uren": float(number)}
        if number is None and _wants_to_leave(tracker):
            return self._stop(dispatcher)
        dispatcher.utter_message(
            text="Noem het aantal uur per week als getal tussen 1 en 40, bijvoorbeeld 24. "
            "Wilt u stoppen met de berekening? Typ dan 'stop'."
        )
        return {"uren": None}

    def validate_loonwaarde(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if value is None:
            return {"loonwaarde": None}  # reset by another action, nothing typed
        if isinstance(value, str) and is_stop(value):
            return self._stop(dispatcher)
        number = value if isinstance(value, (int, float)) else parse_number(value)
        if _valid_loonwaarde(number):
            return {"loonwaarde": float(number)}
        if number is None and _wants_to_leave(tracker):
            return self._stop(dispatcher)
        dispatcher.utter_message(
            text="Noem de loonwaarde als percentage tussen 0 en 100, bijvoorbeeld 60. "
            "Wilt u stoppen met de berekening? Typ dan 'stop'."
        )
        return {"loonwaarde": None}


class ActionLksBerekening(Action):
    """Compute and explain the indicative monthly loonkostensubsidie."""

    def name(self) -> str:
        return "action_lks_berekening"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        uren, loonwaarde = tracker.get_slot("uren"), tracker.get_slot("loonwaarde")
        if uren is None or loonwaarde is None:
            return []  # the employer stopped the form; the form already said so
        jaar = int(tracker.get_slot("jaar") or date.today().year)
        repo = repository()
        try:
            berekening = repo.lks_indicatie(float(uren), float(loonwaarde), jaar)
        except ValueError as error:
            dispatcher.utter_message(text=str(error))
        else:
            send(dispatcher, antwoorden.antwoord_lks_berekening(repo, berekening))
        return [SlotSet("uren", None), SlotSet("loonwaarde", None), SlotSet("jaar", None)]
