"""Loading the trained model without Rasa's training step (assistant/addons/performance.py, item 5)
gives exactly the same model: every weight of DIET and TED equal to Rasa's own way of loading, and
the same parses. In-process, with the trained model (``make train``)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from assistant.addons import performance
from tests.support.coroutines import run_coroutine
from tests.support.stack import model_path

pytestmark = pytest.mark.process  # loads TensorFlow models twice: not for the fast tier

ZINNEN = ["Hoelang geldt de no-riskpolis?", "ik zit in Velp, kan ik lks krijgen", "ik wil iemand spreken",
          "Hoeveel loonkostensubsidie krijg ik bij 24 uur en 60%?", "asdfgh"]


def _gewichten(agent) -> dict[str, dict[str, np.ndarray]]:  # noqa: ANN001 - rasa Agent
    uit = {}
    for naam, node in agent.processor.graph_runner._instantiated_nodes.items():
        component = node._component
        model = getattr(component, "model", None) or getattr(component, "_model", None)
        if model is not None and hasattr(model, "weights"):
            uit[naam] = {w.name: w.numpy() for w in model.weights}
    return uit


def _laad(pad: str):  # noqa: ANN202
    from rasa.core.agent import load_agent

    start = time.process_time()
    agent = run_coroutine(load_agent(model_path=pad))
    return agent, time.process_time() - start


def _ted(agent):  # noqa: ANN001, ANN202 - rasa Agent, TEDPolicy
    return next(node._component for naam, node in agent.processor.graph_runner._instantiated_nodes.items()
                if "TEDPolicy" in naam)


def test_loading_without_the_training_step_gives_the_same_model(monkeypatch: pytest.MonkeyPatch) -> None:
    pad = model_path()
    if not pad.exists():
        pytest.fail("No trained model for the current training data: run 'make train' first.")
    from rasa.utils.tensorflow.models import RasaModel

    performance.install()
    gepatcht = RasaModel.__dict__["load"]
    try:
        RasaModel.load = classmethod(gepatcht.__func__.__wrapped__)  # Rasa's own load
        monkeypatch.setenv(performance.ENV_TED_UITGESTELD, "0")  # and TED loaded at the start
        rasa_eigen, cpu_rasa = _laad(str(pad))
    finally:
        RasaModel.load = gepatcht
        monkeypatch.delenv(performance.ENV_TED_UITGESTELD)
    snel, cpu_snel = _laad(str(pad))
    print(f"\nCPU seconds to load the model: Rasa's way {cpu_rasa:.1f}, without the training step and "
          f"with TED after the start {cpu_snel:.1f}")
    # item 9: TED's model is a stand-in until a prediction asks for it
    assert not isinstance(_ted(rasa_eigen).model, performance.UitgesteldTED)
    uitgesteld = _ted(snel).model
    assert isinstance(uitgesteld, performance.UitgesteldTED) and not uitgesteld.geladen

    a, b = _gewichten(rasa_eigen), _gewichten(snel)
    assert a.keys() == b.keys() and len(a) == 2, a.keys()  # DIET and TED
    for naam in a:
        assert a[naam].keys() == b[naam].keys(), naam
        for gewicht, waarde in a[naam].items():
            assert np.array_equal(waarde, b[naam][gewicht]), (naam, gewicht)
    for zin in ZINNEN:
        p, q = run_coroutine(rasa_eigen.parse_message(zin)), run_coroutine(snel.parse_message(zin))
        assert p["intent_ranking"] == q["intent_ranking"] and p["entities"] == q["entities"], zin


def test_ted_after_the_start_predicts_as_ted_loaded_at_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 9: the first prediction TED is asked for loads its model (in the background when a rule
    decided the turn), and its predictions equal those of the model loaded at the start."""
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    pad = model_path()
    if not pad.exists():
        pytest.fail("No trained model for the current training data: run 'make train' first.")
    performance.install()
    monkeypatch.setenv(performance.ENV_TED_UITGESTELD, "0")
    vooraf, _ = _laad(str(pad))
    monkeypatch.delenv(performance.ENV_TED_UITGESTELD)
    later, _ = _laad(str(pad))
    domain = later.domain
    tracker = DialogueStateTracker.from_events("t", [
        ActionExecuted("action_listen"),
        UserUttered("Hoelang geldt de no-riskpolis?", {"name": "ask_regeling", "confidence": 0.9}),
    ])
    ted_later = _ted(later)
    assert not ted_later.model.geladen
    p_later = ted_later.predict_action_probabilities(tracker, domain)  # no rule was certain: TED runs
    assert ted_later.model.geladen
    p_vooraf = _ted(vooraf).predict_action_probabilities(tracker, domain)
    assert np.allclose(p_later.probabilities, p_vooraf.probabilities)
    assert max(p_later.probabilities) > 0.0
