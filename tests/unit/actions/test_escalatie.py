"""actions/escalatie.py: offer the named accountmanager (who, by when, how; a place named with the
request), consent, the contact form (the proposed question, call-back or e-mail, each field, stop,
corrections), the summary, storing the handover in a real SQLite database with its reference, and
an addition to the open handover when the employer asks again.

Privacy between employers who share a conversation id: tests/unit/test_escalatie_privacy.py."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from actions.common import current_roster, repository
from actions.escalatie import (
    CONTACT_SLOTS,
    ActionAanvullingGeweigerd,
    ActionAanvullingOpslaan,
    ActionAskEmail,
    ActionAskGegevensBevestigd,
    ActionAskTelefoon,
    ActionAskVraag,
    ActionBiedOverdrachtAan,
    ActionOverdrachtGeweigerd,
    ActionOverdrachtOpslaan,
    ActionOverdrachtToestemming,
    ValidateAanvullingForm,
    ValidateContactForm,
    bevestiging_in_chat,
    contact_form_slots,
)
from tests.support.trackers import buttons, domain, run, slots_set, texts, tracker
from wsp import teksten
from wsp.db import session_scope
from wsp.gesprek import contactweg
from wsp.overdracht.models import OutboxBericht, Overdracht, Statuswijziging
from wsp.overdracht.toewijzing import uiterlijk_contact, vandaag_lokaal
from wsp.regels import antwoorden

STOPPED = {**{slot: None for slot in CONTACT_SLOTS}, "toestemming_op": None, "vraag": None,
           "vraag_voorstel": None, "gegevens_bevestigd": None, "requested_slot": None}
KENMERK = re.compile(r"^WSP-\d{4}-[2-9A-HJKMNP-Z]{6}$")
LKS_VRAAG = "Hoe lang loopt de loonkostensubsidie door?"  # the last question in na_lks_antwoord


@pytest.fixture(scope="module")
def roster():  # type: ignore[no-untyped-def]
    return current_roster()


def validate(state: str, slot: str, typed: str, intent: str = "inform", **slots):  # type: ignore[no-untyped-def]
    """Run validate_contact_form on the employer typing ``typed`` while the form asks ``slot``."""
    return run(ValidateContactForm(), tracker(
        state, typed, intent=intent, slots={"requested_slot": slot, **slots},
        slot_candidates={slot: typed}))


def filled(events: list[dict]) -> dict:
    """The slots a validation set, without the form's next question (``requested_slot``)."""
    return {k: v for k, v in slots_set(events).items() if k != "requested_slot"}


def next_question(events: list[dict]) -> str | None:
    """The form's next question, where the order differs from the domain's (else Rasa picks the
    first empty slot in the domain's order, which is contact_form_slots' call-back order)."""
    return slots_set(events)["requested_slot"]


# ---- action_bied_overdracht_aan ------------------------------------------------------------------

def test_asking_for_a_person_without_a_municipality_asks_for_it():
    events, messages = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "ik wil iemand spreken", intent="request_human"))

    assert slots_set(events) == {"overdracht_reden": "gevraagd", "vraag_voorstel": LKS_VRAAG,
                                 "aanbod": "overdracht_gemeente"}
    [message] = messages
    assert message["text"] == teksten.vraag_gemeente_voor_contact()
    assert message["buttons"] == antwoorden.vraag_gemeente_knoppen(repository())


def test_not_helped_names_the_accountmanager_and_keeps_the_question(roster):
    events, messages = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "dit helpt me niet", intent="not_helpful", slots={"gemeente": "arnhem"}))

    expected = roster.beschikbaar(roster.kies("arnhem"), vandaag_lokaal())
    assert slots_set(events) == {
        "overdracht_reden": "niet_geholpen",
        "vraag_voorstel": LKS_VRAAG,  # the question that was not answered well, to confirm
        "gemeente": "arnhem", "accountmanager_id": expected.id, "aanbod": "overdracht"}
    sorry, offer = messages
    assert sorry["text"] == teksten.NIET_GEHOLPEN
    assert expected.naam in offer["text"] and "Arnhem" in offer["text"]
    assert offer["buttons"] == teksten.AANBOD_KNOPPEN


