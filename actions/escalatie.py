"""Handover to the employer's named, fixed accountmanager: offer, consent, contact form, storing.

Privacy between employers who share nothing but a conversation id or an e-mail address:

- Contact details are asked anew for every handover: consent clears the form's slots, and so does
  storing, so whoever continues a conversation with its sender id never sees (or re-uses) the
  details or the assignment of the employer before them.
- The chat names only the accountmanager of the municipality (public information, from the
  roster, with the roster's direct phone number and e-mail address). Whether an e-mail address or
  KvK number is already known, and to whom it belongs, is never said in the chat: the
  confirmation mail to that address names the contact person (``wsp.overdracht.bevestiging``), so
  only whoever reads that mailbox learns it. The contact date in the chat follows from the
  accountmanager named in the offer, for the same reason.
- What stays in the conversation after a handover is its reference (``kenmerk``) and that
  contact date, both already in the chat itself, so a second request is recognised ("U heeft al
  een vraag doorgegeven"); an addition is accepted only for a handover made from this very
  conversation (``wsp.overdracht.service.voeg_aanvulling_toe``).
- The question proposed for the handover comes only from this employer's part of the
  conversation: messages after the last stored handover, outside forms.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from datetime import date, datetime, timezone
from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import current_roster, entity_values, latest_intent, repository
from wsp import teksten
from wsp.gesprek import (
    ANSWERED_SLOTS,
    BELLEN,
    MAILEN,
    contactweg,
    is_skip,
    is_stop,
    parse_email,
    parse_kvk,
    parse_telefoon,
    recent_user_texts,
)
from wsp.overdracht import service, validatie
from wsp.overdracht.toewijzing import uiterlijk_contact, vandaag_lokaal
from wsp.overdracht.validatie import OngeldigeOverdracht
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


# "ja", "ja, klopt", "oké prima" at the start of an answer to the proposed question
_JA = re.compile(r"^\s*(?:(?:ja|jazeker|jawel|klopt|dat klopt|ok|oke|oké|okay|prima|goed|"
                 r"correct|hoor)\b[\s,.!]*)+", re.IGNORECASE)
STORE_ACTION = "action_overdracht_opslaan"


def _eigen_berichten(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The employer's messages since the last stored handover (whoever was before), without the
    answers typed into a form (names, numbers, addresses)."""
    kept: List[Dict[str, Any]] = []
    in_form = False
    for event in events:
        soort = event.get("event")
        if soort == "action" and event.get("name") == STORE_ACTION:
            kept = []
        elif soort == "active_loop":
            in_form = bool(event.get("name"))
        elif soort == "user" and not in_form:
            kept.append(event)
    return kept


def _open_question(tracker: Tracker, reden: str) -> str | None:
    """The question the employer already asked, proposed for her to confirm or edit."""
    skip = {"request_human", "not_helpful", "affirm", "deny", "greet", "thank", "feedback",
            "inform_gemeente", "goodbye", "bot_challenge", "meer_vragen"}
    texts = recent_user_texts(_eigen_berichten(list(tracker.events)),
                              limit=2 if reden == "onbegrepen" else 1, skip_intents=skip)
    question = " / ".join(texts).strip()
    return redact(question)[:1000] if question else None


def _open_kenmerk(tracker: Tracker) -> str | None:
    """The reference of a handover stored in this session of the conversation, unless the
    employer was just told about it and asks for a person again (she wants a new handover)."""
    kenmerk = tracker.get_slot("kenmerk")
    if not kenmerk or tracker.get_slot("aanbod") == "aanvulling":
        return None
    opgeslagen = False
    for event in tracker.events:
        if event.get("event") == "session_started":
            opgeslagen = False  # a later visit: slots carried over, the request not recognised
        elif event.get("event") == "action" and event.get("name") == STORE_ACTION:
            opgeslagen = True
    return kenmerk if opgeslagen else None


def _uiterlijk(tracker: Tracker) -> date | None:
    try:
        return date.fromisoformat(tracker.get_slot("uiterlijk_contact") or "")
    except ValueError:
        return None


