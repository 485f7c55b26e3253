"""Answers about the instruments, fitted to the employer's municipality."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_values, latest_intent, privacy_events, repository, send
from actions.escalatie import offer_handover
from wsp import teksten
from wsp.gesprek import REGELING_INTENTS
from wsp.regels import antwoorden

LKS = "loonkostensubsidie"


def current_regeling(tracker: Tracker) -> str | None:
    intent = latest_intent(tracker)
    if intent in REGELING_INTENTS:
        return REGELING_INTENTS[intent]
    values = entity_values(tracker, "regeling")
    return values[0] if values else tracker.get_slot("regeling")


def mentioned_places(repo: Any, tracker: Tracker) -> List[Any]:
    """Places named in the latest message: NLU entities first, a scan of the text second
    (the scan ignores lower-case place names that are also Dutch words, such as "zetten")."""
    found = []
    for value in entity_values(tracker, "plaats"):
        resolution = repo.resolve_plaats(value)
        if resolution.gevonden:
            found.append(resolution)
    if not found:
        found = [
            r for r in repo.find_plaatsen(tracker.latest_message.get("text") or "") if r.gevonden
        ]
    unique: Dict[str, Any] = {}
    for resolution in found:
        unique.setdefault(resolution.gemeente or resolution.naam, resolution)
    return list(unique.values())


def ask_regeling(dispatcher: CollectingDispatcher) -> List[Dict[str, Any]]:
    dispatcher.utter_message(text=teksten.WELKE_REGELING, buttons=teksten.regeling_knoppen())
    return []


def gemeente_slot_for(regeling: str | None) -> str:
    """Loonkostensubsidie is decided by the municipality where the *employee* lives."""
    return "woongemeente" if regeling == LKS else "gemeente"


def answer_for_gemeente(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    repo: Any,
    regeling: str,
    gemeente: str,
    detailed: bool,
) -> List[Dict[str, Any]]:
    antwoord = (
        antwoorden.antwoord_gemeente(repo, regeling, gemeente)
        if detailed
        else antwoorden.antwoord_regeling(repo, regeling, gemeente)
    )
    send(dispatcher, antwoord)
    if antwoord.escaleren:
        return offer_handover(dispatcher, tracker, reden=antwoord.escaleren, gemeente=gemeente)
    return [SlotSet("aanbod", None)]


class ActionBeantwoordRegeling(Action):
    """What an instrument is, for whom and how much; with the municipality's rules when known."""

    def name(self) -> str:
        return "action_beantwoord_regeling"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = privacy_events(dispatcher, tracker)
        repo = repository()
        regeling = current_regeling(tracker)
        if regeling is None:
            return events + ask_regeling(dispatcher)
        events.append(SlotSet("regeling", regeling))
        places = mentioned_places(repo, tracker)
        if places and not places[0].in_regio:
            send(dispatcher, antwoorden.antwoord_buiten_regio(repo, regeling, places[0]))
            return events + [SlotSet("aanbod", None)]
        slot = gemeente_slot_for(regeling)
        if places:
            gemeente = places[0].gemeente
            events.append(SlotSet("gemeente", gemeente))
            if regeling == LKS:
                dispatcher.utter_message(text=teksten.lks_woongemeente_let_op(repo, places[0]))
        else:
            gemeente = tracker.get_slot(slot)
        if gemeente:
            return events + answer_for_gemeente(
                dispatcher, tracker, repo, regeling, gemeente, detailed=False
            )
        send(dispatcher, antwoorden.antwoord_regeling(repo, regeling))
        return events + [SlotSet("aanbod", None)]


class ActionAanvragen(Action):
    """How to apply: steps, deadlines and who decides."""

    def name(self) -> str:
        return "action_aanvragen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = privacy_events(dispatcher, tracker)
        regeling = current_regeling(tracker)
        if regeling is None:
            return events + ask_regeling(dispatcher)
        repo = repository()
        gemeente = tracker.get_slot(gemeente_slot_for(regeling))
        send(dispatcher, antwoorden.antwoord_aanvragen(repo, regeling, gemeente))
        return events + [SlotSet("regeling", regeling), SlotSet("aanbod", None)]