def test_not_helped_before_any_answer_offers_the_accountmanager_without_regrets():
    # "Dit is te ingewikkeld voor mij" as a first message: there was no answer to regret
    events, messages = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "dit is te ingewikkeld voor mij", intent="not_helpful"))

    assert slots_set(events)["overdracht_reden"] == "niet_geholpen"
    assert teksten.NIET_GEHOLPEN not in texts(messages)
    assert texts(messages) == [teksten.vraag_gemeente_voor_contact()]


def test_after_mijn_vraag_staat_er_niet_bij_the_question_proposed_is_the_one_asked():
    def gebruiker(tekst: str, intent: str) -> dict:
        return {"event": "user", "text": tekst, "parse_data": {"intent": {"name": intent}, "entities": []}}

    eerder = [gebruiker("wat kost het", "ask_regeling"), {"event": "bot", "text": antwoorden.KEUZE_TEKST},
              gebruiker("geen van deze", "meer_vragen"), {"event": "bot", "text": antwoorden.MEER_TEKST}]
    events, _ = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "ik wil iemand spreken", intent="request_human", events=eerder))

    assert slots_set(events)["vraag_voorstel"] == "wat kost het"


def test_the_offer_says_who_by_when_and_how_before_consent(roster):
    _, [offer] = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "ik wil iemand spreken", intent="request_human",
        slots={"gemeente": "duiven"}))

    am = roster.beschikbaar(roster.kies("duiven"), vandaag_lokaal())
    werkdagen = roster.servicenorm_voor(am)
    uiterlijk = uiterlijk_contact(datetime.utcnow(), werkdagen)
    text = offer["text"]
    assert text.startswith(f"Uw vaste contactpersoon is {am.naam}")
    assert am.telefoon in text and am.email in text  # direct contact details from the roster
    assert "geen medewerker mee in deze chat" in text  # not a live chat
    assert f"uiterlijk {teksten.dag_datum_nl(uiterlijk)}" in text
    assert f"binnen {werkdagen} werkdagen" in text and "terugbellen of een e-mail" in text
    assert text.rstrip().endswith(f"Mag ik dit gesprek aan {am.naam} doorgeven?")


@pytest.mark.parametrize("entities", [{"plaats": "Duiven"}, {}])  # NLU entity, or found in the text
def test_a_place_named_with_the_request_is_not_asked_again(roster, entities):
    events, [offer] = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "Mijn bedrijf zit in Duiven, ik wil iemand spreken", intent="request_human",
        entities=entities))

    slots = slots_set(events)
    assert slots["gemeente"] == "duiven" and slots["aanbod"] == "overdracht"
    assert slots["vraag_voorstel"] is None  # nothing was asked before: the form will ask
    assert roster.kies("duiven").naam in offer["text"] and "Duiven" in offer["text"]
    assert "In welke gemeente" not in offer["text"]


def test_a_place_named_with_the_request_wins_over_an_earlier_one():
    events, _ = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "wij zitten in Velp, kan iemand mij bellen", intent="request_human",
        entities={"plaats": "Velp"}, slots={"gemeente": "arnhem"}))
    assert slots_set(events)["gemeente"] == "rheden"


def test_a_place_outside_the_region_is_said_and_the_municipality_asked():
    events, [message] = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "mijn bedrijf zit in Nijmegen, ik wil iemand spreken", intent="request_human",
        entities={"plaats": "Nijmegen"}))

    assert slots_set(events)["aanbod"] == "overdracht_gemeente"
    assert "gemeente" not in slots_set(events)
    assert message["text"].startswith("Nijmegen ligt niet in Midden-Gelderland")
    assert message["buttons"] == antwoorden.vraag_gemeente_knoppen(repository())


