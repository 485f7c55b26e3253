"""actions/gesprek.py: not understood (two strikes), the policies' fallback, out of scope, a loose
yes or no, and the widget's thumbs."""

from __future__ import annotations

import pytest

from actions.common import repository
from actions.gesprek import (
    ActionBuitenBereik,
    ActionFeedback,
    ActionJaNee,
    ActionKernFallback,
    ActionNietGeholpen,
    ActionOnbegrepen,
)
from tests.support.trackers import buttons, run, slots_set, texts, tracker
from wsp import teksten
from wsp.regels import antwoorden


@pytest.fixture(scope="module")
def repo():  # type: ignore[no-untyped-def]
    return repository()


def first_topics_and_a_person(repo) -> list[dict]:  # type: ignore[no-untyped-def]
    return teksten.regeling_knoppen(repo)[:4] + [antwoorden.KNOP_MEDEWERKER]


def assert_asks_municipality_for_a_handover(repo, events, message, reden):  # type: ignore[no-untyped-def]
    slots = slots_set(events)
    assert slots["overdracht_reden"] == reden
    assert slots["aanbod"] == "overdracht_gemeente"
    assert message["text"] == teksten.vraag_gemeente_voor_contact()
    assert message["buttons"] == antwoorden.vraag_gemeente_knoppen(repo)


# ---- action_onbegrepen ---------------------------------------------------------------------------

def test_first_miss_asks_to_rephrase_with_topics_and_a_person(repo):
    events, messages = run(ActionOnbegrepen(), tracker(
        "nieuw", "hoe zit dat met die dinges", intent="nlu_fallback", confidence=0.3))

    assert slots_set(events) == {"aanbod": None}
    [message] = messages
    assert message["text"] == teksten.ONBEGREPEN_1
    assert message["buttons"] == first_topics_and_a_person(repo)
    assert buttons(message)[-1] == ("Spreek een medewerker", "/request_human")


def test_second_miss_in_a_row_offers_the_accountmanager_with_both_questions(repo):
    events, messages = run(ActionOnbegrepen(), tracker(
        "een_keer_onbegrepen", "ja maar die andere dinges", intent="nlu_fallback", confidence=0.3))

    sorry, offer = messages
    assert sorry["text"] == teksten.ONBEGREPEN_2
    assert_asks_municipality_for_a_handover(repo, events, offer, "onbegrepen")
    # the open question proposed to the employer: the two messages that were not understood
    assert slots_set(events)["vraag_voorstel"] == (
        "hoe zit dat met die dinges van de gemeente / ja maar die andere dinges")


def test_a_miss_that_the_library_answers_clearly_is_answered(repo):
    question = "Wie vraagt de loonkostensubsidie aan, ik of mijn werknemer?"
    events, messages = run(ActionOnbegrepen(), tracker(
        "een_keer_onbegrepen", question, intent="nlu_fallback", confidence=0.3))

    assert slots_set(events)["vraag_id"] == "loonkostensubsidie.wie_vraagt_aan"
    assert "overdracht_reden" not in slots_set(events)  # answered, so no second strike
    assert messages[0]["text"].startswith(
        repo.vul_in(repo.vragen["loonkostensubsidie.wie_vraagt_aan"].antwoord))


# ---- action_niet_geholpen ------------------------------------------------------------------------

def test_a_question_the_model_took_for_not_helped_gets_the_library_first(repo):
    # reads like "dit is precies de bureaucratische rompslomp waar ik vanaf wil", but it asks
    text = "Hoe zorg je ervoor dat je niet verdrinkt in ingewikkelde subsidies en regels?"
    events, messages = run(ActionNietGeholpen(), tracker(
        "na_lks_antwoord", text, intent="not_helpful", confidence=0.62))

    [message] = messages
    assert "werkgeversservicepunt.regelingen_hulp" in antwoorden.vraag_ids_van(message["buttons"])
    assert "overdracht_reden" not in slots_set(events)


