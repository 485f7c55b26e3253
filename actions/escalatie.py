"""Handover to the employer's named, fixed accountmanager: offer, consent, contact form, storing.

Privacy between employers who share nothing but a conversation id or an e-mail address:

- Contact details are asked anew for every handover: consent clears the form's slots, and so does
  storing, so whoever continues a conversation with its sender id never sees (or re-uses) the
  details or the assignment of the employer before them.
- The chat names only the accountmanager of the municipality (public information, from the
  roster). Whether an e-mail address or KvK number is already known, and to whom it belongs, is
  never said in the chat: the confirmation mail to that address names the contact person
  (``wsp.overdracht.bevestiging``), so only whoever reads that mailbox learns it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import current_roster, repository
from wsp import teksten
from wsp.gesprek import (
    is_skip,
    is_stop,
    parse_email,
    parse_kvk,
    parse_telefoon,
    recent_user_texts,
)
from wsp.overdracht import service, validatie
from wsp.overdracht.toewijzing import uiterlijk_contact, vandaag_lokaal
from wsp.privacy import redact
from wsp.regels import antwoorden

log = logging.getLogger(__name__)

CONTACT_SLOTS = ("naam", "organisatie", "email", "telefoon", "kvk", "contactvoorkeur")
LEEG = "-"  # "skipped by the employer"
# words in a correction at the confirmation step -> the slot to ask again
CORRECTIE_WOORDEN = {
    "naam": "naam", "organisatie": "organisatie", "bedrijf": "organisatie", "mail": "email",
    "telefoon": "telefoon", "nummer": "telefoon", "kvk": "kvk", "vraag": "vraag",
    "contact": "contactvoorkeur", "voorkeur": "contactvoorkeur",
}


def _open_question(tracker: Tracker, reden: str) -> str | None:
    """The question the employer already asked, so the form need not ask it again."""
    skip = {"request_human", "not_helpful", "affirm", "deny", "greet", "thank", "feedback",
            "inform_gemeente", "goodbye", "bot_challenge"}
    if reden == "gevraagd":
        return None
    texts = recent_user_texts(tracker.events, limit=2 if reden == "onbegrepen" else 1,
                              skip_intents=skip)
    question = " / ".join(texts).strip()
    return redact(question)[:1000] if question else None


def offer_handover(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reden: str,
    gemeente: str | None = None,
) -> List[Dict[str, Any]]:
    """Name the employer's fixed accountmanager and ask consent to pass the conversation on."""
    events: List[Dict[str, Any]] = [SlotSet("overdracht_reden", reden)]
    question = _open_question(tracker, reden)
    if question:
        events.append(SlotSet("vraag", question))
    gemeente = gemeente or tracker.get_slot("gemeente") or tracker.get_slot("woongemeente")
    repo = repository()
    if not gemeente:
        dispatcher.utter_message(
            text=teksten.vraag_gemeente_voor_contact(),
            buttons=antwoorden.vraag_gemeente_knoppen(repo),
        )
        return events + [SlotSet("aanbod", "overdracht_gemeente")]
    roster = current_roster()
    vast = roster.kies(gemeente, bedrijfsgrootte=tracker.get_slot("bedrijfsgrootte"))
    today = vandaag_lokaal()
    handelt = roster.beschikbaar(vast, today)
    afwezig_tot = next((a.tot for a in vast.afwezig if a.geldt_op(today)), None)
    dispatcher.utter_message(
        text=teksten.aanbod_overdracht(
            handelt,
            teksten.gemeente_naam(repo, gemeente),
            vervanging=vast if handelt.id != vast.id else None,
            afwezig_tot=afwezig_tot,
        ),
        buttons=teksten.AANBOD_KNOPPEN,
    )
    return events + [
        SlotSet("gemeente", gemeente),
        SlotSet("accountmanager_id", handelt.id),
        SlotSet("aanbod", "overdracht"),
    ]