def test_the_proposed_question_leaves_out_form_answers_and_earlier_handovers():
    def user(text: str, intent: str = "ask_regeling") -> dict:
        return {"event": "user", "timestamp": 1794301300.0, "text": text,
                "parse_data": {"text": text, "intent": {"name": intent}, "entities": []}}

    earlier_employer = [user("Wat kost een jobcoach voor mijn bedrijf?"),
                        {"event": "active_loop", "name": "contact_form"},
                        user("Eerste Werkgever", "inform"),
                        {"event": "active_loop", "name": None},
                        {"event": "action", "name": "action_overdracht_opslaan"}]
    events, _ = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "ik wil iemand spreken", intent="request_human", slots={"gemeente": "arnhem"},
        events=earlier_employer))
    assert slots_set(events)["vraag_voorstel"] is None

    in_a_form = [user("bereken de loonkostensubsidie"),
                 {"event": "active_loop", "name": "lks_form"}, user("24", "inform")]
    events, _ = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "ik wil iemand spreken", intent="request_human", slots={"gemeente": "arnhem"},
        events=in_a_form))
    assert slots_set(events)["vraag_voorstel"] == "bereken de loonkostensubsidie"


STORED = [{"event": "action", "timestamp": 1794301300.0, "name": "action_overdracht_opslaan"}]
OPEN = {"gemeente": "arnhem", "kenmerk": "WSP-2026-7KQ4XM", "uiterlijk_contact": "2026-12-02"}


def test_asking_again_after_a_handover_recognises_the_open_request():
    events, [message] = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "ik wil iemand spreken", intent="request_human", slots=OPEN,
        events=STORED))

    assert slots_set(events) == {"aanbod": "aanvulling"}  # no new offer, no consent asked
    assert message["text"] == (
        "U heeft al een vraag doorgegeven (kenmerk WSP-2026-7KQ4XM). Uw contactpersoon neemt "
        "uiterlijk woensdag 2 december 2026 contact met u op. Wilt u iets aanvullen?")
    assert message["buttons"] == teksten.OPEN_VRAAG_KNOPPEN


def test_asking_again_once_told_or_in_a_later_session_makes_a_new_offer():
    # told about the open request, she asks for a person again: a new handover
    events, [offer] = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "/request_human", intent="request_human",
        slots={**OPEN, "aanbod": "aanvulling"}, events=STORED))
    assert slots_set(events)["aanbod"] == "overdracht" and "Mag ik dit gesprek" in offer["text"]
    # a later session of the conversation (slots carried over): not recognised
    events, _ = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "ik wil iemand spreken", intent="request_human", slots=OPEN,
        events=[*STORED, {"event": "session_started", "timestamp": 1794305000.0}]))
    assert slots_set(events)["aanbod"] == "overdracht"


def test_the_open_question_is_redacted(roster):
    asked = "Mijn werknemer met BSN 123456782 heeft autisme, krijg ik een jobcoach?"
    earlier = {"event": "user", "timestamp": 1794301210.0, "text": asked,
               "parse_data": {"text": asked, "intent": {"name": "ask_regeling"}, "entities": []}}
    events, _ = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "dit helpt niet", intent="not_helpful", slots={"gemeente": "arnhem"},
        events=[earlier]))

    vraag = slots_set(events)["vraag_voorstel"]
    assert "123456782" not in vraag and "autisme" not in vraag
    assert "[BSN verwijderd]" in vraag


# ---- consent -------------------------------------------------------------------------------------

def test_consent_records_the_time_and_clears_earlier_details():
    before = datetime.now(timezone.utc).replace(microsecond=0)
    events, messages = run(ActionOverdrachtToestemming(), tracker(
        "overdracht_aangeboden", "ja", intent="affirm",
        slots={"naam": "Iemand Eerder", "email": "eerder@example.nl"}))

    slots = slots_set(events)
    assert before <= datetime.fromisoformat(slots.pop("toestemming_op")) <= datetime.now(timezone.utc)
    assert slots == {"gegevens_bevestigd": None, "vraag": None,
                     **{slot: None for slot in CONTACT_SLOTS}}
    assert texts(messages) == [
        "Dank u. Dan heb ik nog een paar gegevens van u nodig. Wilt u toch stoppen? Typ dan 'stop'."]


