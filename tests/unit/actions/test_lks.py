"""actions/lks.py: the indicative loonkostensubsidie calculation (prefill, form validation, result)."""

from __future__ import annotations

import pytest

from actions.common import repository
from actions.lks import ActionLksBerekening, ActionLksVoorinvullen, ValidateLksForm
from tests.support.trackers import run, slots_set, texts, tracker
from wsp import teksten
from wsp.regels import antwoorden

UREN_OPNIEUW = ("Noem het aantal uur per week als getal tussen 1 en 40, bijvoorbeeld 24. "
                "Wilt u stoppen met de berekening? Typ dan 'stop'.")
LOONWAARDE_OPNIEUW = ("Noem de loonwaarde als percentage tussen 0 en 100, bijvoorbeeld 60. "
                      "Wilt u stoppen met de berekening? Typ dan 'stop'.")
STOPPED = {"uren": None, "loonwaarde": None, "requested_slot": None}


@pytest.fixture(scope="module")
def repo():  # type: ignore[no-untyped-def]
    return repository()


# ---- action_lks_voorinvullen ---------------------------------------------------------------------

def test_prefill_takes_hours_loonwaarde_and_year_from_the_question():
    events, messages = run(ActionLksVoorinvullen(), tracker(
        "nieuw", "Hoeveel lks krijg ik voor 32 uur bij een loonwaarde van 60% in 2026?",
        intent="calculate_lks"))

    assert messages == []
    assert slots_set(events) == {
        "regeling": "loonkostensubsidie", "uren": 32.0, "loonwaarde": 60.0, "jaar": 2026.0,
        "aanbod": None}


def test_how_much_after_an_answer_about_another_instrument_is_a_question_about_it(repo):
    # the model took "Hoeveel kan het opleveren?" for a calculation; the conversation is about the LKV
    events, messages = run(ActionLksVoorinvullen(), tracker(
        "nieuw", "Hoeveel kan het opleveren?", intent="calculate_lks",
        slots={"regeling": "loonkostenvoordeel"}))

    assert events[-1] == {"event": "followup", "name": "action_listen", "timestamp": None}
    assert slots_set(events)["vraag_id"].startswith("loonkostenvoordeel.")
    assert messages and "uur" not in messages[0]["text"][:40]
    # asking for the calculation itself, or giving numbers, still starts it
    for vraag in ("Kun je het uitrekenen?", "Hoeveel bij 24 uur?"):
        events, messages = run(ActionLksVoorinvullen(), tracker(
            "nieuw", vraag, intent="calculate_lks", slots={"regeling": "loonkostenvoordeel"}))
        assert slots_set(events)["regeling"] == "loonkostensubsidie" and messages == [], vraag


@pytest.mark.parametrize("vraag", ["Tot hoeveel procent van het minimumloon wordt vergoed?",
                                   "Wat is het maximale percentage loonkostensubsidie?"])
def test_a_question_about_the_percentage_gets_its_entry_and_the_calculation_as_a_button(repo, vraag):
    # the model may take a question with "procent" for a calculation (issue #12)
    events, messages = run(ActionLksVoorinvullen(), tracker("nieuw", vraag, intent="calculate_lks"))

    assert events[-1] == {"event": "followup", "name": "action_listen", "timestamp": None}
    assert slots_set(events)["vraag_id"] == "loonkostensubsidie.hoogte"
    [message] = messages
    assert message["text"].startswith(repo.vul_in(repo.vragen["loonkostensubsidie.hoogte"].antwoord)[:40])
    assert antwoorden.KNOP_LKS_BEREKENEN in message["buttons"]
    # with numbers, or asking for the calculation, it is one
    for vraag in ("Hoeveel procent krijg ik bij 24 uur?", "Bereken welk percentage ik krijg"):
        events, messages = run(ActionLksVoorinvullen(), tracker("nieuw", vraag, intent="calculate_lks"))
        assert slots_set(events)["regeling"] == "loonkostensubsidie" and messages == [], vraag


def test_an_unsure_calculation_without_figures_tries_the_library_first(repo):
    # the model leaned to the calculation (0.6) for a question the library answers
    vraag = "Wat levert het mij op als ik iemand met een arbeidsbeperking aanneem?"
    events, messages = run(ActionLksVoorinvullen(), tracker(
        "nieuw", vraag, intent="calculate_lks", confidence=0.6))

    assert events[-1] == {"event": "followup", "name": "action_listen", "timestamp": None}
    assert messages and "uur" not in messages[0]["text"][:40]
    # sure of it, or with figures, it is the calculation
    for tekst, zeker in ((vraag, 0.99), ("Hoeveel krijg ik bij 24 uur?", 0.6)):
        events, messages = run(ActionLksVoorinvullen(), tracker(
            "nieuw", tekst, intent="calculate_lks", confidence=zeker))
        assert slots_set(events)["regeling"] == "loonkostensubsidie" and messages == [], tekst


def test_prefill_leaves_impossible_values_for_the_form_to_ask():
    events, _ = run(ActionLksVoorinvullen(), tracker(
        "nieuw", "Hoeveel lks krijg ik voor 60 uur bij een loonwaarde van 160%?",
        intent="calculate_lks"))

    assert slots_set(events) == {
        "regeling": "loonkostensubsidie", "uren": None, "loonwaarde": None, "jaar": None,
        "aanbod": None}