def _genoemde_plaats(tracker: Tracker, repo: Any) -> Any | None:
    """A place the employer names in this very message ("mijn bedrijf zit in Duiven"): an NLU
    entity first, else a place found in the text."""
    candidates = [repo.resolve_plaats(v) for v in entity_values(tracker, "plaats")]
    candidates += repo.find_plaatsen(tracker.latest_message.get("text") or "")
    return next((r for r in candidates if r.gevonden), None)


def offer_handover(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reden: str,
    gemeente: str | None = None,
) -> List[Dict[str, Any]]:
    """Name the employer's fixed accountmanager, say what happens next and ask consent to pass
    the conversation on. After a handover in this conversation: offer to add to that one."""
    kenmerk = _open_kenmerk(tracker)
    if kenmerk:
        dispatcher.utter_message(text=teksten.open_vraag(kenmerk, _uiterlijk(tracker)),
                                 buttons=teksten.OPEN_VRAAG_KNOPPEN)
        return [SlotSet("aanbod", "aanvulling")]
    events: List[Dict[str, Any]] = [SlotSet("overdracht_reden", reden)]
    events.append(SlotSet("vraag_voorstel", _open_question(tracker, reden)))
    repo = repository()
    if not gemeente:
        plaats = _genoemde_plaats(tracker, repo)
        if plaats is not None and not plaats.in_regio:
            dispatcher.utter_message(text=teksten.buiten_regio_contact(plaats),
                                     buttons=antwoorden.vraag_gemeente_knoppen(repo))
            return events + [SlotSet("aanbod", "overdracht_gemeente")]
        gemeente = plaats.gemeente if plaats is not None else None
    gemeente = gemeente or tracker.get_slot("gemeente") or tracker.get_slot("woongemeente")
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
    werkdagen = roster.servicenorm_voor(handelt)
    dispatcher.utter_message(
        text=teksten.aanbod_overdracht(
            handelt,
            teksten.gemeente_naam(repo, gemeente),
            uiterlijk=uiterlijk_contact(datetime.utcnow(), werkdagen),
            werkdagen=werkdagen,
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
        if reden == "niet_geholpen" and any(tracker.get_slot(s) for s in ANSWERED_SLOTS):
            # only after an answer: "Dit is te ingewikkeld voor mij" as a first message had none
            dispatcher.utter_message(text=teksten.NIET_GEHOLPEN)
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
        # details of an earlier handover in this conversation are asked again, never re-used;
        # the question is proposed (vraag_voorstel) and confirmed in the form
        return [SlotSet("toestemming_op", now), SlotSet("gegevens_bevestigd", None),
                SlotSet("vraag", None)] + [SlotSet(slot, None) for slot in CONTACT_SLOTS]


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
            SlotSet("vraag_voorstel", None),
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
                        email: str | None, organisatie: str | None,
                        kenmerk: str | None = None) -> str:
    """What the chat says once the handover is stored. The same for a known and an unknown
    employer: no name of a contact person tied to the e-mail address or KvK number."""
    return teksten.bevestiging_in_chat(naam, uiterlijk, contactvoorkeur, email, organisatie,
                                       kenmerk, bevestigingsmail=service.bevestiging_aan())


def contact_form_slots(contactvoorkeur: str | None) -> List[str]:
    """The contact form's questions in order: the question first (proposed from the
    conversation), then how she wants to be reached, which decides what is needed: a phone
    number for a call-back (e-mail optional, for the confirmation), an e-mail address for a reply
    by mail (no phone), otherwise at least one of the two."""
    weg = contactweg(contactvoorkeur)
    bereik = (["email"] if weg == MAILEN else ["telefoon", "email"] if weg == BELLEN
              else ["email", "telefoon"])
    return ["vraag", "contactvoorkeur", "naam", "organisatie", *bereik, "kvk",
            "gegevens_bevestigd"]


NIET_DOORGEGEVEN = "Het lukt me niet om uw vraag door te geven. {reden} {contact}"


class _FormValidation(FormValidationAction):
    """A form whose questions follow from the conversation (``slots_for``); none ends it."""

    form = ""

    def name(self) -> str:
        return f"validate_{self.form}"

    @abstractmethod
    def slots_for(self, tracker: Tracker) -> List[str]:
        """The form's questions for this conversation (abstract: rasa-sdk then does not register
        this base class as an action named "validate_")."""

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        return self.slots_for(tracker)


class ValidateContactForm(_FormValidation):
    """Checks contact details; 'stop' ends the form, 'wijzig e-mail' corrects one field."""

    form = "contact_form"

    def slots_for(self, tracker: Tracker) -> List[str]:
        if not tracker.get_slot("toestemming_op"):
            return []  # stopped: the form ends, nothing is stored
        return contact_form_slots(tracker.get_slot("contactvoorkeur"))

    def _stop(self, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
        dispatcher.utter_message(text=teksten.FORMULIER_GESTOPT)
        cleared: Dict[str, Any] = {slot: None for slot in CONTACT_SLOTS}
        cleared.update(
            {"toestemming_op": None, "vraag": None, "vraag_voorstel": None,
             "gegevens_bevestigd": None, "requested_slot": None}
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
        if contactweg(tracker.get_slot("contactvoorkeur")) == MAILEN:
            if not is_skip(text) and contactweg(text) == BELLEN:
                return {"email": None, "contactvoorkeur": BELLEN}  # she'd rather be called
            if is_skip(text):
                dispatcher.utter_message(text=teksten.EMAIL_NODIG,
                                         buttons=[teksten.BEL_MIJ_KNOP])
                return {"email": None}
            dispatcher.utter_message(
                text="Dat lijkt geen geldig e-mailadres. Een e-mailadres ziet eruit als "
                "naam@bedrijf.nl. Probeert u het nog eens, of kies 'Bel mij terug'.",
                buttons=[teksten.BEL_MIJ_KNOP],
            )
            return {"email": None}
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
        if contactweg(tracker.get_slot("contactvoorkeur")) == BELLEN:
            if contactweg(text) == MAILEN:
                return {"telefoon": None, "contactvoorkeur": "per e-mail"}  # rather by mail
            if is_skip(text):
                dispatcher.utter_message(text=teksten.TELEFOON_NODIG,
                                         buttons=[teksten.MAIL_MIJ_KNOP])
                return {"telefoon": None}
        elif is_skip(text):
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
        voorstel = tracker.get_slot("vraag_voorstel")
        if voorstel:
            ja = _JA.match(text)
            rest = text[ja.end():].strip() if ja else text
            if (text.startswith("/") and latest_intent(tracker) == "affirm") or (ja and not rest):
                return {"vraag": voorstel}
            if text.lower().startswith("wijzig") or "aanpassen" in text.lower():
                return {"vraag": None, "vraag_voorstel": None}  # asked again, without proposal
            if ja and len(rest) >= 3:  # "ja, en ook ..." adds to the proposal
                return {"vraag": redact(f"{voorstel}\n{rest}")[:2000]}
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
                correctie: Dict[str, Any] = {slot: None, "gegevens_bevestigd": None}
                if slot == "vraag":
                    correctie["vraag_voorstel"] = None  # asked anew, the old one is in the chat
                return correctie
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "affirm" or lowered in ("ja", "ja, klopt", "klopt", "ok", "oké"):
            return {"gegevens_bevestigd": "ja"}
        dispatcher.utter_message(
            text="Klik op 'Ja, klopt' als alles goed is, of kies wat u wilt wijzigen."
        )
        return {"gegevens_bevestigd": None}


class _AskSlot(Action, ABC):
    """A form question computed from the conversation (``action_ask_<slot>``). The fixed questions
    are domain responses (``utter_ask_<slot>`` in assistant/domain/), asked by Rasa itself."""

    slot: str = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    @abstractmethod
    def question(self, tracker: Tracker) -> Tuple[str, List[Dict[str, str]]]:
        """The question and its buttons (abstract: rasa-sdk then does not register this base class)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        question, buttons = self.question(tracker)
        dispatcher.utter_message(text=question, buttons=list(buttons))
        return []


class ActionAskVraag(_AskSlot):
    """The question from the conversation to confirm or edit; asked only when there is none."""

    slot = "vraag"

    def question(self, tracker: Tracker) -> Tuple[str, List[Dict[str, str]]]:
        return teksten.vraag_vraag(tracker.get_slot("vraag_voorstel"))


class ActionAskEmail(_AskSlot):
    """Required for a reply by e-mail, optional (the confirmation) for a call-back."""

    slot = "email"

    def question(self, tracker: Tracker) -> Tuple[str, List[Dict[str, str]]]:
        return teksten.vraag_email(contactweg(tracker.get_slot("contactvoorkeur")))


class ActionAskTelefoon(_AskSlot):
    """Required for a call-back; may be skipped when an e-mail address was given."""

    slot = "telefoon"

    def question(self, tracker: Tracker) -> Tuple[str, List[Dict[str, str]]]:
        return teksten.vraag_telefoon(contactweg(tracker.get_slot("contactvoorkeur")))


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
            SlotSet("vraag_voorstel", None),
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
            wegen = _organisatie_wegen(roster)
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
                                     value("email"), (roster.organisatie or {}).get("naam"),
                                     resultaat.kenmerk)
        )
        # what a second request in this conversation is told (offer_handover)
        return reset + [SlotSet("kenmerk", resultaat.kenmerk),
                        SlotSet("uiterlijk_contact", uiterlijk.isoformat())]


def _organisatie_wegen(roster: Any) -> List[str]:
    org = roster.organisatie or {}
    return [w for w in (org.get("telefoon"), org.get("email")) if w]


class ValidateAanvullingForm(_FormValidation):
    """What the employer adds to her open handover; 'stop' ends it."""

    form = "aanvulling_form"

    def slots_for(self, tracker: Tracker) -> List[str]:
        if tracker.get_slot("aanbod") != "aanvulling" or not tracker.get_slot("kenmerk"):
            return []  # stopped, or no open handover: the form ends
        return ["aanvulling"]

    def validate_aanvulling(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {"aanvulling": None}
        text = str(value).strip()
        if is_stop(text):
            dispatcher.utter_message(text=teksten.AANVULLING_GESTOPT)
            return {"aanvulling": None, "aanbod": None, "requested_slot": None}
        if len(text) >= 3 and not text.startswith("/"):
            return {"aanvulling": redact(text)[:2000]}
        dispatcher.utter_message(text="Wilt u in een paar woorden zeggen wat u wilt aanvullen?")
        return {"aanvulling": None}


class ActionAanvullingOpslaan(Action):
    """Add the employer's text to her open handover; the accountmanager gets a mail."""

    def name(self) -> str:
        return "action_aanvulling_opslaan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        reset = [SlotSet("aanvulling", None), SlotSet("aanbod", None)]
        tekst, kenmerk = tracker.get_slot("aanvulling"), tracker.get_slot("kenmerk")
        if not tekst or not kenmerk:
            return reset  # stopped; the form already said so
        roster = current_roster()
        try:
            gelukt = service.voeg_aanvulling_toe(gesprek_id=tracker.sender_id, kenmerk=kenmerk,
                                                 tekst=tekst, roster=roster)
        except OngeldigeOverdracht:
            gelukt = False
        except Exception as fout:  # the database is away: say how to reach us instead
            # the type only: a database error's text may quote the employer's words
            log.error("event=aanvulling_mislukt fout=%s", type(fout).__name__)
            gelukt = False
        dispatcher.utter_message(
            text=teksten.aanvulling_doorgegeven(kenmerk) if gelukt
            else teksten.aanvulling_mislukt(kenmerk, _organisatie_wegen(roster)))
        return reset


class ActionAanvullingGeweigerd(Action):
    """Nothing to add to the open handover."""

    def name(self) -> str:
        return "action_aanvulling_geweigerd"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(text=teksten.aanvulling_niet_nodig(_uiterlijk(tracker)))
        return [SlotSet("aanbod", None)]