def test_no_consent_passes_nothing_on():
    events, messages = run(ActionOverdrachtGeweigerd(), tracker("overdracht_aangeboden", "nee", intent="deny"))

    assert slots_set(events) == {"aanbod": None, "overdracht_reden": None, "vraag": None,
                                 "vraag_voorstel": None, "toestemming_op": None}
    assert texts(messages) == [teksten.OVERDRACHT_GEWEIGERD]


# ---- validate_contact_form -----------------------------------------------------------------------

def test_a_name_is_accepted_and_one_letter_is_not():
    assert filled(validate("contactformulier", "naam", "Jan de Vries")[0]) == {"naam": "Jan de Vries"}
    events, messages = validate("contactformulier", "naam", "J")
    assert filled(events) == {"naam": None}
    assert texts(messages) == ["Wilt u uw naam noemen? Bijvoorbeeld: Jan de Vries."]


def test_stop_anywhere_in_the_form_clears_everything():
    events, messages = validate("contactformulier", "naam", "stop")
    assert slots_set(events) == STOPPED
    assert texts(messages) == [teksten.FORMULIER_GESTOPT]

    events, _ = validate("gegevens_ingevuld", "gegevens_bevestigd", "stoppen")
    assert slots_set(events) == STOPPED


def test_the_form_asks_nothing_without_consent():
    events, messages = run(ValidateContactForm(), tracker(
        "contactformulier", "Jan", intent="inform", slots={"toestemming_op": None},
        slot_candidates={"naam": "Jan"}))

    assert slots_set(events) == {"requested_slot": None}  # the form ends, nothing is stored
    assert messages == []


def test_an_e_mail_address_is_found_in_a_sentence_and_lower_cased():
    events, _ = validate("contactformulier", "email", "Mijn mail is Jan@Bakkerij.NL")
    assert filled(events) == {"email": "jan@bakkerij.nl"}


def test_no_e_mail_is_allowed_and_a_wrong_one_is_asked_again():
    assert filled(validate("contactformulier", "email", "geen e-mail")[0]) == {"email": "-"}

    events, [message] = validate("contactformulier", "email", "jan at bakkerij")
    assert filled(events) == {"email": None}
    assert "naam@bedrijf.nl" in message["text"]
    assert buttons(message) == [("Geen e-mail", "geen e-mail")]


def test_a_phone_number_in_a_sentence_is_accepted():
    events, _ = validate("contactformulier", "telefoon", "Mijn nummer is 06 12345678")
    assert filled(events) == {"telefoon": "0612345678"}


def test_skipping_the_phone_needs_an_e_mail_address():
    events, _ = validate("contactformulier", "telefoon", "overslaan", email="jan@bakkerij.example")
    assert filled(events) == {"telefoon": "-"}

    events, messages = validate("contactformulier", "telefoon", "overslaan", email="-")
    assert filled(events) == {"telefoon": None}
    assert texts(messages) == [
        "Ik heb een e-mailadres of een telefoonnummer nodig, anders kan uw contactpersoon u niet "
        "bereiken. Wat is uw telefoonnummer?"]


def test_a_wrong_phone_number_is_asked_again():
    events, messages = validate("contactformulier", "telefoon", "06 1234", email="-")
    assert filled(events) == {"telefoon": None}
    assert "10 cijfers" in texts(messages)[0]


def test_kvk_number_eight_digits_or_skipped():
    assert filled(validate("contactformulier", "kvk", "KvK 1234 5678")[0]) == {"kvk": "12345678"}
    assert filled(validate("contactformulier", "kvk", "overslaan")[0]) == {"kvk": "-"}
    events, [message] = validate("contactformulier", "kvk", "1234")
    assert filled(events) == {"kvk": None}
    assert buttons(message) == [("Overslaan", "overslaan")]


