"""A SQLite file that the Rasa worker processes of one machine share (the lock store and the chat's
rate limits): one connection per process (Sanic forks its workers after these objects are built,
and a connection must not cross a fork), write-ahead logging, and write transactions that other
processes wait for."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class GedeeldeSQLite:
    def __init__(self, pad: str | Path, synchronous: str = "NORMAL", schema: tuple[str, ...] = ()) -> None:
        self.pad = Path(pad)
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        self._synchronous = synchronous
        self._verbinding: sqlite3.Connection | None = None
        self._pid = 0
        self.lock = threading.Lock()  # one statement sequence at a time within the process
        with self.transactie() as db:
            for opdracht in schema:
                db.execute(opdracht)

    def verbinding(self) -> sqlite3.Connection:
        """This process's connection (callers hold ``lock``)."""
        if self._verbinding is None or self._pid != os.getpid():
            db = sqlite3.connect(self.pad, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={self._synchronous}")
            self._verbinding, self._pid = db, os.getpid()
        return self._verbinding

    @contextmanager
    def transactie(self) -> Iterator[sqlite3.Connection]:
        """One write transaction that other processes wait for (``BEGIN IMMEDIATE``)."""
        with self.lock:
            db = self.verbinding()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
