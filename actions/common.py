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


def current_roster() -> Any:
    """The accountmanager roster from the current, validated rules."""
    return repository().roster