def test_free_text_fields_are_stored_redacted():
    events, _ = validate("contactformulier", "contactvoorkeur", "bellen, hij heeft BSN 123456782")
    assert filled(events) == {"contactvoorkeur": "bellen, hij heeft BSN [BSN verwijderd]"}

    events, _ = validate("contactformulier", "vraag", "Hij heeft autisme en BSN 123456782, mag dat?")
    vraag = filled(events)["vraag"]
    assert "autisme" not in vraag and "123456782" not in vraag and vraag.endswith("mag dat?")


def test_a_question_of_two_letters_is_asked_again():
    events, messages = validate("contactformulier", "vraag", "ok")
    assert filled(events) == {"vraag": None}
    assert texts(messages) == ["Wilt u uw vraag in een paar woorden beschrijven?"]


def test_confirmation_yes():
    events, messages = run(ValidateContactForm(), tracker(
        "gegevens_ingevuld", "ja", intent="affirm", slot_candidates={"gegevens_bevestigd": "ja"}))
    assert filled(events) == {"gegevens_bevestigd": "ja"}
    assert messages == []


def test_confirmation_correct_one_field_by_word_or_by_typing_it():
    events, _ = validate("gegevens_ingevuld", "gegevens_bevestigd", "wijzig e-mail")
    assert filled(events) == {"gegevens_bevestigd": None, "email": None}  # asked again

    events, _ = validate("gegevens_ingevuld", "gegevens_bevestigd", "nieuw@bakkerij.example")
    assert filled(events) == {"gegevens_bevestigd": None, "email": "nieuw@bakkerij.example"}


def test_confirmation_not_understood_explains_the_buttons():
    events, messages = validate("gegevens_ingevuld", "gegevens_bevestigd", "hmm")
    assert filled(events) == {"gegevens_bevestigd": None}
    assert texts(messages) == ["Klik op 'Ja, klopt' als alles goed is, of kies wat u wilt wijzigen."]


# ---- the question, and call-back or e-mail -------------------------------------------------------

def test_the_form_asks_the_question_first_then_the_way_of_contact_which_decides_the_rest():
    assert contact_form_slots(None) == [
        "vraag", "contactvoorkeur", "naam", "organisatie", "email", "telefoon", "kvk",
        "gegevens_bevestigd"]
    # a call-back needs the phone number; the e-mail address is optional (confirmation)
    assert contact_form_slots("bellen, 's middags")[4:6] == ["telefoon", "email"]
    # a reply by e-mail needs the address and never asks for the phone
    assert "telefoon" not in contact_form_slots("per e-mail")

    events, _ = validate("contactformulier", "contactvoorkeur", "per e-mail",
                         vraag="Mag ik een interne jobcoach inzetten?")
    assert filled(events) == {"contactvoorkeur": "per e-mail"} and next_question(events) == "naam"
    events, _ = validate("contactformulier", "email", "jan@bakkerij.example",
                         vraag="Mag het?", contactvoorkeur="per e-mail", naam="Jan",
                         organisatie="Bakkerij")
    assert next_question(events) == "kvk"  # no phone number asked


@pytest.mark.parametrize(("typed", "way"), [
    ("bellen, 's ochtends", "bellen"), ("Bel mij na drie uur", "bellen"), ("telefonisch graag", "bellen"),
    ("per e-mail", "e-mail"), ("mailen is prima", "e-mail"), ("Stuur mij een e-mail", "e-mail"),
    ("maakt mij niet uit", None), ("liever niet bellen maar mailen", None), (None, None),
])
def test_the_way_of_contact_is_read_from_her_words(typed, way):
    assert contactweg(typed) == way


def test_the_way_of_contact_is_offered_as_buttons():
    [question] = domain()["responses"]["utter_ask_contactvoorkeur"]  # a response, no action
    assert "terugbellen of een e-mail" in question["text"]
    assert [b["payload"] for b in question["buttons"]] == ["bellen, 's ochtends", "bellen, 's middags",
                                                          "per e-mail"]


