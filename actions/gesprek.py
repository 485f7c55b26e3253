"""Conversation glue: not understood (two strikes), out of scope, yes/no, widget feedback."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_values, privacy_events, repository
from actions.escalatie import ActionBiedOverdrachtAan, offer_handover
from actions.regelingen import (
    ActionBeantwoordVraag,
    answer_from_library,
    answer_if_question,
    named_regelingen,
)
from wsp import teksten
from wsp.gesprek import consecutive_fallbacks, is_work_related
from wsp.regels import antwoorden


class ActionOnbegrepen(Action):
    """First miss: ask to rephrase. Second miss in a row: offer the accountmanager."""

    def name(self) -> str:
        return "action_onbegrepen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if named_regelingen(repository(), tracker):
            # The model was unsure what kind of message this is, but it names one of the instruments:
            # a question about it ("Ik zit in Velp, kan ik loonkostensubsidie krijgen?")
            return await ActionBeantwoordVraag().run(dispatcher, tracker, domain)
        events = privacy_events(dispatcher, tracker)
        answered = answer_from_library(dispatcher, tracker, strict=True)
        if answered is not None:
            return events + answered
        if consecutive_fallbacks(tracker.events) >= 2:
            dispatcher.utter_message(text=teksten.ONBEGREPEN_2)
            return events + offer_handover(dispatcher, tracker, reden="onbegrepen")
        dispatcher.utter_message(
            text=teksten.ONBEGREPEN_1,
            buttons=teksten.regeling_knoppen()[:4] + [antwoorden.KNOP_MEDEWERKER],
        )
        return events + [SlotSet("aanbod", None)]


class ActionNietGeholpen(Action):
    """The employer said the answer did not help ("dit helpt me niet"): the accountmanager is offered.
    A message the model took for that but that asks something in the library's words ("Hoe zorg je
    ervoor dat je niet verdrinkt in ingewikkelde subsidies en regels?", which reads like "dit is precies
    de rompslomp waar ik vanaf wil") gets the library's answer first."""

    def name(self) -> str:
        return "action_niet_geholpen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = privacy_events(dispatcher, tracker)
        answered = answer_if_question(dispatcher, tracker)
        if answered is not None:
            return events + answered
        return events + await ActionBiedOverdrachtAan().run(dispatcher, tracker, domain)


class ActionKernFallback(Action):
    """No confident next step (dialogue policies unsure): say so and wait for the employer.

    The message is reverted, as Rasa's own default fallback does, so the assistant listens
    instead of guessing again."""

    def name(self) -> str:
        return "action_kern_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(
            text=teksten.ONBEGREPEN_1, buttons=teksten.regeling_knoppen()[:4] + [antwoorden.KNOP_MEDEWERKER]
        )
        return [UserUtteranceReverted()]


class ActionBuitenBereik(Action):
    """Out of scope: turn away politely, but offer a person when it is still about work."""

    def name(self) -> str:
        return "action_buiten_bereik"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if named_regelingen(repository(), tracker):
            # It names one of the instruments: a question about it the model misread ("Hij heeft
            # diabetes. Wat is de no-riskpolis?"), answered as ActionOnbegrepen does
            return await ActionBeantwoordVraag().run(dispatcher, tracker, domain)
        events = privacy_events(dispatcher, tracker)
        # A referral entry ("30%-regeling: kijk bij de Belastingdienst") or a question the NLU model
        # misread still gets its answer.
        answered = answer_from_library(dispatcher, tracker, strict=True)
        if answered is not None:
            return events + answered
        if consecutive_fallbacks(tracker.events) >= 2:
            dispatcher.utter_message(text=teksten.ONBEGREPEN_2)
            return events + offer_handover(dispatcher, tracker, reden="onbegrepen")
        if is_work_related(tracker.latest_message.get("text")):
            dispatcher.utter_message(text=teksten.BUITEN_BEREIK_WERK)
            return events + offer_handover(dispatcher, tracker, reden="buiten_bereik")
        dispatcher.utter_message(
            text=teksten.BUITEN_BEREIK, buttons=teksten.regeling_knoppen()[:4] + [antwoorden.KNOP_MEDEWERKER]
        )
        return events + [SlotSet("aanbod", None)]


class ActionJaNee(Action):
    """'Ja' or 'nee' when no handover was offered: pick up what was asked last."""

    def name(self) -> str:
        return "action_ja_nee"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        aanbod = tracker.get_slot("aanbod")
        if aanbod in ("gemeente", "overdracht_gemeente"):
            repo = repository()
            dispatcher.utter_message(
                text=teksten.vraag_gemeente(tracker.get_slot("regeling"))
                if aanbod == "gemeente"
                else teksten.vraag_gemeente_voor_contact(),
                buttons=antwoorden.vraag_gemeente_knoppen(repo),
            )
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "affirm":
            dispatcher.utter_message(text=teksten.JA_ZONDER_VRAAG, buttons=teksten.regeling_knoppen())
        else:
            dispatcher.utter_message(text=teksten.NEE_ZONDER_VRAAG)
        return [SlotSet("aanbod", None)]


class ActionFeedback(Action):
    """A 👍/👎 from the widget. The user event itself is what the insights count."""

    def name(self) -> str:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        waardering = next(iter(entity_values(tracker, "waardering")), None)
        if waardering == "negatief":
            dispatcher.utter_message(text=teksten.FEEDBACK_NEGATIEF, buttons=[antwoorden.KNOP_MEDEWERKER])
        else:
            dispatcher.utter_message(text=teksten.FEEDBACK_POSITIEF)
        return []