def test_prefill_resets_the_values_of_an_earlier_calculation():
    events, _ = run(ActionLksVoorinvullen(), tracker(
        "nieuw", "Bereken de loonkostensubsidie", intent="calculate_lks",
        slots={"uren": 24.0, "loonwaarde": 50.0, "jaar": 2025.0}))

    slots = slots_set(events)
    assert (slots["uren"], slots["loonwaarde"], slots["jaar"]) == (None, None, None)


# ---- validate_lks_form ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed, hours", [("24", 24.0), ("ongeveer 24 uur", 24.0), ("32,5", 32.5),
                                          ("1", 1.0), ("40", 40.0)])
def test_hours_typed_in_words_or_digits_are_accepted(typed, hours):
    events, messages = run(ValidateLksForm(), tracker(
        "lks_formulier", typed, intent="inform", slot_candidates={"uren": typed}))

    assert events == [{"event": "slot", "timestamp": None, "name": "uren", "value": hours}]
    assert messages == []


@pytest.mark.parametrize("typed", ["0", "80", "geen idee"])
def test_hours_outside_1_to_40_are_asked_again(typed):
    events, messages = run(ValidateLksForm(), tracker(
        "lks_formulier", typed, intent="inform", slot_candidates={"uren": typed}))

    assert slots_set(events) == {"uren": None}
    assert texts(messages) == [UREN_OPNIEUW]


def test_stop_ends_the_form():
    events, messages = run(ValidateLksForm(), tracker(
        "lks_formulier", "stop", intent="inform", slot_candidates={"uren": "stop"}))

    assert slots_set(events) == STOPPED
    assert texts(messages) == [teksten.LKS_GESTOPT]


def test_a_confident_other_intent_instead_of_a_number_ends_the_form():
    events, messages = run(ValidateLksForm(), tracker(
        "lks_formulier", "ik wil iemand spreken", intent="request_human", confidence=0.93,
        slot_candidates={"uren": "ik wil iemand spreken"}))

    assert slots_set(events) == STOPPED
    assert texts(messages) == [teksten.LKS_GESTOPT]


def test_an_unsure_other_intent_is_asked_again_instead():
    events, messages = run(ValidateLksForm(), tracker(
        "lks_formulier", "ik wil iemand spreken", intent="request_human", confidence=0.5,
        slot_candidates={"uren": "ik wil iemand spreken"}))

    assert slots_set(events) == {"uren": None}
    assert texts(messages) == [UREN_OPNIEUW]


@pytest.mark.parametrize("typed, expected", [("60", 60.0), ("0", 0.0), ("100%", 100.0)])
def test_loonwaarde_between_0_and_100_is_accepted(typed, expected):
    events, messages = run(ValidateLksForm(), tracker(
        "lks_formulier", typed, intent="inform", slots={"uren": 24.0, "requested_slot": "loonwaarde"},
        slot_candidates={"loonwaarde": typed}))

    assert slots_set(events) == {"loonwaarde": expected}
    assert messages == []


def test_loonwaarde_above_100_is_asked_again():
    events, messages = run(ValidateLksForm(), tracker(
        "lks_formulier", "150", intent="inform", slots={"uren": 24.0, "requested_slot": "loonwaarde"},
        slot_candidates={"loonwaarde": "150"}))

    assert slots_set(events) == {"loonwaarde": None}
    assert texts(messages) == [LOONWAARDE_OPNIEUW]


# ---- action_lks_berekening -----------------------------------------------------------------------

def test_the_calculation_is_shown_and_the_values_cleared(repo):
    events, messages = run(ActionLksBerekening(), tracker(
        "lks_formulier", "60", intent="inform",
        slots={"uren": 24.0, "loonwaarde": 60.0, "jaar": 2026.0, "requested_slot": None}))

    assert slots_set(events) == {"uren": None, "loonwaarde": None, "jaar": None}
    [message] = messages
    expected = antwoorden.antwoord_lks_berekening(repo, repo.lks_indicatie(24.0, 60.0, 2026))
    assert message["text"] == expected.tekst
    assert "24 uur per week" in message["text"] and "loonwaarde van 60%" in message["text"]


def test_nothing_is_calculated_after_the_employer_stopped():
    events, messages = run(ActionLksBerekening(), tracker(
        "lks_formulier", "stop", intent="inform", slots={"uren": None, "loonwaarde": None}))

    assert events == [] and messages == []


def test_a_year_without_a_minimum_wage_is_explained(repo):
    events, messages = run(ActionLksBerekening(), tracker(
        "lks_formulier", "60", intent="inform", slots={"uren": 24.0, "loonwaarde": 60.0, "jaar": 2019.0}))

    assert slots_set(events) == {"uren": None, "loonwaarde": None, "jaar": None}
    with pytest.raises(ValueError) as error:
        repo.lks_indicatie(24.0, 60.0, 2019)
    assert texts(messages) == [str(error.value)]
    assert messages[0]["text"].startswith("Voor 2019 heb ik geen minimumloon.")