def test_a_reply_by_e_mail_needs_the_address_or_switches_to_a_call_back():
    events, [message] = validate("contactformulier", "email", "geen e-mail",
                                 contactvoorkeur="per e-mail")
    assert filled(events) == {"email": None}
    assert message["text"] == teksten.EMAIL_NODIG and message["buttons"] == [teksten.BEL_MIJ_KNOP]

    events, messages = validate("contactformulier", "email", "bellen", contactvoorkeur="per e-mail",
                                vraag="Mag het?", naam="Jan", organisatie="Bakkerij")
    assert filled(events) == {"email": None, "contactvoorkeur": "bellen"} and messages == []
    assert contact_form_slots("bellen").index("telefoon") < contact_form_slots("bellen").index("email")


def test_a_call_back_needs_the_phone_number_or_switches_to_e_mail():
    events, [message] = validate("contactformulier", "telefoon", "overslaan",
                                 contactvoorkeur="bellen, 's ochtends", email="jan@bakkerij.example")
    assert filled(events) == {"telefoon": None}
    assert message["text"] == teksten.TELEFOON_NODIG
    assert message["buttons"] == [teksten.MAIL_MIJ_KNOP]

    events, _ = validate("contactformulier", "telefoon", "per e-mail",
                         contactvoorkeur="bellen, 's ochtends", vraag="Mag het?", naam="Jan",
                         organisatie="Bakkerij")
    assert filled(events) == {"telefoon": None, "contactvoorkeur": "per e-mail"}
    assert next_question(events) == "email"


def test_the_e_mail_and_phone_questions_follow_the_way_of_contact():
    def asked(action, **slots):  # type: ignore[no-untyped-def]
        _, [message] = run(action, tracker("contactformulier", slots=slots))
        return message

    mailen = asked(ActionAskEmail(), contactvoorkeur="per e-mail")
    assert (mailen["text"], mailen["buttons"]) == (
        "Op welk e-mailadres kan uw contactpersoon u mailen?", [])  # no 'Geen e-mail
    bellen = asked(ActionAskEmail(), contactvoorkeur="bellen")
    assert "bevestiging per e-mail" in bellen["text"]
    assert buttons(bellen) == [("Geen e-mail", "geen e-mail")]
    assert buttons(asked(ActionAskEmail())) == [("Geen e-mail", "geen e-mail")]
    terugbellen = asked(ActionAskTelefoon(), contactvoorkeur="bellen, 's middags")
    assert "terugbellen" in terugbellen["text"] and terugbellen["buttons"] == []
    assert buttons(asked(ActionAskTelefoon())) == [("Overslaan", "overslaan")]


def test_the_question_from_the_conversation_is_shown_to_confirm_not_asked_again():
    _, [message] = run(ActionAskVraag(), tracker("contactformulier", slots={"vraag_voorstel": LKS_VRAAG}))
    assert LKS_VRAAG in message["text"] and "Klopt dat?" in message["text"]
    assert "in uw eigen woorden" not in message["text"]
    assert buttons(message) == [("Ja, klopt", "/affirm"), ("Vraag aanpassen", "wijzig vraag")]

    _, [message] = run(ActionAskVraag(), tracker("contactformulier"))
    assert message["text"].startswith("Waar gaat uw vraag over?") and message["buttons"] == []


@pytest.mark.parametrize(("typed", "intent", "expected"), [
    ("/affirm", "affirm", {"vraag": LKS_VRAAG}),
    ("ja, klopt", "affirm", {"vraag": LKS_VRAAG}),
    ("Ja, en mag dat ook voor een parttimer?", "affirm",
     {"vraag": f"{LKS_VRAAG}\nen mag dat ook voor een parttimer?"}),
    ("Hoe lang duurt de loonkostensubsidie in Duiven?", "ask_regeling",
     {"vraag": "Hoe lang duurt de loonkostensubsidie in Duiven?"}),
    ("wijzig vraag", "inform", {"vraag": None, "vraag_voorstel": None}),
])
def test_the_proposed_question_is_confirmed_added_to_or_replaced(typed, intent, expected):
    events, messages = validate("contactformulier", "vraag", typed, intent=intent,
                                vraag_voorstel=LKS_VRAAG)
    assert filled(events) == expected and messages == []


