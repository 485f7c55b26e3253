"""Action unit tests the way the Rasa model projects write them: a ``Tracker`` built with
``Tracker.from_dict`` from a small JSON file in ``tests/data/trackers/`` (the conversation so far, in
the shape the Rasa server sends to the action server), the employer's next message on top, a
``CollectingDispatcher``, and assertions on the returned events and ``dispatcher.messages``.

The actions run against the real editors' files (``knowledge/``, ``regional_rules/``) through
``wsp.regels.default_store``, as the action server does."""

from __future__ import annotations

import copy
import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.support.coroutines import run_coroutine

REPO = Path(__file__).resolve().parents[2]
TRACKERS = REPO / "tests" / "data" / "trackers"
DOMAIN_DIR = REPO / "assistant" / "domain"

Entities = Mapping[str, str] | Iterable[tuple[str, str]]


@cache
def _state(name: str) -> dict[str, Any]:
    return json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _domain() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


def domain() -> dict[str, Any]:
    """assistant/domain/*.yml merged into one dictionary (what the action server receives)."""
    return copy.deepcopy(_domain())


def _entities(entities: Entities) -> list[dict[str, Any]]:
    pairs = entities.items() if isinstance(entities, Mapping) else entities
    return [{"entity": entity, "value": value} for entity, value in pairs]


def tracker(
    state: str = "nieuw",
    text: str | None = None,
    intent: str = "ask_regeling",
    entities: Entities = (),
    confidence: float = 0.95,
    slots: Mapping[str, Any] | None = None,
    events: Iterable[dict[str, Any]] = (),
    slot_candidates: Mapping[str, Any] | None = None,
) -> Tracker:
    """The conversation in ``tests/data/trackers/<state>.json``; with ``text``, the employer's next
    message (intent, entities) becomes the latest user event. ``slots`` overrides slot values;
    ``events`` are appended before that message. ``slot_candidates`` are the values a form extracted
    from the message: slot events after it, as Rasa sends them to a ``validate_<form>`` action."""
    data = copy.deepcopy(_state(state))
    data.setdefault("slots", {}).update(slots or {})
    data.setdefault("events", []).extend(events)
    if text is not None:
        message = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": _entities(entities),
        }
        last = max((e.get("timestamp") or 0 for e in data["events"]), default=1794301200.0)
        data["events"].append(
            {"event": "user", "timestamp": last + 1, "text": text, "parse_data": message,
             "input_channel": "rest"}
        )
        data["latest_message"] = message
    for name, value in (slot_candidates or {}).items():
        data["events"].append({"event": "slot", "name": name, "value": value})
        data["slots"][name] = value
    return Tracker.from_dict(data)


def run(
    action: Action, tracker_: Tracker, domain_: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run the action as the action server does; returns (events, dispatcher.messages)."""
    dispatcher = CollectingDispatcher()
    events = run_coroutine(action.run(dispatcher, tracker_, domain_ if domain_ is not None else domain()))
    return events, dispatcher.messages


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slot values the events set (the last one wins), in order."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text") or "" for m in messages]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b["title"], b["payload"]) for b in message.get("buttons") or []]
