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

import asyncio
import itertools
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Iterator, Sequence

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from assistant.addons import performance
from wsp.privacy import bijzondere_fragmenten, redact

logger = logging.getLogger(__name__)

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


class _GeredigeerdEvent:
    """What ``SQLTrackerStore.save`` needs of an event (``as_dict`` and ``type_name``), redacted."""

    def __init__(self, event: Event, fragmenten: Sequence[tuple[str, str]] = ()) -> None:
        self.type_name = event.type_name
        self._data = redact_waarde(event.as_dict(), None, fragmenten)

    def as_dict(self) -> dict[str, Any]:
        return self._data


# Attribute on a tracker this store loaded or saved: how many of its events are in the database.
_OPGESLAGEN = "_wsp_events_opgeslagen"


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with redaction of every event it writes, and a cheaper turn.

    Per turn Rasa's store opens a new SQLite connection twice, hydrates an ORM object per stored
    event, counts the whole session again before writing, adds the new events one ORM object at a
    time and waits for an fsync of the SQLite file, all on Rasa's event loop. This one (same
    table, same rows, same session semantics):

    * reads only the ``data`` column of the current session's events and writes the new events in
      one ``INSERT`` (no ORM objects); a tracker this store loaded or saved remembers how many of
      its events are stored, so no ``COUNT`` is needed before writing;
    * runs the database round trips in a worker thread, so the event loop serves other
      conversations meanwhile (redaction, JSON and the tracker replay stay on the loop); on SQLite
      one thread, in order: SQLite writes one transaction at a time anyway, and parallel writers
      would wait in SQLite's busy handler (sleeps of up to 100 ms, unfair under load);
    * on SQLite keeps its connections open and uses write-ahead logging with
      ``synchronous=NORMAL``: a commit no longer waits for the disk, a crash of the process loses
      nothing, a power failure at most the last turns, and readers (``wsp.inzichten``, the inbox,
      ``wsp.bewaren``) never block the writer.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        performance.registreer_tracker_store(self)
        self._uitvoerder: ThreadPoolExecutor | None = None  # None: asyncio's default executor
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "",
                                                                                      ":memory:"):
            self._sqlite_afstemmen()
            self._uitvoerder = ThreadPoolExecutor(max_workers=1,
                                                  thread_name_prefix="wsp-tracker-sqlite")
        self._tabel = self.SQLEvent.__table__
        self._sessie_index()

    def _sessie_index(self) -> None:
        """An index on (sender_id, type_name, timestamp): finding the latest session start and
        the current session's events then reads only those rows, not every event the conversation
        ever had (Rasa indexes ``sender_id`` alone). Same table and rows; an extra index only."""
        index = sa.Index("ix_wsp_events_sessie", self._tabel.c.sender_id, self._tabel.c.type_name,
                         self._tabel.c.timestamp)
        try:
            index.create(self.engine, checkfirst=True)
        except sa.exc.SQLAlchemyError as fout:  # e.g. no right to create it: Rasa's index serves
            logger.warning("event=tracker_index_niet_gemaakt fout=%s", type(fout).__name__)

    async def _in_thread(self, functie: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._uitvoerder, functie, *args)

    def _sqlite_afstemmen(self) -> None:
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=4,
            connect_args={"check_same_thread": False, "timeout": 30},
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(verbinding: Any, _record: Any) -> None:
            cursor = verbinding.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    # -- reading -------------------------------------------------------------------------------
    def _lees_data(self, sender_id: str, alle_sessies: bool) -> list[str]:
        t = self._tabel
        query = sa.select(t.c.data).where(t.c.sender_id == sender_id)
        if not alle_sessies:
            # the events from the latest session start on, as Rasa's ``_event_query`` selects them
            start = (
                sa.select(sa.func.max(t.c.timestamp))
                .where(t.c.sender_id == sender_id, t.c.type_name == SessionStarted.type_name)
                .scalar_subquery()
            )
            query = query.where(sa.or_(t.c.timestamp >= start, start.is_(None)))
        with self.session_scope() as session:
            return [rij[0] for rij in session.execute(query.order_by(t.c.id))]

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        rijen = await self._in_thread(self._lees_data, sender_id, fetch_events_from_all_sessions)
        if not self.domain or not rijen:
            return None
        tracker = DialogueStateTracker.from_dict(
            sender_id, [json.loads(rij) for rij in rijen], self.domain.slots
        )
        setattr(tracker, _OPGESLAGEN, len(tracker.events))
        return tracker

    # -- writing -------------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the tracker's new events (redacted) in one statement."""
        await self.stream_events(tracker)
        opgeslagen = getattr(tracker, _OPGESLAGEN, None)
        if opgeslagen is None or opgeslagen > len(tracker.events):
            # a tracker from elsewhere (e.g. the REST API replacing the events): ask the database
            opgeslagen = await self._in_thread(self._aantal_in_sessie, tracker.sender_id)
        rijen = [self._rij(tracker.sender_id, e) for e in self._geredigeerd(
            itertools.islice(tracker.events, opgeslagen, len(tracker.events)))]
        if rijen:
            await self._in_thread(self._schrijf, rijen)
        setattr(tracker, _OPGESLAGEN, len(tracker.events))

    def _aantal_in_sessie(self, sender_id: str) -> int:
        with self.session_scope() as session:
            return int(self._event_query(session, sender_id,
                                         fetch_events_from_all_sessions=False).count())

    def _schrijf(self, rijen: list[dict[str, Any]]) -> None:
        with self.session_scope() as session:
            session.execute(self._tabel.insert(), rijen)
            session.commit()

    @staticmethod
    def _rij(sender_id: str, event: _GeredigeerdEvent) -> dict[str, Any]:
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": (data.get("parse_data", {}).get("intent", {}) or {}).get(
                INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    @staticmethod
    def _geredigeerd(nieuw_iter: Iterable[Event]) -> Iterator[_GeredigeerdEvent]:
        nieuw = list(nieuw_iter)
        # what the employer typed in this turn: the same pieces are masked in entity and slot
        # values copied from it, even without the context that made them sensitive
        fragmenten = [stuk for e in nieuw if isinstance(e, UserUttered) and e.text
                      for stuk in bijzondere_fragmenten(e.text)]
        for event in nieuw:
            yield _GeredigeerdEvent(event, fragmenten)

    def _additional_events(
        self, session: Any, tracker: DialogueStateTracker
    ) -> Iterator[Any]:
        """Rasa's hook (not used by ``save`` above): the new events, redacted."""
        return self._geredigeerd(super()._additional_events(session, tracker))