@pytest.mark.parametrize("text", ["dit helpt me niet", "wat heb ik hieraan?", "dat vroeg ik niet"])
def test_not_helped_that_asks_nothing_the_library_knows_offers_the_accountmanager(repo, text):
    events, messages = run(ActionNietGeholpen(), tracker(
        "na_lks_antwoord", text, intent="not_helpful", slots={"gemeente": "arnhem"}))

    assert slots_set(events)["overdracht_reden"] == "niet_geholpen"
    assert slots_set(events)["aanbod"] == "overdracht"
    assert messages[0]["text"] == teksten.NIET_GEHOLPEN


def test_not_helped_asking_the_answer_just_given_again_offers_the_accountmanager(repo):
    # the employer doubts the answer: sending it again helps nobody
    events, messages = run(ActionNietGeholpen(), tracker(
        "na_lks_antwoord", "Dit antwoord klopt niet, de loonkostensubsidie loopt toch niet door?",
        intent="not_helpful", slots={"gemeente": "arnhem"}))

    assert slots_set(events)["overdracht_reden"] == "niet_geholpen"
    assert messages[0]["text"] == teksten.NIET_GEHOLPEN


# ---- action_kern_fallback ------------------------------------------------------------------------

def test_core_fallback_reverts_the_message_and_waits(repo):
    events, messages = run(ActionKernFallback(), tracker("na_lks_antwoord", "hmm", intent="greet"))

    assert events == [{"event": "rewind", "timestamp": None}]
    [message] = messages
    assert message["text"] == teksten.ONBEGREPEN_1
    assert message["buttons"] == first_topics_and_a_person(repo)


# ---- action_buiten_bereik ------------------------------------------------------------------------

def test_out_of_scope_and_not_about_work_is_turned_away_politely(repo):
    events, messages = run(ActionBuitenBereik(), tracker(
        "nieuw", "Wat wordt het weer morgen?", intent="out_of_scope"))

    assert slots_set(events) == {"aanbod": None}
    [message] = messages
    assert message["text"] == teksten.BUITEN_BEREIK
    assert message["buttons"] == first_topics_and_a_person(repo)


def test_out_of_scope_but_about_staff_offers_the_accountmanager(repo):
    question = "Wat is een goede bonusregeling voor mijn personeel?"  # no library entry answers it
    events, messages = run(ActionBuitenBereik(), tracker("nieuw", question, intent="out_of_scope"))

    explanation, offer = messages
    assert explanation["text"] == teksten.BUITEN_BEREIK_WERK
    assert_asks_municipality_for_a_handover(repo, events, offer, "buiten_bereik")
    assert slots_set(events)["vraag_voorstel"] == question


def test_out_of_scope_with_a_referral_entry_gets_the_referral(repo):
    events, messages = run(ActionBuitenBereik(), tracker(
        "nieuw", "Kan ik WBSO aanvragen voor ons ontwikkelwerk?", intent="out_of_scope"))

    assert slots_set(events) == {
        "regeling": "buiten_bereik", "vraag_id": "buiten_bereik.wbso", "aanbod": None}
    assert messages[0]["text"].startswith(repo.vul_in(repo.vragen["buiten_bereik.wbso"].antwoord))


def test_out_of_scope_that_fits_several_referrals_offers_them_as_a_choice(repo):
    # the model and the library agree that it is out of scope: the referrals say where to go, which
    # the general "Daar kan ik u niet mee helpen" does not (even below the score of a direct answer)
    events, messages = run(ActionBuitenBereik(), tracker(
        "nieuw", "Hoe regel ik het verlof van mijn personeel?", intent="out_of_scope"))

    [message] = messages
    assert message["text"] == antwoorden.KEUZE_TEKST
    offered = antwoorden.vraag_ids_van(message["buttons"])
    assert offered and all(repo.vragen[i].regeling == "buiten_bereik" for i in offered)
    assert "buiten_bereik.zwangerschapsverlof" in offered
    top = repo.vraag_index.beslis("Hoe regel ik het verlof van mijn personeel?").kandidaten[0]
    assert top.score < repo.vraag_index.drempels.antwoord  # the case this test is about


def test_out_of_scope_choice_between_instruments_below_an_answer_is_not_offered(repo):
    # a weak fit with entries about our instruments is not enough when the model thought the message
    # was out of scope ("wat kost een nieuwe laptop" resembles "what does it cost me")
    events, messages = run(ActionBuitenBereik(), tracker(
        "nieuw", "wat kost een nieuwe laptop", intent="out_of_scope"))

    assert all(m.get("text") != antwoorden.KEUZE_TEKST for m in messages)


