"""Answers about the instruments: the answer-library entry for the question asked, fitted to the
employer's municipality; the municipality's rules; comparisons."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    entity_values,
    intent_onzeker,
    latest_intent,
    privacy_events,
    repository,
    send,
)
from actions.escalatie import offer_handover
from wsp import teksten
from wsp.abonnementen.chat import abonnement_knop
from wsp.regels import antwoorden
from wsp.regels.zoeken import Beslissing, Kandidaat, als_aanvulling, is_vraag, vraagzin

LKS = "loonkostensubsidie"


def current_regeling(tracker: Tracker) -> str | None:
    """The instrument the message names, else the one the conversation is about."""
    values = entity_values(tracker, "regeling")
    return values[0] if values else tracker.get_slot("regeling")


def named_regelingen(repo: Any, tracker: Tracker) -> List[str]:
    return [v for v in entity_values(tracker, "regeling") if v in repo.regelingen]


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


def _place_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, repo: Any, regeling: str | None
) -> tuple[List[Dict[str, Any]], Any, Any]:
    """Remember a place named in the message (employer's or, for LKS, employee's municipality).
    Returns the events, an out-of-region place and an in-region place (whichever was named)."""
    places = mentioned_places(repo, tracker)
    if not places:
        return [], None, None
    if not places[0].in_regio:
        return [], places[0], None
    gemeente = places[0].gemeente
    if regeling == LKS:
        dispatcher.utter_message(text=teksten.lks_woongemeente_let_op(repo, places[0]))
        return [SlotSet("gemeente", gemeente), SlotSet("woongemeente", gemeente)], None, None
    return [SlotSet("gemeente", gemeente)], None, places[0]


def _slot_after(events: List[Dict[str, Any]], tracker: Tracker, slot: str) -> Any:
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return tracker.get_slot(slot)


def send_entry(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    repo: Any,
    vraag: Any,
    events: List[Dict[str, Any]],
) -> List[Dict[str, Any]]:
    """Send one answer-library entry, with the municipality's value when the entry refers to a rule."""
    gemeente = _slot_after(events, tracker, gemeente_slot_for(vraag.regeling))
    antwoord = _met_abonneren(repo, antwoorden.antwoord_vraag(repo, vraag, gemeente), vraag.regeling)
    return _sent(dispatcher, tracker, antwoord, gemeente, events, vraag.regeling, vraag.id)


def _met_abonneren(repo: Any, antwoord: antwoorden.Antwoord, regeling: str) -> antwoorden.Antwoord:
    """After an answer about an instrument: "Houd mij op de hoogte" of its changes (issue: proactive)."""
    if repo.regeling(regeling).soort != "regeling":
        return antwoord
    return antwoorden.Antwoord(antwoord.tekst, [*antwoord.knoppen, abonnement_knop(regeling)], antwoord.escaleren)


def _sent(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    antwoord: antwoorden.Antwoord,
    gemeente: str | None,
    events: List[Dict[str, Any]],
    regeling: str,
    vraag_id: str | None,
) -> List[Dict[str, Any]]:
    """Send an answer and remember what it was about; offer the accountmanager when a rule says so."""
    send(dispatcher, antwoord)
    events = events + [SlotSet("regeling", regeling), SlotSet("vraag_id", vraag_id)]
    if antwoord.escaleren:
        return events + offer_handover(dispatcher, tracker, reden=antwoord.escaleren, gemeente=gemeente)
    return events + [SlotSet("aanbod", None)]


def send_overview(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    repo: Any,
    regeling: str,
    events: List[Dict[str, Any]],
) -> List[Dict[str, Any]]:
    """What an instrument is, for whom and how much (the employer named it without a question), with
    its most asked questions as buttons."""
    gemeente = _slot_after(events, tracker, gemeente_slot_for(regeling))
    antwoord = antwoorden.antwoord_regeling(repo, regeling, gemeente)
    knoppen = antwoorden.veelgestelde_knoppen(repo, regeling) + [
        k for k in antwoord.knoppen if k["payload"] == antwoorden.KNOP_MEDEWERKER["payload"]
    ]
    overzicht = _met_abonneren(repo, antwoorden.Antwoord(antwoord.tekst, knoppen, antwoord.escaleren), regeling)
    return _sent(dispatcher, tracker, overzicht, gemeente, events, regeling, None)


