"""actions/escalatie.py: offer the named accountmanager, consent, the contact form (each field, stop,
corrections), the summary, and storing the handover in a real SQLite database.

Privacy between employers who share a conversation id: tests/unit/test_escalatie_privacy.py."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from actions.common import current_roster, repository
from actions.escalatie import (
    CONTACT_SLOTS,
    ActionAskGegevensBevestigd,
    ActionBiedOverdrachtAan,
    ActionOverdrachtGeweigerd,
    ActionOverdrachtOpslaan,
    ActionOverdrachtToestemming,
    ValidateContactForm,
    bevestiging_in_chat,
)
from tests.support.trackers import buttons, run, slots_set, texts, tracker
from wsp import teksten
from wsp.db import session_scope
from wsp.overdracht.models import OutboxBericht, Overdracht
from wsp.overdracht.toewijzing import uiterlijk_contact, vandaag_lokaal
from wsp.regels import antwoorden

STOPPED = {**{slot: None for slot in CONTACT_SLOTS}, "toestemming_op": None, "vraag": None,
           "gegevens_bevestigd": None, "requested_slot": None}


@pytest.fixture(scope="module")
def roster():  # type: ignore[no-untyped-def]
    return current_roster()


def validate(state: str, slot: str, typed: str, **slots):  # type: ignore[no-untyped-def]
    """Run validate_contact_form on the employer typing ``typed`` while the form asks ``slot``."""
    return run(ValidateContactForm(), tracker(
        state, typed, intent="inform", slots={"requested_slot": slot, **slots},
        slot_candidates={slot: typed}))


# ---- action_bied_overdracht_aan ------------------------------------------------------------------

def test_asking_for_a_person_without_a_municipality_asks_for_it():
    events, messages = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "ik wil iemand spreken", intent="request_human"))

    assert slots_set(events) == {"overdracht_reden": "gevraagd", "aanbod": "overdracht_gemeente"}
    [message] = messages
    assert message["text"] == teksten.vraag_gemeente_voor_contact()
    assert message["buttons"] == antwoorden.vraag_gemeente_knoppen(repository())


def test_not_helped_names_the_accountmanager_and_keeps_the_question(roster):
    events, messages = run(ActionBiedOverdrachtAan(), tracker(
        "na_lks_antwoord", "dit helpt me niet", intent="not_helpful", slots={"gemeente": "arnhem"}))

    expected = roster.beschikbaar(roster.kies("arnhem"), vandaag_lokaal())
    assert slots_set(events) == {
        "overdracht_reden": "niet_geholpen",
        "vraag": "Hoe lang loopt de loonkostensubsidie door?",  # the question that was not answered well
        "gemeente": "arnhem", "accountmanager_id": expected.id, "aanbod": "overdracht"}
    sorry, offer = messages
    assert sorry["text"] == "Jammer dat mijn antwoord u niet verder hielp."
    assert expected.naam in offer["text"] and "Arnhem" in offer["text"]
    assert offer["buttons"] == teksten.AANBOD_KNOPPEN


def test_the_open_question_is_redacted(roster):
    asked = "Mijn werknemer met BSN 123456782 heeft autisme, krijg ik een jobcoach?"
    earlier = {"event": "user", "timestamp": 1794301210.0, "text": asked,
               "parse_data": {"text": asked, "intent": {"name": "ask_regeling"}, "entities": []}}
    events, _ = run(ActionBiedOverdrachtAan(), tracker(
        "nieuw", "dit helpt niet", intent="not_helpful", slots={"gemeente": "arnhem"},
        events=[earlier]))

    vraag = slots_set(events)["vraag"]
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
    assert slots == {"gegevens_bevestigd": None, **{slot: None for slot in CONTACT_SLOTS}}
    assert texts(messages) == [
        "Dank u. Dan heb ik nog een paar gegevens van u nodig. Wilt u toch stoppen? Typ dan 'stop'."]


def test_no_consent_passes_nothing_on():
    events, messages = run(ActionOverdrachtGeweigerd(), tracker("overdracht_aangeboden", "nee", intent="deny"))

    assert slots_set(events) == {"aanbod": None, "overdracht_reden": None, "vraag": None,
                                 "toestemming_op": None}
    assert texts(messages) == [teksten.OVERDRACHT_GEWEIGERD]


# ---- validate_contact_form -----------------------------------------------------------------------

def test_a_name_is_accepted_and_one_letter_is_not():
    assert slots_set(validate("contactformulier", "naam", "Jan de Vries")[0]) == {"naam": "Jan de Vries"}
    events, messages = validate("contactformulier", "naam", "J")
    assert slots_set(events) == {"naam": None}
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
    assert slots_set(events) == {"email": "jan@bakkerij.nl"}


def test_no_e_mail_is_allowed_and_a_wrong_one_is_asked_again():
    assert slots_set(validate("contactformulier", "email", "geen e-mail")[0]) == {"email": "-"}

    events, [message] = validate("contactformulier", "email", "jan at bakkerij")
    assert slots_set(events) == {"email": None}
    assert "naam@bedrijf.nl" in message["text"]
    assert buttons(message) == [("Geen e-mail", "geen e-mail")]


def test_a_phone_number_in_a_sentence_is_accepted():
    events, _ = validate("contactformulier", "telefoon", "Mijn nummer is 06 12345678")
    assert slots_set(events) == {"telefoon": "0612345678"}


def test_skipping_the_phone_needs_an_e_mail_address():
    events, _ = validate("contactformulier", "telefoon", "overslaan", email="jan@bakkerij.example")
    assert slots_set(events) == {"telefoon": "-"}

    events, messages = validate("contactformulier", "telefoon", "overslaan", email="-")
    assert slots_set(events) == {"telefoon": None}
    assert texts(messages) == [
        "Ik heb een e-mailadres of een telefoonnummer nodig, anders kan uw contactpersoon u niet "
        "bereiken. Wat is uw telefoonnummer?"]


def test_a_wrong_phone_number_is_asked_again():
    events, messages = validate("contactformulier", "telefoon", "06 1234", email="-")
    assert slots_set(events) == {"telefoon": None}
    assert "10 cijfers" in texts(messages)[0]


def test_kvk_number_eight_digits_or_skipped():
    assert slots_set(validate("contactformulier", "kvk", "KvK 1234 5678")[0]) == {"kvk": "12345678"}
    assert slots_set(validate("contactformulier", "kvk", "overslaan")[0]) == {"kvk": "-"}
    events, [message] = validate("contactformulier", "kvk", "1234")
    assert slots_set(events) == {"kvk": None}
    assert buttons(message) == [("Overslaan", "overslaan")]


def test_free_text_fields_are_stored_redacted():
    events, _ = validate("contactformulier", "contactvoorkeur", "bellen, hij heeft BSN 123456782")
    assert slots_set(events) == {"contactvoorkeur": "bellen, hij heeft BSN [BSN verwijderd]"}

    events, _ = validate("contactformulier", "vraag", "Hij heeft autisme en BSN 123456782, mag dat?")
    vraag = slots_set(events)["vraag"]
    assert "autisme" not in vraag and "123456782" not in vraag and vraag.endswith("mag dat?")


def test_a_question_of_two_letters_is_asked_again():
    events, messages = validate("contactformulier", "vraag", "ok")
    assert slots_set(events) == {"vraag": None}
    assert texts(messages) == ["Wilt u uw vraag in een paar woorden beschrijven?"]


def test_confirmation_yes():
    events, messages = run(ValidateContactForm(), tracker(
        "gegevens_ingevuld", "ja", intent="affirm", slot_candidates={"gegevens_bevestigd": "ja"}))
    assert slots_set(events) == {"gegevens_bevestigd": "ja"}
    assert messages == []


def test_confirmation_correct_one_field_by_word_or_by_typing_it():
    events, _ = validate("gegevens_ingevuld", "gegevens_bevestigd", "wijzig e-mail")
    assert slots_set(events) == {"gegevens_bevestigd": None, "email": None}  # asked again

    events, _ = validate("gegevens_ingevuld", "gegevens_bevestigd", "nieuw@bakkerij.example")
    assert slots_set(events) == {"gegevens_bevestigd": None, "email": "nieuw@bakkerij.example"}


def test_confirmation_not_understood_explains_the_buttons():
    events, messages = validate("gegevens_ingevuld", "gegevens_bevestigd", "hmm")
    assert slots_set(events) == {"gegevens_bevestigd": None}
    assert texts(messages) == ["Klik op 'Ja, klopt' als alles goed is, of kies wat u wilt wijzigen."]


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

    assert set(slots_set(events).values()) == {None}  # nothing of this employer stays
    assert set(slots_set(events)) >= {*CONTACT_SLOTS, "accountmanager_id", "toestemming_op", "vraag"}
    with session_scope(database) as db:
        [handover] = db.execute(select(Overdracht)).scalars().all()
        assert handover.gesprek_id == "test-gegevens_ingevuld"
        assert (handover.gemeente, handover.email, handover.accountmanager_id) == (
            "arnhem", "jan@bakkerij-devries.example", "am-arnhem-1")
        assert "jobcoaching" in handover.regelingen
        recipients = db.execute(select(OutboxBericht.ontvanger)).scalars().all()
    assert sorted(recipients) == sorted([roster.get("am-arnhem-1").email, "jan@bakkerij-devries.example"])

    aangeboden = roster.get("am-arnhem-1")
    uiterlijk = uiterlijk_contact(datetime.utcnow(), roster.servicenorm_voor(aangeboden))
    assert texts(messages) == [bevestiging_in_chat(
        "Jan de Vries", uiterlijk, "bellen, 's ochtends", "jan@bakkerij-devries.example",
        roster.organisatie["naam"])]
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
