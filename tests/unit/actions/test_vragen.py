"""The forms' questions: a fixed question is a domain response ``utter_ask_<slot>`` (Rasa asks it
itself, no action-server call); only a question computed from the conversation is a custom action
``action_ask_<slot>`` (actions/escalatie.py, actions/abonnement.py)."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import ActionExecutor

from actions.escalatie import ActionAskEmail
from tests.support.trackers import domain, run, tracker
from wsp import teksten

# The fixed questions exactly as the employer reads them: (text, buttons as (title, payload)).
VASTE_VRAGEN = {
    "naam": ("Wat is uw naam?", []),
    "organisatie": ("Voor welke organisatie of welk bedrijf werkt u?", []),
    "kvk": (
        "Wat is uw KvK-nummer (8 cijfers)? Dan herkennen we uw bedrijf een volgende keer. Dit is "
        "niet verplicht.",
        [("Overslaan", "overslaan")],
    ),
    "contactvoorkeur": (
        "Hoe wilt u contact: terugbellen of een e-mail? U mag ook typen wanneer u het best "
        "bereikbaar bent.",
        [("Bel mij 's ochtends", "bellen, 's ochtends"), ("Bel mij 's middags", "bellen, 's middags"),
         ("Stuur mij een e-mail", "per e-mail")],
    ),
    "aanvulling": (
        "Wat wilt u aanvullen? Ik stuur het naar uw contactpersoon. Deel geen BSN of medische "
        "gegevens.",
        [],
    ),
    "uren": ("Hoeveel uur per week gaat uw werknemer werken? (bijvoorbeeld 24)", []),
    "loonwaarde": (
        "Wat is de loonwaarde van uw werknemer, als percentage? (bijvoorbeeld 60) Weet u die nog "
        "niet? Noem dan een schatting: de gemeente stelt de loonwaarde later vast.",
        [],
    ),
}
# Computed from the conversation: the custom actions that ask them.
BEREKENDE_VRAGEN = {
    "vraag", "email", "telefoon", "gegevens_bevestigd", "abonnement_gemeente", "abonnement_email",
}


def _action_server_names() -> set[str]:
    executor = ActionExecutor()
    executor.register_package("actions")  # what the action server registers
    return set(executor.actions)


def _form_slots() -> list[tuple[str, str]]:
    return [(form, slot) for form, spec in domain()["forms"].items()
            for slot in spec["required_slots"]]


def _response(slot: str) -> dict:
    [variant] = domain()["responses"][f"utter_ask_{slot}"]
    return variant


def test_every_form_question_is_a_response_or_a_custom_action_never_both():
    dom = domain()
    actions, responses = set(dom["actions"]), set(dom["responses"])
    server = _action_server_names()
    for form, slot in _form_slots():
        custom = f"action_ask_{slot}" in actions
        response = {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"} & responses
        assert custom != bool(response), (form, slot)
        if custom:
            assert slot in BEREKENDE_VRAGEN and f"action_ask_{slot}" in server, slot
        else:
            assert slot in VASTE_VRAGEN, slot
    assert {slot for _, slot in _form_slots()} == set(VASTE_VRAGEN) | BEREKENDE_VRAGEN


def test_no_question_is_left_without_its_form():
    dom = domain()
    slots = {slot for _, slot in _form_slots()}
    asks = {a for a in dom["actions"] if a.startswith("action_ask_")}
    utters = {r for r in dom["responses"] if r.startswith("utter_ask_")}
    assert asks == {f"action_ask_{slot}" for slot in BEREKENDE_VRAGEN}
    assert utters == {f"utter_ask_{slot}" for slot in VASTE_VRAGEN} <= {f"utter_ask_{s}" for s in slots}
    # the action server no longer has an action for a fixed question
    assert not {f"action_ask_{slot}" for slot in VASTE_VRAGEN} & _action_server_names()


@pytest.mark.parametrize("slot", sorted(VASTE_VRAGEN))
def test_the_response_asks_its_question_with_its_buttons(slot):
    question, buttons = VASTE_VRAGEN[slot]
    response = _response(slot)
    assert set(response) <= {"text", "buttons"}
    assert response["text"] == question
    assert [(b["title"], b["payload"]) for b in response.get("buttons") or []] == buttons


def test_the_responses_share_the_texts_and_buttons_the_actions_use():
    # the privacy sentence of the open questions, verbatim
    assert _response("aanvulling")["text"].endswith(" " + teksten._PRIVACY)
    # 'Stuur mij een e-mail' is also offered when a call-back lacks a phone number; 'Overslaan'
    # also under the phone question
    assert teksten.MAIL_MIJ_KNOP in _response("contactvoorkeur")["buttons"]
    assert _response("kvk")["buttons"] == teksten._OVERSLAAN


def test_the_e_mail_question_offers_to_skip_it():
    # asked by actions.escalatie (it depends on the way of contact chosen): required for a reply
    # by e-mail, skippable otherwise (tests/unit/actions/test_escalatie.py)
    _, [message] = run(ActionAskEmail(), tracker("nieuw"))
    assert message["buttons"] == [{"title": "Geen e-mail", "payload": "geen e-mail"}]
    assert "action_ask_email" in domain()["actions"]


def test_no_base_class_is_registered_as_an_action() -> None:
    # rasa-sdk registers every non-abstract Action subclass: a base class would answer as
    # "action_ask_" or "validate_"
    executor = ActionExecutor()
    executor.register_package("actions")
    assert not [name for name in executor.actions if name.endswith("_")]