def send_choice(
    dispatcher: CollectingDispatcher, beslissing: Beslissing, events: List[Dict[str, Any]]
) -> List[Dict[str, Any]]:
    """"Bedoelt u...?" with the closest entries; when they all belong to one instrument, the conversation
    is about that instrument from now on (follow-ups, the handover's context)."""
    vragen = [k.vraag for k in beslissing.kandidaten]
    send(dispatcher, antwoorden.antwoord_keuze(vragen, meer=bool(beslissing.overige)))
    return _over_vragen(vragen, events)


def _over_vragen(vragen: List[Any], events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    regelingen = {v.regeling for v in vragen}
    if len(regelingen) == 1:
        events = events + [SlotSet("regeling", regelingen.pop())]
    return events + [SlotSet("aanbod", None)]


def laatste_keuze(events: List[Dict[str, Any]]) -> tuple[str, List[str], str | None, List[str]] | None:
    """The conversation's last "Bedoelt u...?": (the employer's question, the instruments it named,
    the instrument the conversation was about when it was asked, the entries offered)."""
    regeling: str | None = None
    vraag: tuple[str, List[str], str | None] | None = None
    keuze = None
    for event in events:
        soort = event.get("event")
        if soort == "slot" and event.get("name") == "regeling":
            regeling = event.get("value") if isinstance(event.get("value"), str) else None
        elif soort == "user":
            tekst = event.get("text") or ""
            entiteiten = (event.get("parse_data") or {}).get("entities") or []
            genoemd = [e.get("value") for e in entiteiten if e.get("entity") == "regeling" and e.get("value")]
            vraag = (tekst, genoemd, regeling)
        elif soort == "bot" and event.get("text") == antwoorden.KEUZE_TEKST and vraag is not None:
            keuze = (*vraag, antwoorden.vraag_ids_van((event.get("data") or {}).get("buttons")))
    return keuze


def _laatste_bot_tekst(events: List[Dict[str, Any]]) -> str | None:
    """The text of the assistant's last message."""
    return next((e.get("text") for e in reversed(events) if e.get("event") == "bot"), None)


class ActionMeerVragen(Action):
    """"Mijn vraag staat er niet bij" under a "Bedoelt u...?": the entries that fit the employer's
    question next, searched again from the stored conversation (nothing is kept in between)."""

    def name(self) -> str:
        return "action_meer_vragen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        repo = repository()
        getypt = not (tracker.latest_message.get("text") or "").startswith("/")
        vorige = _laatste_bot_tekst(tracker.events)
        if getypt and vorige not in (antwoorden.KEUZE_TEKST, antwoorden.MEER_TEKST):
            # typed, and not right after a "Bedoelt u...?" ("zijn er nog andere subsidies?"): a question
            return await ActionBeantwoordVraag().run(dispatcher, tracker, domain)
        keuze = laatste_keuze(tracker.events)
        if keuze is None:
            return ask_regeling(dispatcher)
        if vorige == antwoorden.MEER_TEKST:  # "geen van deze" under the next entries too
            send(dispatcher, antwoorden.antwoord_meer([]))
            return [SlotSet("aanbod", None)]
        tekst, genoemd, context, aangeboden = keuze
        genoemd = [r for r in genoemd if r in repo.regelingen]
        vragen = [k.vraag for k in repo.vraag_index.overige(tekst, aangeboden, genoemd, context)]
        send(dispatcher, antwoorden.antwoord_meer(vragen))
        return _over_vragen(vragen, []) if vragen else [SlotSet("aanbod", None)]


def decide(repo: Any, tracker: Tracker) -> Beslissing:
    text = tracker.latest_message.get("text") or ""
    named = named_regelingen(repo, tracker)
    vorige = repo.vragen.get(tracker.get_slot("vraag_id") or "")
    if vorige is not None and not named:
        aanvulling = als_aanvulling(text, vorige.vraag)
        if aanvulling is not None:  # "en voor iemand met een Wajong-uitkering?"
            return repo.vraag_index.beslis(aanvulling, (), vorige.regeling, herhaald=vorige.id)
    return repo.vraag_index.beslis(text, named, tracker.get_slot("regeling"))


def _keuze_ook_strikt(repo: Any, top: Kandidaat) -> bool:
    """Whether a "Bedoelt u...?" choice is still offered when the NLU model thought the message was out
    of scope or not understood: when its best entry fits as well as an answer would, or when that entry
    is itself one of the referrals for questions outside the assistant ("Vakantiedagen: kijk bij de
    Rijksoverheid"): then model and library agree it is out of scope, and the referral says where to go,
    which the general "Daar kan ik u niet mee helpen" does not (``Drempels.verwijzing_strikt``)."""
    d = repo.vraag_index.drempels
    if top.score >= d.antwoord:
        return True
    return repo.regeling(top.vraag.regeling).soort == "verwijzing" and top.score >= d.verwijzing_strikt


def _vreemd(repo: Any, text: str) -> bool:
    """Most of the message's words occur nowhere in the library (``bekend_aandeel`` below
    ``bekend_strikt``): one shared word is no fit."""
    return repo.vraag_index.bekend_aandeel(text) < repo.vraag_index.drempels.bekend_strikt


def answer_from_library(
    dispatcher: CollectingDispatcher, tracker: Tracker, strict: bool = False, behalve: str | None = None
) -> List[Dict[str, Any]] | None:
    """Answer the message from the answer library when an entry fits; None when none does.
    ``strict`` (the NLU model thought the message was out of scope or not understood): nothing when
    most of its words occur nowhere in the library; else an answer, or a choice when its best entry fits
    as well as an answer would or is a referral (``_keuze_ook_strikt``). ``behalve``: None when this
    entry is again the best fit (an answer, or the first of a choice)."""
    repo = repository()
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return None
    if strict and _vreemd(repo, text):
        return None
    beslissing = decide(repo, tracker)
    if beslissing.soort == "geen":
        return None
    if strict and beslissing.soort == "keuze" and not _keuze_ook_strikt(repo, beslissing.kandidaten[0]):
        return None  # the model thought it was not about us: only a choice between strong matches
    if behalve is not None and beslissing.kandidaten[0].vraag.id == behalve:
        return None
    if beslissing.soort == "keuze":
        return send_choice(dispatcher, beslissing, [])
    return send_entry(dispatcher, tracker, repo, beslissing.beste, [])


def answer_if_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]] | None:
    """For a message the NLU model took for something other than a question (feedback: "dit is de
    rompslomp waar ik vanaf wil"): when it does ask something (``is_vraag``) in words the library
    knows (``bekend_aandeel``, as for out-of-scope messages), the library's answer or choice; None
    otherwise ("wat heb ik hieraan?"), and when the answer would be the one just given ("Dit antwoord
    klopt niet, de polis geldt toch 10 jaar?": sending it again helps nobody)."""
    repo = repository()
    text = tracker.latest_message.get("text") or ""
    if not is_vraag(text) or _vreemd(repo, text):
        return None
    return answer_from_library(dispatcher, tracker, behalve=tracker.get_slot("vraag_id"))


