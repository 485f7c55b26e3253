"""Performance fixes for Rasa 3.6 (pinned at 3.6.21; tests check that they are in place).

1. Validate action-server responses with a validator built once. Rasa's
   ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` for every custom action,
   which first re-checks Rasa's whole event schema against the JSON meta-schema. Under load that was
   39 % of a replica's CPU (docs/performance.md). Same contract as Rasa's method: returns True or
   raises ``ValidationError`` with the same explanation appended.
2. Do not run TED when its prediction cannot be chosen. Rasa's ensemble picks the prediction with
   the highest (confidence, policy priority); TED's confidence is at most 1.0 and its priority (1)
   is the lowest. So once RulePolicy or MemoizationPolicy has predicted an action with confidence
   1.0 for the tracker at hand, TED's answer is thrown away: it is not computed (TensorFlow was a
   quarter of a message's CPU, and almost every turn of this assistant follows a rule). Where no
   rule or memorised story applies, TED runs as before.
3. Bounded sessions. Every turn Rasa loads, replays and featurizes the whole current session
   (policies rebuild the state of every earlier turn for every prediction), so a turn got slower
   the longer the conversation was. A session now also ends after ``WSP_MAX_BEURTEN_PER_SESSIE``
   messages of the employer (default 20), between two turns and never inside a form: Rasa's own
   session start follows, slots are carried over (``carry_over_slots_to_new_session``), and the
   policies (max_history 4) only ever looked at the last few turns anyway. The stored
   conversation stays whole; ``action_overdracht_opslaan`` still receives the whole conversation
   (earlier sessions from the tracker store), so a handover's transcript is complete.
   A new session carries over each slot's value once. Rasa's ``ActionSessionStart`` copies every
   ``SlotSet`` event the tracker ever applied, so each session began with all slot events of the
   sessions before it (56 more events per session in the benchmark's long conversation, and a
   turn's cost kept growing); the last ``SlotSet`` of each slot gives the same slot values.
4. Look up event classes in a table. Rasa's ``Event.resolve_by_type`` walks the whole tree of
   ``Event`` subclasses (with ``inspect.isabstract`` on each) for every event it deserialises:
   every stored event of the session on every turn, and every event an action returns. That was
   over 90 % of loading a tracker. The table keeps Rasa's answer (the first matching class in the
   same order) and is rebuilt when a name is missing, so event classes imported later still count.
5. Load a model without a training step. Rasa's ``RasaModel.load`` builds DIET's and TED's weights
   by fitting one example (tracing the whole training step with its gradients: about 80 % of
   loading the model, docs/performance.md), then overwrites them from the file. For prediction the
   weights are created by the prediction itself: the file is read first (TensorFlow restores each
   weight the moment it is created) and the example prediction Rasa runs anyway creates them. The
   optimizer's state in the file is not needed to predict. Fine-tuning keeps Rasa's way.
6. No deep copies for debug logs that are not written. Rasa's ``MessageProcessor`` passes
   ``copy.deepcopy(events)`` (and of the parse data and slot values) to ``structlogger.debug`` on
   every action; the arguments are built before structlog drops the call, so each turn deep-copied
   its events for nothing (part of the 3.7 % "logging" in docs/performance.md). The processor's
   ``copy`` now deep-copies only while debug logs are written (``--debug`` or ``LOG_LEVEL=DEBUG``);
   the processor uses ``copy`` for nothing else.
7. Keep the connection to the action server open. Rasa's ``EndpointConfig.request`` opens a new
   aiohttp ``ClientSession`` (and so a new TCP connection, which the action server accepts and
   tears down again) for every custom-action call. Each endpoint now keeps one session per event
   loop; its idle connections are dropped after 2 s, before Sanic's keep-alive time-out (5 s)
   closes them from the other side, so a kept connection is never one the server already closed.
8. Load the spaCy pipeline once. Rasa's graph has two ``SpacyNLP`` nodes (the provider and the
   component that runs on messages), and loading the model creates both, each with its own
   ``spacy.load``: the Dutch tokenizer's 7,000 exceptions are built twice (3.8 s of CPU each on
   the benchmark machine). The second node now gets the pipeline the first loaded; the component
   node does not use its own copy anyway (it processes messages with the provider's model).
9. Load TED's TensorFlow model after the start, not before it. Rules or memorised stories decide
   almost every turn of this assistant (item 2), yet every worker spent about a quarter of its
   model load (6 s of CPU on the benchmark machine) building TED before it could answer. TED's
   model is now a stand-in until it is loaded: the weights are copied aside (Rasa deletes its
   unpacked model folder after loading), the first prediction TED is asked for starts loading it
   in a background thread, and a turn that really needs TED before it is ready waits for it.
   ``WSP_TED_UITGESTELD=0`` loads it at the start as Rasa does (for comparison). Fine-tuning and
   training keep Rasa's way.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import logging
import os
import shutil
import tempfile
import threading
import types
import weakref
from pathlib import Path
from typing import Any, Callable, Dict

import aiohttp
import jsonschema
import rasa.core.processor
import rasa.shared.utils.common
import structlog
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.core.processor import MessageProcessor
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import Event, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

_validator: list[Any] = []  # built on first use; the schema is a constant of Rasa


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    if not _validator:
        schema = self.action_response_format_spec()
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validator.append(cls(schema))
    validator = _validator[0]
    try:
        validator.validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


# ---- 2. TED only when it can matter ----------------------------------------------------------

# Attribute on a tracker: the state (number of events, id of the last) at which a policy predicted
# with full confidence, and that policy's priority.
_ZEKER = "_wsp_zeker_bij"


def _toestand(tracker: Any) -> tuple[int, int]:
    events = tracker.events
    return len(events), id(events[-1]) if events else 0


def _onthoud_zekerheid(origineel: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(origineel)
    def predict(self: Any, tracker: Any, domain: Any, *args: Any, **kwargs: Any) -> Any:
        voorspelling = origineel(self, tracker, domain, *args, **kwargs)
        if voorspelling.max_confidence >= 1.0 and not voorspelling.is_end_to_end_prediction:
            setattr(tracker, _ZEKER, (_toestand(tracker), self.priority))
        return voorspelling

    predict._wsp_patch = True  # type: ignore[attr-defined]
    return predict


def _ted_alleen_als_nodig(origineel: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(origineel)
    def predict(self: Any, tracker: Any, domain: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.model, UitgesteldTED):
            self.model.laad_op_achtergrond()  # item 9: the first prediction starts loading TED
        zeker = getattr(tracker, _ZEKER, None)
        if zeker is not None and zeker[0] == _toestand(tracker) and zeker[1] > self.priority:
            TED_OVERGESLAGEN[0] += 1
            return self._prediction(self._default_predictions(domain))
        return origineel(self, tracker, domain, *args, **kwargs)

    predict._wsp_patch = True  # type: ignore[attr-defined]
    return predict


TED_OVERGESLAGEN = [0]  # how often TED was skipped in this process (for tests and profiling)


# ---- 3. bounded sessions ----------------------------------------------------------------------

MAX_BEURTEN_ENV = "WSP_MAX_BEURTEN_PER_SESSIE"
STANDAARD_MAX_BEURTEN = 20
# Custom actions that need the whole conversation, not only the current session.
VOLLEDIG_GESPREK = frozenset({"action_overdracht_opslaan"})


def max_beurten() -> int:
    """Messages of the employer after which a session ends (0: only Rasa's time-out)."""
    try:
        return max(0, int(os.environ.get(MAX_BEURTEN_ENV, STANDAARD_MAX_BEURTEN)))
    except ValueError:
        return STANDAARD_MAX_BEURTEN


def beurten_in_sessie(tracker: Any) -> int:
    """Messages of the employer since the latest session start (or restart)."""
    aantal = 0
    for event in reversed(tracker.events):
        if isinstance(event, (SessionStarted, Restarted)):
            break
        if isinstance(event, UserUttered):
            aantal += 1
    return aantal


def sessie_vol(tracker: Any, grens: int) -> bool:
    """True between two turns, outside a form, once the session holds ``grens`` messages."""
    return (grens > 0 and tracker.active_loop_name is None
            and tracker.latest_action_name == ACTION_LISTEN_NAME
            and beurten_in_sessie(tracker) >= grens)


def _sessie_verlopen(origineel: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(origineel)
    def has_session_expired(self: Any, tracker: Any) -> bool:
        if origineel(self, tracker):
            return True
        return (self.domain.session_config.are_sessions_enabled()
                and sessie_vol(tracker, max_beurten()))

    has_session_expired._wsp_patch = True  # type: ignore[attr-defined]
    return has_session_expired


def _laatste_slotwaarden(origineel: Callable[..., Any]) -> Callable[..., Any]:
    """``ActionSessionStart._slot_set_events_from_tracker`` with one ``SlotSet`` per slot: the
    last one of each (in the order of those last events), which leaves every slot as Rasa's list of
    all of them does."""

    @functools.wraps(origineel)
    def _slot_set_events_from_tracker(tracker: Any) -> list[Any]:
        alle = origineel(tracker)
        laatste = {event.key: i for i, event in enumerate(alle)}
        return [event for i, event in enumerate(alle) if laatste[event.key] == i]

    _slot_set_events_from_tracker._wsp_patch = True  # type: ignore[attr-defined]
    return _slot_set_events_from_tracker


_tracker_stores: list[Any] = []  # the tracker store of this Rasa process (registered at start)


def registreer_tracker_store(store: Any) -> None:
    _tracker_stores[:] = [weakref.ref(store)]


async def met_eerdere_sessies(tracker: Any, domain: Any) -> Any:
    """``tracker`` with the stored events of the conversation's earlier sessions in front."""
    store = _tracker_stores[0]() if _tracker_stores else None
    if store is None or not tracker.events:
        return tracker
    begin = tracker.events[0].timestamp
    volledig = await store.retrieve_full_tracker(tracker.sender_id)
    eerder = [e for e in (volledig.events if volledig else ()) if e.timestamp < begin]
    if not eerder:
        return tracker
    geheel = DialogueStateTracker.from_events(tracker.sender_id, eerder + list(tracker.events),
                                              domain.slots)
    geheel.model_id, geheel.assistant_id = tracker.model_id, tracker.assistant_id
    return geheel


def _run_met_volledig_gesprek(origineel: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(origineel)
    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> Any:
        if self.name() in VOLLEDIG_GESPREK:
            tracker = await met_eerdere_sessies(tracker, domain)
        return await origineel(self, output_channel, nlg, tracker, domain)

    run._wsp_patch = True  # type: ignore[attr-defined]
    return run


# ---- 4. event classes by name --------------------------------------------------------------------

_event_klassen: dict[str, Any] = {}


def _bouw_event_tabel() -> None:
    tabel: dict[str, Any] = {}
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        tabel.setdefault(cls.type_name, cls)
    _event_klassen.clear()
    _event_klassen.update(tabel)


def _resolve_by_type(type_name: str, default: Any = None) -> Any:
    cls = _event_klassen.get(type_name)
    if cls is None:
        _bouw_event_tabel()  # first use, or an event class imported since
        cls = _event_klassen.get(type_name)
    if cls is not None:
        return cls
    if type_name == "topic":
        return None  # as Rasa: old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


_resolve_by_type._wsp_patch = True  # type: ignore[attr-defined]


def _laad_zonder_training(origineel: Callable[..., Any]) -> Callable[..., Any]:
    """``RasaModel.load`` for prediction without fitting one example first (item 5 above)."""

    @functools.wraps(origineel)
    def load(cls: Any, model_file_name: str, model_data_example: Any, predict_data_example: Any = None,
             finetune_mode: bool = False, *args: Any, **kwargs: Any) -> Any:
        if finetune_mode or predict_data_example is None:
            return origineel(cls, model_file_name, model_data_example, predict_data_example,
                             finetune_mode, *args, **kwargs)
        import tensorflow as tf
        from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY

        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                      run_eagerly=config.get(RUN_EAGERLY))
        status = model.load_weights(model_file_name)  # restored as each weight is created
        model.run_inference(predict_data_example)  # creates the weights prediction uses
        status.expect_partial()  # the optimizer's state and training-only weights stay unread
        return model

    load._wsp_patch = True  # type: ignore[attr-defined]
    return load


# ---- 6. copies for debug logs only when they are written ------------------------------------------

_NIETS_DOEN = structlog.make_filtering_bound_logger(logging.INFO).debug  # structlog's shared no-op


def debug_logs_aan() -> bool:
    """Whether structlog writes debug calls (Rasa configures a level-filtering logger class)."""
    return structlog.get_config()["wrapper_class"].debug is not _NIETS_DOEN


def _deepcopy_voor_debug(waarde: Any, memo: Any = None) -> Any:
    return copy.deepcopy(waarde, memo) if debug_logs_aan() else waarde


# Stands in for the ``copy`` module inside rasa.core.processor only.
_copy_voor_processor = types.SimpleNamespace(copy=copy.copy, deepcopy=_deepcopy_voor_debug)


# ---- 7. one client session per endpoint and event loop -----------------------------------------

KEEPALIVE_S = 2.0  # below the action server's (Sanic's) keep-alive time-out of 5 s
# event loop (weak) -> id of an endpoint -> (the endpoint, weakly; its session). EndpointConfig
# defines __eq__ and so cannot be a dictionary key itself.
_sessies: weakref.WeakKeyDictionary[Any, dict[int, tuple[Any, aiohttp.ClientSession]]] = (
    weakref.WeakKeyDictionary())


class _GedeeldeSessie:
    """``async with endpoint.session() as s`` for a session that outlives the block."""

    def __init__(self, sessie: aiohttp.ClientSession) -> None:
        self.sessie = sessie

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.sessie

    async def __aexit__(self, *exc: Any) -> bool:
        return False


def _gedeelde_sessie(origineel: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(origineel)
    def session(self: Any) -> Any:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not inside a coroutine: Rasa's own behaviour
            return origineel(self)
        per_endpoint = _sessies.setdefault(loop, {})
        eerder = per_endpoint.get(id(self))
        sessie = eerder[1] if eerder is not None and eerder[0]() is self else None
        if sessie is None or sessie.closed:
            # as Rasa's EndpointConfig.session, with a connector that keeps connections briefly
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            sessie = aiohttp.ClientSession(
                headers=self.headers, auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S))
            per_endpoint[id(self)] = (weakref.ref(self), sessie)
        return _GedeeldeSessie(sessie)

    session._wsp_patch = True  # type: ignore[attr-defined]
    return session


RASA_VERSIE = "3.6.21"  # the Rasa these patches were written for and tested against


class OnverwachteRasaVersie(RuntimeError):
    """The installed Rasa is not the version the patches replace methods of."""


# ---- 8. the spaCy pipeline once per process -------------------------------------------------------

_SPACY_MODELLEN: Dict[str, Any] = {}


def _spacy_eenmaal(origineel: Callable[..., Any]) -> Callable[..., Any]:
    """``SpacyNLP.load_model`` that loads each pipeline (by name or path) once per process."""

    @functools.wraps(origineel)
    def load_model(spacy_model_name: str) -> Any:
        if spacy_model_name not in _SPACY_MODELLEN:
            _SPACY_MODELLEN[spacy_model_name] = origineel(spacy_model_name)
        return _SPACY_MODELLEN[spacy_model_name]

    load_model._wsp_patch = True  # type: ignore[attr-defined]
    return load_model


# ---- 9. TED's model loaded after the start --------------------------------------------------------

ENV_TED_UITGESTELD = "WSP_TED_UITGESTELD"


def ted_uitgesteld() -> bool:
    """Whether TED's model is loaded after the start (item 9; default on)."""
    return os.environ.get(ENV_TED_UITGESTELD, "1").strip() != "0"


class UitgesteldTED:
    """Stands in for TED's TensorFlow model (``TEDPolicy.model``) until it is loaded. ``laad`` builds
    the real model from the copy of its weights in ``gewichten``; whatever asks the model for anything
    waits for it (the policy only calls ``run_inference``)."""

    def __init__(self, laad: Callable[[], Any], gewichten: Path) -> None:
        self._laad = laad
        self._gewichten = gewichten
        self._model: Any = None
        self._slot = threading.Lock()
        self._draad: threading.Thread | None = None
        weakref.finalize(self, shutil.rmtree, gewichten, True)

    @property
    def geladen(self) -> bool:
        return self._model is not None

    def laad_op_achtergrond(self) -> None:
        """Start loading in a background thread (once)."""
        if self._model is not None or self._draad is not None:
            return
        with self._slot:
            if self._model is None and self._draad is None:
                self._draad = threading.Thread(target=self._achtergrond, name="wsp-ted-laden", daemon=True)
                self._draad.start()

    def _achtergrond(self) -> None:
        try:
            self.model()
        except Exception:  # noqa: BLE001 - the next prediction loads again and raises it there
            logging.getLogger(__name__).exception("Loading TED's model in the background failed")

    def model(self) -> Any:
        """The real model, loaded now if it is not yet (waits while another thread loads it)."""
        if self._model is None:
            with self._slot:
                if self._model is None:
                    self._model = self._laad()
                    shutil.rmtree(self._gewichten, ignore_errors=True)
        return self._model

    def run_inference(self, *args: Any, **kwargs: Any) -> Any:
        return self.model().run_inference(*args, **kwargs)

    def __getattr__(self, naam: str) -> Any:
        if naam.startswith("_"):
            raise AttributeError(naam)
        return getattr(self.model(), naam)


def _ted_na_de_start(origineel: Callable[..., Any]) -> Callable[..., Any]:
    """``TEDPolicy._load_tf_model`` that returns an ``UitgesteldTED`` (item 9 above)."""

    @functools.wraps(origineel)
    def _load_tf_model(cls: Any, model_utilities: Dict[str, Any], model_data_example: Any,
                       predict_data_example: Any, featurizer: Any, should_finetune: bool) -> Any:
        if should_finetune or not ted_uitgesteld():
            return origineel(cls, model_utilities, model_data_example, predict_data_example, featurizer,
                             should_finetune)
        import tensorflow as tf

        bron = Path(model_utilities["tf_model_file"])
        gewichten = Path(tempfile.mkdtemp(prefix="wsp-ted-"))
        for bestand in bron.parent.iterdir():  # the checkpoint: <name>.index, <name>.data-*, checkpoint
            if bestand.name.startswith(bron.name) or bestand.name == "checkpoint":
                shutil.copy2(bestand, gewichten / bestand.name)
        kopie = {**model_utilities, "tf_model_file": gewichten / bron.name}
        gpu = bool(model_utilities["model_config"].get("use_gpu", True))

        def laad() -> Any:
            with contextlib.nullcontext() if gpu else tf.device("/cpu:0"):  # as TEDPolicy._load
                return origineel(cls, kopie, model_data_example, predict_data_example, featurizer, False)

        return UitgesteldTED(laad, gewichten)

    _load_tf_model._wsp_patch = True  # type: ignore[attr-defined]
    return _load_tf_model


def install() -> None:
    """Install every patch of this module: the one place that changes Rasa's behaviour, called by
    ``assistant.addons.rasa_start`` before Rasa starts. Refuses another Rasa version: the patched
    methods are private and may differ there."""
    import rasa

    if rasa.__version__ != RASA_VERSIE:
        raise OnverwachteRasaVersie(
            f"assistant/addons/performance.py patches Rasa {RASA_VERSIE}, found {rasa.__version__}: "
            "check each patched method against the new version before changing RASA_VERSIE")
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    for cls in (RulePolicy, MemoizationPolicy):
        eigen = cls.__dict__["predict_action_probabilities"]
        if not getattr(eigen, "_wsp_patch", False):
            cls.predict_action_probabilities = _onthoud_zekerheid(eigen)
    eigen = TEDPolicy.__dict__["predict_action_probabilities"]
    if not getattr(eigen, "_wsp_patch", False):
        TEDPolicy.predict_action_probabilities = _ted_alleen_als_nodig(eigen)
    eigen = MessageProcessor.__dict__["_has_session_expired"]
    if not getattr(eigen, "_wsp_patch", False):
        MessageProcessor._has_session_expired = _sessie_verlopen(eigen)
    from rasa.core.actions.action import ActionSessionStart

    eigen = ActionSessionStart.__dict__["_slot_set_events_from_tracker"].__func__
    if not getattr(eigen, "_wsp_patch", False):
        ActionSessionStart._slot_set_events_from_tracker = staticmethod(  # type: ignore[method-assign]
            _laatste_slotwaarden(eigen))
    eigen = RemoteAction.__dict__["run"]
    if not getattr(eigen, "_wsp_patch", False):
        RemoteAction.run = _run_met_volledig_gesprek(eigen)
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign]
    from rasa.utils.tensorflow.models import RasaModel

    eigen = RasaModel.__dict__["load"].__func__
    if not getattr(eigen, "_wsp_patch", False):
        RasaModel.load = classmethod(_laad_zonder_training(eigen))  # type: ignore[method-assign]
    rasa.core.processor.copy = _copy_voor_processor  # type: ignore[attr-defined]
    from rasa.utils.endpoints import EndpointConfig

    eigen = EndpointConfig.__dict__["session"]
    if not getattr(eigen, "_wsp_patch", False):
        EndpointConfig.session = _gedeelde_sessie(eigen)  # type: ignore[method-assign]
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    eigen = SpacyNLP.__dict__["load_model"].__func__
    if not getattr(eigen, "_wsp_patch", False):
        SpacyNLP.load_model = staticmethod(_spacy_eenmaal(eigen))  # type: ignore[method-assign]
    eigen = TEDPolicy.__dict__["_load_tf_model"].__func__
    if not getattr(eigen, "_wsp_patch", False):
        TEDPolicy._load_tf_model = classmethod(_ted_na_de_start(eigen))  # type: ignore[method-assign]
