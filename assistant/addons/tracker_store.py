"""A SQL tracker store that keeps BSNs and special personal data out of stored conversations.

Every string of every event it writes passes through ``wsp.privacy.redact`` before it is written:
the user's text and its copy in ``parse_data``, entity values the NLU pulled out of it, slot values
(a form slot is first filled with the raw text the employer typed), bot texts and button titles.
Structural names (event type, intent, action, slot and entity names) are left as they are. A piece
of the turn's user text that was masked is also masked where it was copied without its context
(an entity or slot value "12-03-1980" out of "geboren op 12-03-1980"). So the database never holds
them in clear text. The conversation in memory during the current turn is
unchanged; the next turn loads the redacted version.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Iterator, Sequence

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.addons import performance
from wsp.privacy import bijzondere_fragmenten, redact

# Keys whose values are names, not content: never changed.
_NAMEN = frozenset({"event", "name", "intent_name", "action_name", "entity", "extractor",
                    "policy", "input_channel", "message_id", "model_id", "assistant_id", "role",
                    "group", "type_name", "action_text"})


def redact_waarde(waarde: Any, sleutel: str | None = None,
                  fragmenten: Sequence[tuple[str, str]] = ()) -> Any:
    """``waarde`` with ``redact`` applied to every string inside it (dicts and lists walked), and
    every piece in ``fragmenten`` (cut from the user's text) masked wherever it was copied."""
    if sleutel in _NAMEN:
        return waarde
    if isinstance(waarde, str):
        schoon = redact(waarde)
        for stuk, masker in fragmenten:
            if stuk in schoon:
                schoon = re.sub(r"(?<!\w)" + re.escape(stuk) + r"(?!\w)",
                                masker.replace("\\", "\\\\"), schoon)
        return schoon
    if isinstance(waarde, dict):
        return {k: redact_waarde(v, k if isinstance(k, str) else None, fragmenten)
                for k, v in waarde.items()}
    if isinstance(waarde, (list, tuple)):
        return [redact_waarde(v, None, fragmenten) for v in waarde]
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

    def __init__(self, event: Event, fragmenten: Sequence[tuple[str, str]] = ()) -> None:
        self.type_name = event.type_name
        self._data = redact_waarde(event.as_dict(), None, fragmenten)

    def as_dict(self) -> dict[str, Any]:
        return self._data


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with redaction of every event it writes."""

    def _additional_events(
        self, session: Any, tracker: DialogueStateTracker
    ) -> Iterator[Any]:
        nieuw = list(super()._additional_events(session, tracker))
        # what the employer typed in this turn: the same pieces are masked in entity and slot
        # values copied from it, even without the context that made them sensitive
        fragmenten = [stuk for e in nieuw if isinstance(e, UserUttered) and e.text
                      for stuk in bijzondere_fragmenten(e.text)]
        for event in nieuw:
            yield _GeredigeerdEvent(event, fragmenten)


# Every Rasa replica loads this tracker store at start-up: install the performance fix there too.
performance.install()