def test_correcting_the_question_in_the_summary_asks_it_anew():
    events, _ = validate("gegevens_ingevuld", "gegevens_bevestigd", "wijzig vraag",
                         vraag_voorstel=LKS_VRAAG)
    assert filled(events) == {"vraag": None, "vraag_voorstel": None, "gegevens_bevestigd": None}


# ---- action_ask_gegevens_bevestigd ---------------------------------------------------------------

def test_the_summary_shows_every_detail_with_correction_buttons():
    events, [message] = run(ActionAskGegevensBevestigd(), tracker("gegevens_ingevuld"))

    assert events == []
    for value in ("Jan de Vries", "Bakkerij De Vries", "jan@bakkerij-devries.example", "0261234567",
                  "12345678", "bellen, 's ochtends", "Mag ik een interne jobcoach inzetten"):
        assert value in message["text"]
    assert message["buttons"] == teksten.WIJZIG_KNOPPEN


# ---- action_overdracht_opslaan -------------------------------------------------------------------

@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'overdracht.sqlite'}"
    monkeypatch.setenv("WSP_DATABASE_URL", url)
    monkeypatch.delenv("WSP_BEVESTIGING_WERKGEVER", raising=False)
    return url


def test_storing_saves_the_handover_queues_the_mails_and_forgets_the_details(database, roster):
    events, messages = run(ActionOverdrachtOpslaan(), tracker(
        "gegevens_ingevuld", "ja", intent="affirm",
        slots={"gegevens_bevestigd": "ja", "requested_slot": None}))

    slots = slots_set(events)
    kenmerk, uiterlijk_slot = slots.pop("kenmerk"), slots.pop("uiterlijk_contact")
    assert set(slots.values()) == {None}  # nothing of this employer stays ...
    assert set(slots) >= {*CONTACT_SLOTS, "accountmanager_id", "toestemming_op", "vraag"}
    assert KENMERK.match(kenmerk)  # ... but the reference and the date the chat gave
    with session_scope(database) as db:
        [handover] = db.execute(select(Overdracht)).scalars().all()
        assert handover.kenmerk == kenmerk
        assert handover.gesprek_id == "test-gegevens_ingevuld"
        assert (handover.gemeente, handover.email, handover.accountmanager_id) == (
            "arnhem", "jan@bakkerij-devries.example", "am-arnhem-1")
        assert "jobcoaching" in handover.regelingen
        mails = {b.ontvanger: b.inhoud for b in db.execute(select(OutboxBericht)).scalars()}
    assert sorted(mails) == sorted([roster.get("am-arnhem-1").email, "jan@bakkerij-devries.example"])
    assert all(kenmerk in inhoud for inhoud in mails.values())  # both mails name the reference

    aangeboden = roster.get("am-arnhem-1")
    uiterlijk = uiterlijk_contact(datetime.utcnow(), roster.servicenorm_voor(aangeboden))
    assert uiterlijk_slot == uiterlijk.isoformat()
    assert texts(messages) == [bevestiging_in_chat(
        "Jan de Vries", uiterlijk, "bellen, 's ochtends", "jan@bakkerij-devries.example",
        roster.organisatie["naam"], kenmerk)]
    assert f"Uw kenmerk is {kenmerk}." in messages[0]["text"]
    assert aangeboden.naam not in messages[0]["text"]


def test_nothing_is_stored_after_the_employer_stopped(database):
    events, messages = run(ActionOverdrachtOpslaan(), tracker("na_lks_antwoord", "stop", intent="inform"))

    assert set(slots_set(events).values()) == {None} and messages == []
    with session_scope(database) as db:
        assert db.execute(select(Overdracht)).first() is None


