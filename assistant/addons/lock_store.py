"""A conversation lock store in a SQLite file, shared by the Rasa worker processes of one machine.

Rasa serves a conversation's messages one at a time with a ticket lock per conversation. Its
in-memory lock store only works inside one process, so with it Rasa refuses more than one Sanic
worker; its Redis lock store needs a Redis server, which the embedded defaults (``make run``) do
not have. This store keeps the locks in a small SQLite file next to the tracker database, so
``make run`` can run two Rasa workers (``SANIC_WORKERS``) on one machine:

    lock_store:
      type: assistant.addons.lock_store.SQLiteLockStore
      db: var/locks.sqlite

Unlike Rasa's Redis store, taking a ticket and giving it back are atomic (one ``BEGIN IMMEDIATE``
transaction each), so two workers never hand out the same ticket. The locks are short-lived rows
(a conversation's row exists while one of its messages is being processed); nothing in the file
is personal data beyond the conversation id. Production keeps the Redis lock store
(``docker/endpoints.yml``): its replicas run on different machines.
"""

from __future__ import annotations

import json
import logging
import sqlite3

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from assistant.addons.gedeelde_sqlite import GedeeldeSQLite

logger = logging.getLogger(__name__)

STANDAARD_BESTAND = "var/locks.sqlite"


class SQLiteLockStore(LockStore):
    """Ticket locks per conversation in one SQLite table, for the processes of one machine."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, db: str | None = None) -> None:
        kwargs = dict(endpoint_config.kwargs) if endpoint_config is not None else {}
        self._bestand = GedeeldeSQLite(
            db or kwargs.get("db") or STANDAARD_BESTAND,
            schema=("CREATE TABLE IF NOT EXISTS locks (conversation_id TEXT PRIMARY KEY, data TEXT NOT NULL)",))
        self.pad = self._bestand.pad
        self._transactie = self._bestand.transactie
        super().__init__()

    @staticmethod
    def _lees(db: sqlite3.Connection, conversation_id: str) -> TicketLock | None:
        rij = db.execute("SELECT data FROM locks WHERE conversation_id = ?",
                         (conversation_id,)).fetchone()
        return TicketLock.from_dict(json.loads(rij[0])) if rij else None

    @staticmethod
    def _schrijf(db: sqlite3.Connection, lock: TicketLock) -> None:
        db.execute("INSERT OR REPLACE INTO locks (conversation_id, data) VALUES (?, ?)",
                   (lock.conversation_id, lock.dumps()))

    # -- Rasa's interface ----------------------------------------------------------------------
    def get_lock(self, conversation_id: str) -> TicketLock | None:
        with self._bestand.lock:
            return self._lees(self._bestand.verbinding(), conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        with self._transactie() as db:
            verwijderd = db.execute("DELETE FROM locks WHERE conversation_id = ?",
                                    (conversation_id,)).rowcount
        self._log_deletion(conversation_id, bool(verwijderd))

    def save_lock(self, lock: TicketLock) -> None:
        with self._transactie() as db:
            self._schrijf(db, lock)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket, read and written in one transaction (no two workers get the same)."""
        try:
            with self._transactie() as db:
                lock = self._lees(db, conversation_id) or self.create_lock(conversation_id)
                ticket = lock.issue_ticket(lock_lifetime)
                self._schrijf(db, lock)
            return ticket
        except Exception as fout:  # noqa: BLE001 - Rasa's contract: a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{fout}") from fout

    def update_lock(self, conversation_id: str) -> None:
        with self._transactie() as db:
            lock = self._lees(db, conversation_id)
            if lock:
                lock.remove_expired_tickets()
                self._schrijf(db, lock)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back; remove the lock when no one else waits (one transaction)."""
        with self._transactie() as db:
            lock = self._lees(db, conversation_id)
            if lock is None:
                return
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                self._schrijf(db, lock)
            else:
                db.execute("DELETE FROM locks WHERE conversation_id = ?", (conversation_id,))

    def aantal(self) -> int:
        """Number of conversations with a lock now (tests, diagnostics)."""
        with self._bestand.lock:
            return int(self._bestand.verbinding().execute("SELECT COUNT(*) FROM locks").fetchone()[0])

