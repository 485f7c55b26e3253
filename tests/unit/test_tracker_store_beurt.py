"""The redacting tracker store reads and writes what Rasa's SQL tracker store does (same rows, same
session semantics), with fewer round trips: only the current session is read, only new events are
written, and nothing is written twice however often a tracker is saved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.addons.tracker_store import RedactingSQLTrackerStore
from tests.support.coroutines import run_coroutine

DOMAIN = Domain.from_dict({"slots": {"gemeente": {"type": "text", "mappings": [{"type": "custom"}]}}})


def _beurt(tracker: DialogueStateTracker, tekst: str, t: float) -> None:
    tracker.update(UserUttered(tekst, intent={"name": "ask_regeling", "confidence": 1.0},
                               timestamp=t))
    tracker.update(ActionExecuted("action_beantwoord_vraag", timestamp=t + 0.1))
    tracker.update(BotUttered(f"Antwoord op {tekst}", timestamp=t + 0.2))
    tracker.update(ActionExecuted("action_listen", timestamp=t + 0.3))


def _twee_sessies() -> DialogueStateTracker:
    tracker = DialogueStateTracker("gesprek-1", DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start", timestamp=1.0))
    tracker.update(SessionStarted(timestamp=1.0))
    tracker.update(ActionExecuted("action_listen", timestamp=1.0))
    _beurt(tracker, "Wat is de no-riskpolis?", 2.0)
    tracker.update(SlotSet("gemeente", "arnhem", timestamp=3.0))
    tracker.update(ActionExecuted("action_session_start", timestamp=100.0))
    tracker.update(SessionStarted(timestamp=100.0))
    tracker.update(SlotSet("gemeente", "arnhem", timestamp=100.0))
    tracker.update(ActionExecuted("action_listen", timestamp=100.0))
    _beurt(tracker, "Hoe lang duurt de no-riskpolis?", 101.0)
    return tracker


def _rijen(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                            "FROM events ORDER BY id").fetchall()


def test_zelfde_rijen_en_sessies_als_rasa(tmp_path: Path) -> None:
    ons_db, rasa_db = tmp_path / "ons.sqlite", tmp_path / "rasa.sqlite"
    ons = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(ons_db))
    rasa = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(rasa_db))
    run_coroutine(ons.save(_twee_sessies()))
    run_coroutine(rasa.save(_twee_sessies()))
    assert _rijen(ons_db) == _rijen(rasa_db)

    # only the latest session is loaded, as Rasa does; the full tracker has both sessions
    for ophalen in ("retrieve", "retrieve_full_tracker"):
        geladen = run_coroutine(getattr(ons, ophalen)("gesprek-1"))
        verwacht = run_coroutine(getattr(rasa, ophalen)("gesprek-1"))
        assert [e.as_dict() for e in geladen.events] == [e.as_dict() for e in verwacht.events]
        assert geladen.current_slot_values() == verwacht.current_slot_values()
    assert len(run_coroutine(ons.retrieve("gesprek-1")).events) == 8
    assert run_coroutine(ons.retrieve("onbekend")) is None


def test_alleen_nieuwe_events_en_nooit_dubbel(tmp_path: Path) -> None:
    db = tmp_path / "tracker.sqlite"
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))
    run_coroutine(store.save(_twee_sessies()))
    assert len(_rijen(db)) == 16

    tracker = run_coroutine(store.retrieve("gesprek-1"))
    _beurt(tracker, "Wie betaalt de jobcoach?", 200.0)
    run_coroutine(store.save(tracker))
    run_coroutine(store.save(tracker))  # saving again writes nothing
    _beurt(tracker, "En in Velp?", 300.0)
    run_coroutine(store.save(tracker))
    rijen = _rijen(db)
    assert len(rijen) == 24
    teksten = [r[5] for r in rijen if r[1] == "user"]
    assert sum("Wie betaalt de jobcoach?" in t for t in teksten) == 1

    # a tracker the store did not load (e.g. built by the REST API from the current session) is
    # compared with the database, as Rasa's store does
    vreemd = run_coroutine(store.retrieve("gesprek-1"))
    vreemd = DialogueStateTracker.from_events("gesprek-1", list(vreemd.events), DOMAIN.slots)
    _beurt(vreemd, "Bedankt", 400.0)
    run_coroutine(store.save(vreemd))
    assert len(_rijen(db)) == 28
    assert [e.as_dict() for e in run_coroutine(store.retrieve("gesprek-1")).events] == [
        e.as_dict() for e in vreemd.events
    ]


def test_sqlite_schrijft_met_write_ahead_log(tmp_path: Path) -> None:
    db = tmp_path / "tracker.sqlite"
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))
    run_coroutine(store.save(_twee_sessies()))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # the session query reads only the conversation's session starts and current events
        indexen = {r[1] for r in conn.execute("PRAGMA index_list(events)")}
        assert "ix_wsp_events_sessie" in indexen
    # a read-only reader (as wsp.inzichten opens it) sees every committed row
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as lezer:
        assert lezer.execute("SELECT count(*) FROM events").fetchone()[0] == 16
