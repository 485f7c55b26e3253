"""A SQL tracker store that keeps BSNs and special personal data out of stored conversations.

Every string of every event it writes passes through ``wsp.privacy.redact`` before it is written:
the user's text and its copy in ``parse_data``, entity values the NLU pulled out of it, slot values
(a form slot is first filled with the raw text the employer typed), bot texts and button titles.
Structural names (event type, intent, action, slot and entity names) are left as they are. So the
database never holds them in clear text. The conversation in memory during the current turn is
unchanged; the next turn loads the redacted version.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from wsp.privacy import redact

# Keys whose values are names, not content: never changed.
_NAMEN = frozenset({"event", "name", "intent_name", "action_name", "entity", "extractor",
                    "policy", "input_channel", "message_id", "model_id", "assistant_id", "role",
                    "group", "type_name", "action_text"})


def redact_waarde(waarde: Any, sleutel: str | None = None) -> Any:
    """``waarde`` with ``redact`` applied to every string inside it (dicts and lists walked)."""
    if sleutel in _NAMEN:
        return waarde
    if isinstance(waarde, str):
        return redact(waarde)
    if isinstance(waarde, dict):
        return {k: redact_waarde(v, k if isinstance(k, str) else None) for k, v in waarde.items()}
    if isinstance(waarde, (list, tuple)):
        return [redact_waarde(v) for v in waarde]
    return waarde


def redact_event(event: Event) -> Event:
    """The event with its user or bot text redacted (kept for callers of the old helper)."""
    if isinstance(event, UserUttered) and event.text:
        clean = redact(event.text)
        if clean != event.text:
            event = copy.deepcopy(event)
            event.text = clean
            if isinstance(event.parse_data, dict):
                event.parse_data["text"] = clean
    elif isinstance(event, BotUttered) and event.text:
        clean = redact(event.text)
        if clean != event.text:
            event = copy.deepcopy(event)
            event.text = clean
    return event


class _GeredigeerdEvent:
    """What ``SQLTrackerStore.save`` needs of an event (``as_dict`` and ``type_name``), redacted."""

    def __init__(self, event: Event) -> None:
        self.type_name = event.type_name
        self._data = redact_waarde(event.as_dict())

    def as_dict(self) -> dict[str, Any]:
        return self._data


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with redaction of every event it writes."""

    def _additional_events(
        self, session: Any, tracker: DialogueStateTracker
    ) -> Iterator[Any]:
        for event in super()._additional_events(session, tracker):
            yield _GeredigeerdEvent(event)