def test_consent_not_recorded_by_the_consent_action_is_refused_with_a_way_to_reach_us(database, roster):
    # toestemming_op set, but never by action_overdracht_toestemming after a message of the employer
    events, messages = run(ActionOverdrachtOpslaan(), tracker(
        "na_lks_antwoord", "ja", intent="affirm",
        slots={"toestemming_op": "2026-11-10T09:00:22+00:00", "naam": "Jan", "email": "jan@x.nl"}))

    assert set(slots_set(events).values()) == {None}
    [text] = texts(messages)
    assert text.startswith("Het lukt me niet om uw vraag door te geven.")
    assert roster.organisatie["telefoon"] in text and roster.organisatie["email"] in text
    with session_scope(database) as db:
        assert db.execute(select(Overdracht)).first() is None


# ---- an addition to the open handover ------------------------------------------------------------

def stored_handover() -> str:
    events, _ = run(ActionOverdrachtOpslaan(), tracker(
        "gegevens_ingevuld", "ja", intent="affirm",
        slots={"gegevens_bevestigd": "ja", "requested_slot": None}))
    return slots_set(events)["kenmerk"]


def test_an_addition_reaches_the_open_handover_and_its_accountmanager(database, roster):
    kenmerk = stored_handover()
    events, messages = run(ActionAanvullingOpslaan(), tracker(
        "gegevens_ingevuld", "Het gaat om 20 uur per week", intent="inform",
        slots={"kenmerk": kenmerk, "aanvulling": "Het gaat om 20 uur per week, BSN 123456782",
               "aanbod": "aanvulling"}))

    assert slots_set(events) == {"aanvulling": None, "aanbod": None}
    assert texts(messages) == [teksten.aanvulling_doorgegeven(kenmerk)]
    with session_scope(database) as db:
        [regel] = db.execute(select(Statuswijziging).where(
            Statuswijziging.soort == "aanvulling")).scalars().all()
        assert regel.door == "werkgever" and "20 uur per week" in regel.toelichting
        assert "123456782" not in regel.toelichting
        [mail] = db.execute(select(OutboxBericht).where(
            OutboxBericht.idempotentie_sleutel.like("%aanvulling%"))).scalars().all()
        assert mail.ontvanger == roster.get("am-arnhem-1").email and kenmerk in mail.onderwerp


def test_another_conversation_cannot_add_to_a_handover(database, roster):
    kenmerk = stored_handover()
    _, messages = run(ActionAanvullingOpslaan(), tracker(
        "nieuw", "iets", intent="inform",
        slots={"kenmerk": kenmerk, "aanvulling": "Bel mij maar niet", "aanbod": "aanvulling"}))

    [text] = texts(messages)
    assert text.startswith("Het lukt me nu niet om uw aanvulling door te geven.")
    assert kenmerk in text and roster.organisatie["telefoon"] in text
    with session_scope(database) as db:
        assert db.execute(select(Statuswijziging).where(
            Statuswijziging.soort == "aanvulling")).first() is None


def test_nothing_to_add_repeats_when_contact_follows():
    events, messages = run(ActionAanvullingGeweigerd(), tracker(
        "nieuw", "nee", intent="deny",
        slots={"kenmerk": "WSP-2026-7KQ4XM", "uiterlijk_contact": "2026-12-02"}))
    assert slots_set(events) == {"aanbod": None}
    assert texts(messages) == [teksten.aanvulling_niet_nodig(date(2026, 12, 2))]
    assert "woensdag 2 december 2026" in texts(messages)[0]


def test_the_addition_form_takes_text_and_stops_on_stop():
    def validate_aanvulling(typed: str):  # type: ignore[no-untyped-def]
        return run(ValidateAanvullingForm(), tracker(
            "nieuw", typed, intent="inform",
            slots={"requested_slot": "aanvulling", "aanbod": "aanvulling",
                   "kenmerk": "WSP-2026-7KQ4XM"},
            slot_candidates={"aanvulling": typed}))

    events, messages = validate_aanvulling("Hij kan pas in februari beginnen")
    assert slots_set(events) == {"aanvulling": "Hij kan pas in februari beginnen"}
    assert messages == []
    events, messages = validate_aanvulling("stop")
    assert slots_set(events) == {"aanvulling": None, "aanbod": None, "requested_slot": None}
    assert texts(messages) == [teksten.AANVULLING_GESTOPT]
