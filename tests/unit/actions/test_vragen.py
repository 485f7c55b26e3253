"""actions/vragen.py: one ``action_ask_<slot>`` per form question, with its text and buttons."""

from __future__ import annotations

import pytest

from actions import vragen
from actions.escalatie import ActionAskEmail
from tests.support.trackers import domain, run, tracker
from wsp.teksten import FORMULIER_VRAGEN

ASK_ACTIONS = {
    cls().name(): cls
    for name, cls in vars(vragen).items()
    if name.startswith("ActionAsk") and isinstance(cls, type)
}


def test_every_form_question_has_its_action_and_the_domain_knows_it():
    assert set(ASK_ACTIONS) == {f"action_ask_{slot}" for slot in FORMULIER_VRAGEN}
    assert set(ASK_ACTIONS) <= set(domain()["actions"])


@pytest.mark.parametrize("slot", sorted(FORMULIER_VRAGEN))
def test_the_action_asks_its_question_with_its_buttons(slot):
    events, messages = run(ASK_ACTIONS[f"action_ask_{slot}"](), tracker("lks_formulier"))

    question, buttons = FORMULIER_VRAGEN[slot]
    assert events == []
    assert [(m["text"], m["buttons"]) for m in messages] == [(question, list(buttons))]


def test_the_e_mail_question_offers_to_skip_it():
    # asked by actions.escalatie (it depends on the way of contact chosen): required for a reply
    # by e-mail, skippable otherwise (tests/unit/actions/test_escalatie.py)
    _, [message] = run(ActionAskEmail(), tracker("nieuw"))
    assert message["buttons"] == [{"title": "Geen e-mail", "payload": "geen e-mail"}]
    assert "action_ask_email" in domain()["actions"]