class ActionGemeenteRegels(Action):
    """The effective rules in the employer's (or, for LKS, the employee's) municipality."""

    def name(self) -> str:
        return "action_gemeente_regels"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = privacy_events(dispatcher, tracker)
        repo = repository()
        regeling = current_regeling(tracker)
        if regeling is None:
            return events + ask_regeling(dispatcher)
        events.append(SlotSet("regeling", regeling))
        places = mentioned_places(repo, tracker)
        slot = gemeente_slot_for(regeling)
        if places and not places[0].in_regio:
            send(dispatcher, antwoorden.antwoord_buiten_regio(repo, regeling, places[0]))
            return events + [SlotSet("aanbod", None)]
        gemeente = places[0].gemeente if places else tracker.get_slot(slot)
        if not gemeente:
            dispatcher.utter_message(
                text=teksten.vraag_gemeente(regeling), buttons=antwoorden.vraag_gemeente_knoppen(repo)
            )
            return events + [SlotSet("aanbod", "gemeente")]
        events.append(SlotSet(slot, gemeente))
        return events + answer_for_gemeente(
            dispatcher, tracker, repo, regeling, gemeente, detailed=True
        )


class ActionGemeenteOntvangen(Action):
    """The employer named a municipality or place: remember it and continue where we were."""

    def name(self) -> str:
        return "action_gemeente_ontvangen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = privacy_events(dispatcher, tracker)
        repo = repository()
        places = mentioned_places(repo, tracker)
        regeling = tracker.get_slot("regeling")
        aanbod = tracker.get_slot("aanbod")
        if len(places) >= 2 and regeling and all(p.in_regio for p in places[:2]):
            send(
                dispatcher,
                antwoorden.antwoord_vergelijking(
                    repo, regeling, places[0].gemeente, places[1].gemeente
                ),
            )
            return events + [SlotSet("aanbod", None)]
        if not places:
            dispatcher.utter_message(
                text=teksten.ONBEKENDE_PLAATS, buttons=antwoorden.vraag_gemeente_knoppen(repo)
            )
            return events + [SlotSet("aanbod", aanbod or "gemeente")]
        place = places[0]
        if not place.in_regio:
            if regeling:
                send(dispatcher, antwoorden.antwoord_buiten_regio(repo, regeling, place))
            else:
                dispatcher.utter_message(text=teksten.buiten_regio_algemeen(repo, place))
            return events + [SlotSet("aanbod", None)]
        gemeente = place.gemeente
        if aanbod == "overdracht_gemeente":
            return events + [SlotSet("gemeente", gemeente)] + offer_handover(
                dispatcher, tracker, reden=tracker.get_slot("overdracht_reden") or "gevraagd",
                gemeente=gemeente,
            )
        slot = gemeente_slot_for(regeling)
        events.append(SlotSet(slot, gemeente))
        if regeling:
            return events + answer_for_gemeente(
                dispatcher, tracker, repo, regeling, gemeente, detailed=True
            )
        dispatcher.utter_message(
            text=teksten.gemeente_onthouden(repo, place), buttons=teksten.regeling_knoppen()
        )
        return events + [SlotSet("aanbod", None)]


class ActionVergelijkGemeenten(Action):
    """Compare two municipalities for one instrument."""

    def name(self) -> str:
        return "action_vergelijk_gemeenten"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = privacy_events(dispatcher, tracker)
        repo = repository()
        regeling = current_regeling(tracker)
        places = [p for p in mentioned_places(repo, tracker) if p.in_regio]
        if regeling is None:
            return events + ask_regeling(dispatcher)
        events.append(SlotSet("regeling", regeling))
        if len(places) < 2:
            dispatcher.utter_message(text=teksten.VERGELIJK_TWEE_GEMEENTEN)
            return events + [SlotSet("aanbod", None)]
        send(
            dispatcher,
            antwoorden.antwoord_vergelijking(repo, regeling, places[0].gemeente, places[1].gemeente),
        )
        return events + [SlotSet("aanbod", None)]
