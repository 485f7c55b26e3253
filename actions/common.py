"""Helpers shared by the action classes: sending answers, the privacy warning, slot reading."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wsp.privacy import contains_special_data
from wsp.regels import default_store
from wsp.regels.antwoorden import Antwoord

PRIVACY_WAARSCHUWING = (
    "Een tip voor uw privacy: deel in deze chat geen BSN of medische gegevens van uzelf of van "
    "een (toekomstige) werknemer. Die heb ik niet nodig en ik bewaar ze niet."
)


def repository() -> Any:
    """The current, validated rules (reloaded when an editor changes a file)."""
    return default_store().current()


def send(dispatcher: CollectingDispatcher, antwoord: Antwoord) -> None:
    dispatcher.utter_message(text=antwoord.tekst, buttons=list(antwoord.knoppen or []))


def privacy_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """Warn once per conversation when the employer typed a BSN or health details."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot("privacy_gewaarschuwd") or not contains_special_data(text):
        return []
    dispatcher.utter_message(text=PRIVACY_WAARSCHUWING)
    return [SlotSet("privacy_gewaarschuwd", True)]


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [
        e.get("value")
        for e in tracker.latest_message.get("entities", [])
        if e.get("entity") == entity and e.get("value")
    ]


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


# From this confidence up the NLU model is sure of an intent: a sure other intent ends the
# loonkostensubsidie form. Below it, an intent whose action would not consult the answer library (the
# municipality's rules, the loonkostensubsidie calculation) tries the library first. The model's own
# training examples of those intents score 0.99 and up; the development set's one misrouted question 0.55.
INTENT_ZEKER = 0.8


def zekerheid(tracker: Tracker) -> float | None:
    """The NLU model's confidence in the latest message's intent (None when it has none)."""
    waarde = (tracker.latest_message.get("intent") or {}).get("confidence")
    return None if waarde is None else float(waarde)


def intent_onzeker(tracker: Tracker) -> bool:
    waarde = zekerheid(tracker)
    return waarde is not None and waarde < INTENT_ZEKER


def current_roster() -> Any:
    """The accountmanager roster from the current, validated rules."""
    return repository().roster