class ActionBiedOverdrachtAan(Action):
    """The employer asks for a person, or says the answer did not help."""

    def name(self) -> str:
        return "action_bied_overdracht_aan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        reden = "niet_geholpen" if intent == "not_helpful" else "gevraagd"
        if reden == "niet_geholpen":
            dispatcher.utter_message(text="Jammer dat mijn antwoord u niet verder hielp.")
        return offer_handover(dispatcher, tracker, reden=reden)


class ActionOverdrachtToestemming(Action):
    """The employer agreed: record when, then the contact form starts."""

    def name(self) -> str:
        return "action_overdracht_toestemming"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(
            text="Dank u. Dan heb ik nog een paar gegevens van u nodig. Wilt u toch stoppen? "
            "Typ dan 'stop'."
        )
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        # details of an earlier handover in this conversation are asked again, never re-used
        return [SlotSet("toestemming_op", now), SlotSet("gegevens_bevestigd", None)] + [
            SlotSet(slot, None) for slot in CONTACT_SLOTS]


class ActionOverdrachtGeweigerd(Action):
    """No consent: nothing is passed on and nothing about the employer is kept."""

    def name(self) -> str:
        return "action_overdracht_geweigerd"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(text=teksten.OVERDRACHT_GEWEIGERD)
        return [
            SlotSet("aanbod", None),
            SlotSet("overdracht_reden", None),
            SlotSet("vraag", None),
            SlotSet("toestemming_op", None),
        ]


def _past(controle: Any, *args: Any) -> bool:
    """True when the handover service will accept this value (the form asks again otherwise)."""
    try:
        controle(*args)
    except validatie.OngeldigeOverdracht:
        return False
    return True