def test_out_of_scope_sharing_one_word_with_an_entry_is_not_answered_from_the_library(repo):
    # "vergunning" is all it shares with the work-permit referral: most of its words occur nowhere in
    # the library, so the model's "out of scope" stands
    vraag = "kapvergunning voor een boom in de tuin"
    assert repo.vraag_index.beslis(vraag).soort == "antwoord"  # what the library alone would send
    assert repo.vraag_index.bekend_aandeel(vraag) < repo.vraag_index.drempels.bekend_strikt
    events, messages = run(ActionBuitenBereik(), tracker("nieuw", vraag, intent="out_of_scope"))

    assert [m["text"] for m in messages] == [teksten.BUITEN_BEREIK]
    assert "vraag_id" not in slots_set(events)


def test_out_of_scope_that_names_an_instrument_is_a_question_about_it(repo):
    # personal details around a question confuse the model; the instrument named decides
    events, messages = run(ActionBuitenBereik(), tracker(
        "nieuw", "Hij is geboren in 1980 en heeft diabetes. Wat is de no-riskpolis?",
        intent="out_of_scope", confidence=0.55, entities={"regeling": "no_risk_polis"}))

    assert slots_set(events)["vraag_id"] == "no_risk_polis.wat_is_het"
    assert texts(messages)[-1].startswith(repo.vul_in(repo.vragen["no_risk_polis.wat_is_het"].antwoord)[:50])


def test_out_of_scope_after_a_miss_is_the_second_strike(repo):
    events, messages = run(ActionBuitenBereik(), tracker(
        "een_keer_onbegrepen", "Wat wordt het weer morgen?", intent="out_of_scope"))

    sorry, offer = messages
    assert sorry["text"] == teksten.ONBEGREPEN_2
    assert_asks_municipality_for_a_handover(repo, events, offer, "onbegrepen")


# ---- action_ja_nee -------------------------------------------------------------------------------

def test_yes_while_a_municipality_was_asked_asks_it_again(repo):
    events, messages = run(ActionJaNee(), tracker("gemeente_gevraagd", "ja", intent="affirm"))

    assert events == []  # the question stays open
    [message] = messages
    assert message["text"] == teksten.vraag_gemeente("jobcoaching")
    assert message["buttons"] == antwoorden.vraag_gemeente_knoppen(repo)


def test_yes_while_the_municipality_for_a_handover_was_asked_asks_it_again(repo):
    events, messages = run(ActionJaNee(), tracker("overdracht_gemeente_gevraagd", "ja", intent="affirm"))

    assert events == []
    assert texts(messages) == [teksten.vraag_gemeente_voor_contact()]


def test_yes_without_a_question_asks_what_the_employer_wants(repo):
    events, messages = run(ActionJaNee(), tracker("nieuw", "ja", intent="affirm"))

    assert slots_set(events) == {"aanbod": None}
    [message] = messages
    assert message["text"] == teksten.JA_ZONDER_VRAAG
    assert message["buttons"] == teksten.regeling_knoppen(repo)


def test_no_without_a_question_closes_politely():
    events, messages = run(ActionJaNee(), tracker("nieuw", "nee", intent="deny"))

    assert slots_set(events) == {"aanbod": None}
    assert texts(messages) == [teksten.NEE_ZONDER_VRAAG]


# ---- action_feedback -----------------------------------------------------------------------------

def test_thumbs_down_offers_a_person():
    events, messages = run(ActionFeedback(), tracker(
        "na_lks_antwoord", '/feedback{"waardering": "negatief"}', intent="feedback",
        entities={"waardering": "negatief"}))

    assert events == []
    [message] = messages
    assert message["text"] == teksten.FEEDBACK_NEGATIEF
    assert message["buttons"] == [antwoorden.KNOP_MEDEWERKER]


def test_thumbs_up_thanks():
    events, messages = run(ActionFeedback(), tracker(
        "na_lks_antwoord", '/feedback{"waardering": "positief"}', intent="feedback",
        entities={"waardering": "positief"}))

    assert events == []
    assert texts(messages) == [teksten.FEEDBACK_POSITIEF]
    assert messages[0]["buttons"] == []
