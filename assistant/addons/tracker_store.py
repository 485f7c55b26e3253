"""A SQL tracker store that keeps BSNs and special personal data out of stored conversations.

User and bot texts are passed through ``wsp.privacy.redact`` before they are written, so the
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


def redact_event(event: Event) -> Event:
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


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with redaction of every event it writes."""

    def _additional_events(
        self, session: Any, tracker: DialogueStateTracker
    ) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield redact_event(event)