def _herkomst(tracker: Tracker) -> str | None:
    """The channel's daily hash of the client address, from the latest user message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            waarde = (event.get("metadata") or {}).get("wsp_herkomst")
            return waarde if isinstance(waarde, str) else None
    return None


def bevestiging_in_chat(naam: str | None, uiterlijk: date, contactvoorkeur: str | None,
                        email: str | None, organisatie: str | None) -> str:
    """What the chat says once the handover is stored. The same for a known and an unknown
    employer: no name of a contact person tied to the e-mail address or KvK number."""
    aanhef = f"Dank u wel, {naam}." if naam else "Dank u wel."
    bij = f" bij {organisatie}" if organisatie else ""
    hoe = f" ({contactvoorkeur})" if contactvoorkeur and contactvoorkeur != LEEG else ""
    mail = (f" Op {email} krijgt u een bevestiging met de naam en het telefoonnummer van uw "
            "contactpersoon." if email and service.bevestiging_aan() else "")
    return (
        f"{aanhef} Ik heb uw vraag en dit gesprek doorgegeven aan uw contactpersoon{bij}. Uw "
        f"contactpersoon neemt uiterlijk {teksten.dag_datum_nl(uiterlijk)} contact met u op"
        f"{hoe}.{mail} U kunt intussen gewoon verder vragen stellen."
    )


NIET_DOORGEGEVEN = "Het lukt me niet om uw vraag door te geven. {reden} {contact}"


class ValidateContactForm(FormValidationAction):
    """Checks contact details; 'stop' ends the form, 'wijzig e-mail' corrects one field."""

    def name(self) -> str:
        return "validate_contact_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if not tracker.get_slot("toestemming_op"):
            return []  # stopped: the form ends, nothing is stored
        return list(domain_slots)

    def _stop(self, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
        dispatcher.utter_message(text=teksten.FORMULIER_GESTOPT)
        cleared: Dict[str, Any] = {slot: None for slot in CONTACT_SLOTS}
        cleared.update(
            {"toestemming_op": None, "vraag": None, "gegevens_bevestigd": None,
             "requested_slot": None}
        )
        return cleared

    def validate_naam(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"naam": None}  # reset by another action, nothing typed
        text = (value or "").strip()
        if is_stop(text):
            return self._stop(dispatcher)
        if 2 <= len(text) <= 100 and not text.startswith("/") and _past(
                validatie._naamtekst, text, "De naam", validatie.MAX_NAAM):
            return {"naam": text}
        dispatcher.utter_message(text="Wilt u uw naam noemen? Bijvoorbeeld: Jan de Vries.")
        return {"naam": None}

    def validate_organisatie(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"organisatie": None}  # reset by another action, nothing typed
        text = (value or "").strip()
        if is_stop(text):
            return self._stop(dispatcher)
        if 2 <= len(text) <= 200 and not text.startswith("/") and _past(
                validatie._naamtekst, text, "De naam van de organisatie",
                validatie.MAX_ORGANISATIE):
            return {"organisatie": text}
        dispatcher.utter_message(text="Wat is de naam van uw organisatie of bedrijf?")
        return {"organisatie": None}

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"email": None}  # reset by another action, nothing typed
        text = (value or "").strip()
        if is_stop(text):
            return self._stop(dispatcher)
        email = parse_email(text)
        if email and _past(validatie.schoon_email, email):
            return {"email": email}
        if is_skip(text):
            return {"email": LEEG}
        dispatcher.utter_message(
            text="Dat lijkt geen geldig e-mailadres. Een e-mailadres ziet eruit als "
            "naam@bedrijf.nl. Probeert u het nog eens, of kies 'Geen e-mail'.",
            buttons=[{"title": "Geen e-mail", "payload": "geen e-mail"}],
        )
        return {"email": None}

    def validate_telefoon(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"telefoon": None}  # reset by another action, nothing typed
        text = (value or "").strip()
        if is_stop(text):
            return self._stop(dispatcher)
        phone = parse_telefoon(text)
        if phone:
            return {"telefoon": phone}
        if is_skip(text):
            if tracker.get_slot("email") in (None, LEEG):
                dispatcher.utter_message(
                    text="Ik heb een e-mailadres of een telefoonnummer nodig, anders kan uw "
                    "contactpersoon u niet bereiken. Wat is uw telefoonnummer?"
                )
                return {"telefoon": None}
            return {"telefoon": LEEG}
        dispatcher.utter_message(
            text="Dat lijkt geen geldig telefoonnummer. Noem een Nederlands nummer van 10 "
            "cijfers, bijvoorbeeld 026 123 45 67 of 06 12345678."
        )
        return {"telefoon": None}

    def validate_kvk(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"kvk": None}  # reset by another action, nothing typed
        text = (value or "").strip()
        if is_stop(text):
            return self._stop(dispatcher)
        kvk = parse_kvk(text)
        if kvk:
            return {"kvk": kvk}
        if is_skip(text):
            return {"kvk": LEEG}
        dispatcher.utter_message(
            text="Een KvK-nummer heeft 8 cijfers. Probeert u het nog eens, of kies 'Overslaan'.",
            buttons=[{"title": "Overslaan", "payload": "overslaan"}],
        )
        return {"kvk": None}

    def validate_contactvoorkeur(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"contactvoorkeur": None}  # reset by another action, nothing typed
        text = (value or "").strip()
        if is_stop(text):
            return self._stop(dispatcher)
        if text and not text.startswith("/"):
            return {"contactvoorkeur": redact(text)[:200]}
        return {"contactvoorkeur": None}

    def validate_vraag(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"vraag": None}  # reset by another action, nothing typed
        text = (value or "").strip()
        if is_stop(text):
            return self._stop(dispatcher)
        if len(text) >= 3 and not text.startswith("/"):
            return {"vraag": redact(text)[:2000]}
        dispatcher.utter_message(text="Wilt u uw vraag in een paar woorden beschrijven?")
        return {"vraag": None}

    def validate_gegevens_bevestigd(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None or tracker.get_slot("requested_slot") != "gegevens_bevestigd":
            return {"gegevens_bevestigd": None}  # reset by another action, not answered
        text = str(value).strip()
        lowered = text.lower()
        if is_stop(text):
            return self._stop(dispatcher)
        # corrections first: "wijzig e-mail" or a new address typed straight away
        email, phone = parse_email(text), parse_telefoon(text)
        if email or phone:
            update: Dict[str, Any] = {"gegevens_bevestigd": None}
            if email:
                update["email"] = email
            if phone:
                update["telefoon"] = phone
            return update
        for word, slot in CORRECTIE_WOORDEN.items():
            if word in lowered:
                return {slot: None, "gegevens_bevestigd": None}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "affirm" or lowered in ("ja", "ja, klopt", "klopt", "ok", "oké"):
            return {"gegevens_bevestigd": "ja"}
        dispatcher.utter_message(
            text="Klik op 'Ja, klopt' als alles goed is, of kies wat u wilt wijzigen."
        )
        return {"gegevens_bevestigd": None}


class ActionAskGegevensBevestigd(Action):
    """Show the collected details and let the employer correct them."""

    def name(self) -> str:
        return "action_ask_gegevens_bevestigd"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        slots = {slot: tracker.get_slot(slot) for slot in (*CONTACT_SLOTS, "vraag")}
        dispatcher.utter_message(
            text=teksten.samenvatting_contact(slots), buttons=teksten.WIJZIG_KNOPPEN
        )
        return []


class ActionOverdrachtOpslaan(Action):
    """Store the handover (with transcript) and queue the notification; confirm to the employer."""

    def name(self) -> str:
        return "action_overdracht_opslaan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        reset = [
            SlotSet("aanbod", None),
            SlotSet("overdracht_reden", None),
            SlotSet("vraag", None),
            SlotSet("toestemming_op", None),
            SlotSet("gegevens_bevestigd", None),
            # nothing of this employer stays for whoever continues with this conversation id
            SlotSet("accountmanager_id", None),
            *[SlotSet(slot, None) for slot in CONTACT_SLOTS],
        ]
        toestemming = tracker.get_slot("toestemming_op")
        if not toestemming:
            return reset  # stopped by the employer; the form already said so

        def value(slot: str) -> str | None:
            raw = tracker.get_slot(slot)
            return None if raw in (None, LEEG) else str(raw)

        roster = current_roster()
        try:
            resultaat = service.overdracht_vanuit_gesprek(
                gesprek_id=tracker.sender_id,
                events=list(tracker.events),
                reden=tracker.get_slot("overdracht_reden") or "gevraagd",
                gemeente=tracker.get_slot("gemeente") or tracker.get_slot("woongemeente"),
                regeling=tracker.get_slot("regeling"),
                vraag=value("vraag"),
                contact={slot: value(slot) for slot in CONTACT_SLOTS},
                toestemming_op=datetime.fromisoformat(toestemming),
                kanaal=tracker.get_latest_input_channel() or "rest",
                bedrijfsgrootte=tracker.get_slot("bedrijfsgrootte"),
                roster=roster,
                herkomst=_herkomst(tracker),
            )
        except (service.GeenToestemming, validatie.OngeldigeOverdracht,
                validatie.TeVeelOverdrachten) as fout:
            log.warning("event=overdracht_geweigerd reden=%s", type(fout).__name__)
            org = roster.organisatie or {}
            wegen = [w for w in (org.get("telefoon"), org.get("email")) if w]
            dispatcher.utter_message(text=NIET_DOORGEGEVEN.format(
                reden=str(fout) if not isinstance(fout, service.GeenToestemming)
                else "Ik heb uw toestemming niet goed kunnen vastleggen.",
                contact=(f"Neemt u gerust rechtstreeks contact met ons op: {' of '.join(wegen)}."
                         if wegen else "Neemt u gerust rechtstreeks contact met ons op.")))
            return reset
        # The date the employer can count on, from the accountmanager named in the offer (the
        # municipality's): the stored handover's own date follows the person who handles it,
        # and saying it here would tell whether this address was known. The mail has it.
        aangeboden = roster.get(tracker.get_slot("accountmanager_id"))
        uiterlijk = resultaat.uiterlijk_contact
        if aangeboden is not None:
            uiterlijk = uiterlijk_contact(datetime.utcnow(), roster.servicenorm_voor(aangeboden))
        dispatcher.utter_message(
            text=bevestiging_in_chat(value("naam"), uiterlijk, value("contactvoorkeur"),
                                     value("email"), (roster.organisatie or {}).get("naam"))
        )
        return reset
