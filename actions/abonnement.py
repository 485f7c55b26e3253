"""Subscribing to changes in the chat: "Houd mij op de hoogte". Thin rasa-sdk layer over
``wsp.abonnementen.chat``; nothing is sent until the employer confirms by mail (double opt-in).

The answer actions can offer the subscription after an answer with
``wsp.abonnementen.chat.abonnement_knop(regeling)`` (or the constant ``ABONNEMENT_KNOP``).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_values, repository
from wsp.abonnementen import chat, teksten

MAX_POGINGEN = 3
SLOTS = ("abonnement_gevraagd", "abonnement_regelingen", "abonnement_toestemming",
         "abonnement_pogingen", "abonnement_gemeente", "abonnement_email")


def _leeg() -> Dict[str, Any]:
    return {slot: None for slot in SLOTS} | {"requested_slot": None}


class ActionAbonnementStart(Action):
    """Which instruments and municipality the subscription is for; then the form asks the rest."""

    def name(self) -> str:
        return "action_abonnement_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        repo = repository()
        regelingen = chat.regelingen_van_gesprek(
            entity_values(tracker, "regeling"), tracker.events, tracker.get_slot("regeling"),
            repo.regelingen.keys())
        gemeente = None
        plaatsen = entity_values(tracker, "plaats")
        if plaatsen:
            antwoord = chat.lees_gemeente(repo, None, plaatsen)
            if antwoord.buiten_regio:
                dispatcher.utter_message(text=teksten.buiten_regio(antwoord.buiten_regio,
                                                                   repo.regio_naam))
                return [SlotSet(slot, None) for slot in SLOTS]
            gemeente = antwoord.gemeente
        gemeente = gemeente or tracker.get_slot("gemeente") or tracker.get_slot("woongemeente")
        return [
            SlotSet("abonnement_gevraagd", chat.nu_iso()),
            SlotSet("abonnement_regelingen", regelingen),
            SlotSet("abonnement_gemeente", gemeente),
            SlotSet("abonnement_email", None),
            SlotSet("abonnement_toestemming", None),
            SlotSet("abonnement_pogingen", 0),
        ]


class ActionAskAbonnementGemeente(Action):
    def name(self) -> str:
        return "action_ask_abonnement_gemeente"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        dispatcher.utter_message(text=teksten.VRAAG_GEMEENTE,
                                 buttons=chat.gemeente_knoppen(repository()))
        return []


class ActionAskAbonnementEmail(Action):
    """The consent text (what, how, for how long), then the question for the address."""

    def name(self) -> str:
        return "action_ask_abonnement_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        toestemming = chat.toestemmingstekst(
            repository(), tracker.get_slot("abonnement_regelingen") or [],
            tracker.get_slot("abonnement_gemeente"))
        bekend = chat.lees_email(tracker.get_slot("email")).email  # from the contact form
        knoppen = [{"title": bekend, "payload": bekend}] if bekend else []
        dispatcher.utter_message(text=f"{toestemming}\n\n{teksten.VRAAG_EMAIL}", buttons=knoppen)
        return [SlotSet("abonnement_toestemming", toestemming)]


class ValidateAbonnementForm(FormValidationAction):
    """'stop' ends the form; three unusable answers end it too (nothing is stored)."""

    def name(self) -> str:
        return "validate_abonnement_form"

    async def required_slots(self, domain_slots: List[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[str]:
        if not tracker.get_slot("abonnement_gevraagd"):
            return []  # stopped: the form ends, nothing is stored
        return list(domain_slots)

    def _stop(self, dispatcher: CollectingDispatcher, tekst: str) -> Dict[str, Any]:
        dispatcher.utter_message(text=tekst)
        return _leeg()

    def _opnieuw(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
                 tekst: str) -> Dict[str, Any]:
        pogingen = int(tracker.get_slot("abonnement_pogingen") or 0) + 1
        if pogingen >= MAX_POGINGEN:
            return self._stop(dispatcher, teksten.TE_VAAK_FOUT)
        dispatcher.utter_message(text=tekst)
        return {slot: None, "abonnement_pogingen": pogingen}

    def validate_abonnement_gemeente(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"abonnement_gemeente": None}
        repo = repository()
        antwoord = chat.lees_gemeente(repo, str(value), entity_values(tracker, "plaats"))
        if antwoord.stop:
            return self._stop(dispatcher, teksten.GESTOPT)
        if antwoord.buiten_regio:
            return self._stop(dispatcher, teksten.buiten_regio(antwoord.buiten_regio,
                                                                repo.regio_naam))
        if antwoord.gemeente:
            return {"abonnement_gemeente": antwoord.gemeente}
        return self._opnieuw(dispatcher, tracker, "abonnement_gemeente", teksten.GEEN_GEMEENTE)

    def validate_abonnement_email(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"abonnement_email": None}
        antwoord = chat.lees_email(str(value))
        if antwoord.stop:
            return self._stop(dispatcher, teksten.GESTOPT)
        if antwoord.email:
            return {"abonnement_email": antwoord.email}
        return self._opnieuw(dispatcher, tracker, "abonnement_email", teksten.GEEN_EMAIL)


class ActionAbonnementOpslaan(Action):
    """Store the request with its consent text and queue the confirmation mail."""

    def name(self) -> str:
        return "action_abonnement_opslaan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        reset = [SlotSet(slot, None) for slot in SLOTS]
        email = tracker.get_slot("abonnement_email")
        if not tracker.get_slot("abonnement_gevraagd") or not email:
            return reset  # stopped; the form already said so
        uitkomst = chat.vraag_aan(
            repository(), email=email, gemeente=tracker.get_slot("abonnement_gemeente"),
            regelingen=tracker.get_slot("abonnement_regelingen") or [],
            gesprek_id=tracker.sender_id, kanaal=tracker.get_latest_input_channel() or "rest",
            aangevraagd=tracker.get_slot("abonnement_gevraagd"),
            toestemming=tracker.get_slot("abonnement_toestemming"))
        dispatcher.utter_message(text=uitkomst.tekst)
        return reset
