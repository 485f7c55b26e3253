"""The questions the forms ask (``action_ask_<slot>``), with their texts from ``wsp.teksten``."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from wsp.teksten import FORMULIER_VRAGEN


class _AskSlot(Action):
    slot: str = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def question(self, tracker: Tracker) -> Tuple[str, List[Dict[str, str]]]:
        """The question and its buttons; a subclass may make them depend on the conversation."""
        return FORMULIER_VRAGEN[self.slot]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        question, buttons = self.question(tracker)
        dispatcher.utter_message(text=question, buttons=list(buttons))
        return []


# One action class per form question: action_ask_naam, action_ask_email, ...
for _slot in FORMULIER_VRAGEN:
    _name = "ActionAsk" + _slot.title().replace("_", "")
    globals()[_name] = type(_name, (_AskSlot,), {"slot": _slot, "__module__": __name__})