class ActionBeantwoordVraag(Action):
    """The answer to the question asked: an answer-library entry (or "Bedoelt u...?" when two or
    three fit), fitted to the municipality; the instrument's overview when only its name was given."""

    def name(self) -> str:
        return "action_beantwoord_vraag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = privacy_events(dispatcher, tracker)
        repo = repository()
        gekozen = next(iter(entity_values(tracker, "vraag_id")), None)
        if latest_intent(tracker) == "kies_vraag" and gekozen in repo.vragen:
            return send_entry(dispatcher, tracker, repo, repo.vragen[gekozen], events)
        regeling = current_regeling(tracker)
        if regeling is not None and regeling not in repo.regelingen:
            regeling = None
        plaats_events, buiten, binnen = _place_events(dispatcher, tracker, repo, regeling)
        if buiten is not None:
            if regeling:
                send(dispatcher, antwoorden.antwoord_buiten_regio(repo, regeling, buiten))
            else:
                dispatcher.utter_message(text=teksten.buiten_regio_algemeen(repo, buiten))
            return events + [SlotSet("aanbod", None)]
        events += plaats_events
        text = tracker.latest_message.get("text") or ""
        beslissing = decide(repo, tracker) if not text.startswith("/") else Beslissing("geen", ())
        if binnen is not None and not (beslissing.soort == "antwoord" and beslissing.beste.regel):
            # an answer that merges the municipality's value says so itself; otherwise acknowledge the place
            dispatcher.utter_message(text=teksten.plaats_genoteerd(repo, binnen))
        named = named_regelingen(repo, tracker)
        if (regeling and not named and not text.startswith("/")
                and teksten.alleen_naam(vraagzin(text), repo.regeling(regeling))):
            # "Hoe werkt het?", "Wat houdt dat in?" after an answer: nothing asked beyond "it", so it
            # is the instrument under discussion, whatever other entry these words resemble
            eigen = repo.vragen.get(f"{regeling}.hoe_werkt_het") or repo.vragen.get(f"{regeling}.wat_is_het")
            if eigen is not None:
                return send_entry(dispatcher, tracker, repo, eigen, events)
            return send_overview(dispatcher, tracker, repo, regeling, events)
        # "Wat is beschut werk?", also after a sentence of context ("Hij heeft een Wajong. Wat is de
        # no-riskpolis?"): nothing asked beyond the name, so it is about that instrument, whatever entry
        # of another instrument the name resembles ("Ziekte en loondoorbetaling")
        alleen_naam = bool(named) and not text.startswith("/") and teksten.alleen_naam(
            vraagzin(text), repo.regeling(named[0]))
        if alleen_naam:
            # its "what is it" entry; for an instrument without one (the LIV was abolished: "wat was
            # het?") the best of its own entries the search found (no second search)
            wat = repo.vragen.get(f"{named[0]}.wat_is_het") or next(
                (k.vraag for k in (*beslissing.kandidaten, *beslissing.overige)
                 if k.vraag.regeling == named[0]), None)
            if wat is not None:
                return send_entry(dispatcher, tracker, repo, wat, events)
            return send_overview(dispatcher, tracker, repo, named[0], events)
        if beslissing.soort == "antwoord":
            return send_entry(dispatcher, tracker, repo, beslissing.beste, events)
        if named and beslissing.soort == "geen":
            return send_overview(dispatcher, tracker, repo, named[0], events)
        if beslissing.soort == "keuze":
            return send_choice(dispatcher, beslissing, events)
        if regeling:
            return send_overview(dispatcher, tracker, repo, regeling, events)
        dispatcher.utter_message(text=teksten.ONBEGREPEN_1, buttons=teksten.regeling_knoppen())
        return events + [SlotSet("aanbod", None)]


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
            # "Binnen welke termijn moet ik een nieuwe medewerker aanmelden bij UWV/gemeente?" names a
            # municipality but asks a question of its own, and the model is unsure (0.55): the answer
            # library first. A sure "Hoe zit dat bij mijn gemeente?" asks which instrument: the
            # library's entries about municipalities would only be a guess.
            answered = answer_from_library(dispatcher, tracker) if intent_onzeker(tracker) else None
            return events + (answered if answered is not None else ask_regeling(dispatcher))
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
        vraag = repo.vragen.get(tracker.get_slot("vraag_id") or "")
        if vraag is not None and vraag.regel is not None:
            # The last answer depends on the municipality ("noem uw gemeente"): answer it again, now local.
            return send_entry(dispatcher, tracker, repo, vraag, events)
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
            answered = answer_from_library(dispatcher, tracker) if len(places) < 2 else None
            return events + (answered if answered is not None else ask_regeling(dispatcher))
        events.append(SlotSet("regeling", regeling))
        if len(places) < 2:
            # "Wat is het verschil tussen een interne en een externe jobcoach?" compares no places.
            answered = answer_from_library(dispatcher, tracker)
            if answered is not None:
                return events + answered
            dispatcher.utter_message(text=teksten.VERGELIJK_TWEE_GEMEENTEN)
            return events + [SlotSet("aanbod", None)]
        send(
            dispatcher,
            antwoorden.antwoord_vergelijking(repo, regeling, places[0].gemeente, places[1].gemeente),
        )
        return events + [SlotSet("aanbod", None)]
