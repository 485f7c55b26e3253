"""The performance patches of the Rasa server (assistant/addons/performance.py), installed by
assistant.addons.rasa_start before Rasa starts: a validator built once for action-server responses, TED
only when its prediction can be chosen, sessions bounded in length (and the handover still gets
the whole conversation)."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import confidence_scores_for
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.core.processor import MessageProcessor
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.addons import performance
from assistant.addons.tracker_store import RedactingSQLTrackerStore
from tests.support.coroutines import run_coroutine

performance.install()  # as assistant.addons.rasa_start does before Rasa starts


def test_another_rasa_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(performance.OnverwachteRasaVersie, match="3.6.21"):
        performance.install()


def test_patch_is_installed_and_keeps_rasas_contract() -> None:
    assert RemoteAction._validate_action_result is performance._validate_action_result
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "hoi"}]}
    assert action._validate_action_result(good) is True
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "geen lijst"})


# ---- TED only when it can matter --------------------------------------------------------------

def _ted(tmp_path: Path) -> TEDPolicy:
    return TEDPolicy.create(TEDPolicy.get_default_config(), LocalModelStorage(tmp_path),
                            Resource("ted"), ExecutionContext(GraphSchema({})))


def _rule(tmp_path: Path) -> RulePolicy:
    return RulePolicy.create(RulePolicy.get_default_config(), LocalModelStorage(tmp_path),
                             Resource("rule"), ExecutionContext(GraphSchema({})))


def test_ted_wordt_overgeslagen_als_een_regel_zeker_is(tmp_path: Path) -> None:
    assert getattr(TEDPolicy.predict_action_probabilities, "_wsp_patch", False)
    assert getattr(RulePolicy.predict_action_probabilities, "_wsp_patch", False)
    assert getattr(MemoizationPolicy.predict_action_probabilities, "_wsp_patch", False)
    domain = Domain.from_yaml("""
    version: "3.1"
    intents: [greet]
    responses:
      utter_greet: [{text: "Goedendag"}]
    """)
    ted, rule = _ted(tmp_path / "t"), _rule(tmp_path / "r")
    tracker = DialogueStateTracker.from_events("g", [ActionExecuted("action_listen"),
                                                    UserUttered("hallo", {"name": "greet"})])
    # a rule that is certain: TED is not computed for this tracker state
    certain = rule._prediction(confidence_scores_for("utter_greet", 1.0, domain))
    performance._onthoud_zekerheid(lambda *a, **k: certain)(rule, tracker, domain)
    before = performance.TED_OVERGESLAGEN[0]
    skipped = ted.predict_action_probabilities(tracker, domain)
    assert performance.TED_OVERGESLAGEN[0] == before + 1 and skipped.max_confidence == 0.0
    # the next state (an action was run): TED runs again
    tracker.update(ActionExecuted("utter_greet"))
    ted.predict_action_probabilities(tracker, domain)
    assert performance.TED_OVERGESLAGEN[0] == before + 1
    # a rule that is not certain (core fallback): TED runs
    unsure = rule._prediction(confidence_scores_for("action_default_fallback", 0.3, domain))
    performance._onthoud_zekerheid(lambda *a, **k: unsure)(rule, tracker, domain)
    ted.predict_action_probabilities(tracker, domain)
    assert performance.TED_OVERGESLAGEN[0] == before + 1


# ---- bounded sessions -------------------------------------------------------------------------

def _gesprek(beurten: int) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted(),
              ActionExecuted("action_listen")]
    for n in range(beurten):
        events += [UserUttered(f"vraag {n}", {"name": "ask_regeling"}),
                   ActionExecuted("action_beantwoord_vraag"), BotUttered(f"antwoord {n}"),
                   ActionExecuted("action_listen")]
    return DialogueStateTracker.from_events("g", events)


def test_sessie_eindigt_na_het_maximum_aantal_beurten(monkeypatch: pytest.MonkeyPatch) -> None:
    assert getattr(MessageProcessor._has_session_expired, "_wsp_patch", False)
    assert performance.beurten_in_sessie(_gesprek(19)) == 19
    assert not performance.sessie_vol(_gesprek(19), 20)
    assert performance.sessie_vol(_gesprek(20), 20)
    assert not performance.sessie_vol(_gesprek(50), 0)  # 0: only Rasa's time-out
    # never inside a form, never in the middle of a turn
    in_formulier = _gesprek(25)
    in_formulier.update(ActiveLoop("contact_form"))
    in_formulier.update(ActionExecuted("action_listen"))
    assert not performance.sessie_vol(in_formulier, 20)
    midden = _gesprek(25)
    midden.update(UserUttered("nog een vraag", {"name": "ask_regeling"}))
    midden.update(ActionExecuted("action_beantwoord_vraag"))
    assert not performance.sessie_vol(midden, 20)
    # a new session counts from zero
    nieuw = _gesprek(25)
    nieuw.update(ActionExecuted("action_session_start"))
    nieuw.update(SessionStarted())
    nieuw.update(ActionExecuted("action_listen"))
    assert performance.beurten_in_sessie(nieuw) == 0
    monkeypatch.setenv(performance.MAX_BEURTEN_ENV, "7")
    assert performance.max_beurten() == 7


def test_nieuwe_sessie_neemt_elk_slot_eenmaal_mee() -> None:
    """Rasa's session start copied every SlotSet the tracker ever applied (so each bounded session
    began with the slot events of all sessions before it); now one per slot, with the same values."""
    from rasa.core.actions.action import ActionSessionStart

    assert getattr(ActionSessionStart.__dict__["_slot_set_events_from_tracker"].__func__,
                   "_wsp_patch", False)
    events = [ActionExecuted("action_session_start"), SessionStarted(),
              SlotSet("regeling", "jobcoaching"), SlotSet("plaats", "Velp"), ActionExecuted("action_listen")]
    for n in range(30):  # many turns, as over several bounded sessions
        events += [UserUttered(f"vraag {n}", {"name": "ask_regeling"}),
                   SlotSet("regeling", ["no_risk_polis", "jobcoaching"][n % 2]),
                   SlotSet("vraag_id", f"vraag.{n}", metadata={"n": n}),
                   ActionExecuted("action_beantwoord_vraag"), ActionExecuted("action_listen")]
    events.append(SlotSet("plaats", None))
    tracker = DialogueStateTracker.from_events("s", events)

    meegenomen = ActionSessionStart._slot_set_events_from_tracker(tracker)
    alle = ActionSessionStart._slot_set_events_from_tracker.__wrapped__(tracker)  # Rasa's own
    assert len(alle) == 63 and [e.key for e in meegenomen] == ["regeling", "vraag_id", "plaats"]
    assert meegenomen[1].value == "vraag.29" and meegenomen[1].metadata == {"n": 29}
    opnieuw = [DialogueStateTracker.from_events("s", [*lijst]) for lijst in (meegenomen, alle)]
    assert opnieuw[0].current_slot_values() == opnieuw[1].current_slot_values()


def test_overdracht_krijgt_het_hele_gesprek(tmp_path: Path) -> None:
    """The handover action gets the earlier sessions from the tracker store in front of the
    current one, so its transcript is complete; other actions get the current session only."""
    assert getattr(RemoteAction.run, "_wsp_patch", False)
    assert "action_overdracht_opslaan" in performance.VOLLEDIG_GESPREK
    domain = Domain.from_dict({"slots": {"gemeente": {"type": "text",
                                                      "mappings": [{"type": "custom"}]}}})
    store = RedactingSQLTrackerStore(domain=domain, dialect="sqlite",
                                     db=str(tmp_path / "t.sqlite"))
    eerste = [ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.0),
              ActionExecuted("action_listen", timestamp=1.0),
              UserUttered("Wij zitten in Arnhem", {"name": "inform_gemeente"}, timestamp=2.0),
              SlotSet("gemeente", "arnhem", timestamp=2.1)]
    tweede = [ActionExecuted("action_session_start", timestamp=10.0),
              SessionStarted(timestamp=10.0), SlotSet("gemeente", "arnhem", timestamp=10.0),
              ActionExecuted("action_listen", timestamp=10.0),
              UserUttered("Ik wil iemand spreken", {"name": "request_human"}, timestamp=11.0)]
    run_coroutine(store.save(DialogueStateTracker.from_events("g", eerste + tweede,
                                                              domain.slots)))
    huidig = run_coroutine(store.retrieve("g"))
    assert [e.timestamp for e in huidig.events][0] == 10.0
    huidig.update(ActionExecuted("action_overdracht_opslaan", timestamp=12.0))
    geheel = run_coroutine(performance.met_eerdere_sessies(huidig, domain))
    assert [e.as_dict() for e in geheel.events] == [
        e.as_dict() for e in eerste + tweede + [ActionExecuted("action_overdracht_opslaan",
                                                               timestamp=12.0)]]
    assert geheel.current_slot_values() == huidig.current_slot_values()
    assert geheel.latest_message.text == "Ik wil iemand spreken"


# ---- event classes by name --------------------------------------------------------------------

def test_event_klassen_uit_een_tabel_met_rasas_antwoord() -> None:
    import inspect

    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    assert getattr(Event.resolve_by_type, "_wsp_patch", False)

    def rasa_resolve(type_name: str, default=None):  # Rasa 3.6.21's method, verbatim
        for cls in rasa.shared.utils.common.all_subclasses(Event):
            if cls.type_name == type_name:
                return cls
        if type_name == "topic":
            return None
        if default is not None:
            return default
        raise ValueError(f"Unknown event name '{type_name}'.")

    names = {cls.type_name for cls in rasa.shared.utils.common.all_subclasses(Event)}
    assert {"user", "bot", "action", "slot", "session_started", "active_loop", "form"} <= names
    for name in names:
        assert Event.resolve_by_type(name) is rasa_resolve(name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("bestaat_niet", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("bestaat_niet")

    class LaterGeimporteerd(SlotSet):  # an event class defined after the table was built
        type_name = "wsp_later_geimporteerd"

    assert not inspect.isabstract(LaterGeimporteerd)
    assert Event.resolve_by_type("wsp_later_geimporteerd") is LaterGeimporteerd
    event = Event.from_parameters({"event": "slot", "name": "gemeente", "value": "arnhem"})
    assert event == SlotSet("gemeente", "arnhem", timestamp=event.timestamp)


# ---- copies for debug logs only when they are written ----------------------------------------------

def test_processor_kopieert_alleen_voor_debug_logs_die_geschreven_worden() -> None:
    import ast
    import inspect
    import logging

    import rasa.core.processor
    import structlog

    # Rasa's processor uses `copy` only inside structlogger.debug(...) arguments; otherwise the
    # patch would change behaviour.
    boom = ast.parse(inspect.getsource(rasa.core.processor))
    binnen_debug: set[int] = set()
    for node in ast.walk(boom):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "debug" and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "structlogger"):
            binnen_debug.update(id(n) for n in ast.walk(node))
    gebruik = [n for n in ast.walk(boom) if isinstance(n, ast.Attribute)
               and isinstance(n.value, ast.Name) and n.value.id == "copy"]
    assert gebruik and all(id(n) in binnen_debug for n in gebruik)

    assert rasa.core.processor.copy is performance._copy_voor_processor
    events = [{"event": "slot", "name": "a", "value": [1]}]
    oud = structlog.get_config()
    try:
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
        assert not performance.debug_logs_aan()
        assert rasa.core.processor.copy.deepcopy(events) is events
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG))
        assert performance.debug_logs_aan()
        kopie = rasa.core.processor.copy.deepcopy(events)
        assert kopie == events and kopie is not events and kopie[0]["value"] is not events[0]["value"]
    finally:
        structlog.configure(**oud)


# ---- one connection to the action server ------------------------------------------------------------

def test_rasa_keeps_one_connection_to_the_action_server() -> None:
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    async def scenario() -> tuple[set, list, dict]:
        poorten: set = set()
        geheimen: list = []

        async def webhook(request: web.Request) -> web.Response:
            poorten.add(request.transport.get_extra_info("peername")[1])
            geheimen.append(request.headers.get("X-WSP-Actie-Geheim"))
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook",
                                  headers={"X-WSP-Actie-Geheim": "s" * 20})
        for _ in range(3):
            assert await endpoint.request(json={"next_action": "x"}, method="post") == {
                "events": [], "responses": []}
        eerst = set(poorten)
        await asyncio.sleep(performance.KEEPALIVE_S + 0.5)  # the idle connection is dropped ...
        laatste = await endpoint.request(json={}, method="post")  # ... and a new one works
        for _, sessie in performance._sessies.get(asyncio.get_running_loop(), {}).values():
            await sessie.close()
        await runner.cleanup()
        return eerst, geheimen, laatste

    eerst, geheimen, laatste = run_coroutine(scenario())
    assert len(eerst) == 1  # three calls, one TCP connection (Rasa's own: three)
    assert geheimen == ["s" * 20] * 4  # the endpoint's headers on every call
    assert laatste == {"events": [], "responses": []}


def test_spacy_pipeline_wordt_eenmaal_geladen(tmp_path: Path) -> None:
    """Rasa's provider node and component node both call ``SpacyNLP.load_model``: the second gets
    the pipeline the first loaded (patch 8), and it is a real, working pipeline."""
    import spacy
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    pad = tmp_path / "nl_blank"
    nlp = spacy.blank("nl")
    nlp.meta["spacy_version"] = f">={spacy.about.__version__}"
    nlp.to_disk(pad)
    eerste = SpacyNLP.load_model(str(pad))
    assert SpacyNLP.load_model(str(pad)) is eerste
    assert [t.text for t in eerste.model("Wie betaalt de jobcoach?")] == ["Wie", "betaalt", "de",
                                                                         "jobcoach", "?"]
    assert getattr(SpacyNLP.__dict__["load_model"].__func__, "_wsp_patch", False)


# ---- TED's model after the start ----------------------------------------------------------------

def test_ted_model_wordt_eenmaal_op_de_achtergrond_geladen(tmp_path: Path) -> None:
    """``UitgesteldTED``: loading starts once, in a background thread; a caller that needs the model
    meanwhile waits for that load instead of starting another; the copied weights go afterwards."""
    import threading
    import time

    assert getattr(TEDPolicy.__dict__["_load_tf_model"].__func__, "_wsp_patch", False)
    gewichten = tmp_path / "ted"
    gewichten.mkdir()
    geladen: list[str] = []
    mag_door = threading.Event()

    class Model:
        def run_inference(self, data: str) -> str:
            return f"voorspeld: {data}"

    def laad() -> Model:
        geladen.append(threading.current_thread().name)
        mag_door.wait(5)
        return Model()

    ted = performance.UitgesteldTED(laad, gewichten)
    assert not ted.geladen and not geladen
    ted.laad_op_achtergrond()
    ted.laad_op_achtergrond()
    time.sleep(0.1)
    assert geladen == ["wsp-ted-laden"] and not ted.geladen
    mag_door.set()
    assert ted.run_inference("x") == "voorspeld: x"  # waits for the background load
    assert geladen == ["wsp-ted-laden"] and ted.geladen and not gewichten.exists()


def test_ted_model_wordt_geladen_als_een_voorspelling_het_vraagt(tmp_path: Path) -> None:
    """Without a background load (no prediction yet), the first caller loads it itself; a failed
    load is tried again by the next caller."""
    pogingen: list[int] = []

    def laad() -> object:
        pogingen.append(1)
        if len(pogingen) == 1:
            raise OSError("schijf vol")
        return types.SimpleNamespace(run_inference=lambda data: data * 2)

    ted = performance.UitgesteldTED(laad, tmp_path / "ted")
    with pytest.raises(OSError):
        ted.run_inference(2)
    assert ted.run_inference(2) == 4 and len(pogingen) == 2
