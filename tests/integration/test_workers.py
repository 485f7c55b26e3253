"""Two Rasa worker processes, as ``make run`` starts them (wsp.devstack ``rasa_workers``): both
serve, they share the SQLite lock store, so one conversation's messages are processed one at a
time even when they arrive at once at different workers, and nothing is lost or interleaved."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from wsp.devstack import procesboom

pytestmark = pytest.mark.stack

VRAGEN = ["Wat is het doelgroepregister?", "Hoe lang duurt de no-riskpolis?",
          "Wie betaalt de jobcoach?", "Wat is een proefplaatsing?", "Wat is loonkostensubsidie?",
          "Wat is het lage-inkomensvoordeel?"]


def test_rasa_runs_two_workers_with_the_shared_lock_store(stack) -> None:
    config = stack.stack.config
    assert config.rasa_workers == 2
    workers = procesboom(stack.stack.processes["rasa"].pid)[1:]
    assert len(workers) == 2, workers
    endpoints = (config.var_dir / "endpoints.generated.yml").read_text()
    assert "assistant.addons.lock_store.SQLiteLockStore" in endpoints
    assert (config.var_dir / "locks.sqlite").exists()


def test_one_conversation_at_once_on_both_workers_loses_nothing(stack) -> None:
    """Twelve messages of one conversation sent at the same moment over separate connections
    (so both workers get some): every one is answered, the tracker holds each once, and every
    answer follows its own question (no two turns interleaved)."""
    sender = stack.new_sender("workers")
    berichten = [VRAGEN[n % len(VRAGEN)] + f" (vraag {n})" for n in range(12)]
    with ThreadPoolExecutor(max_workers=len(berichten)) as pool:
        antwoorden = list(pool.map(lambda tekst: stack.say(sender, tekst), berichten))
    assert all(antwoorden), antwoorden
    events = stack.tracker(sender)["events"]
    gezegd = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(gezegd) == sorted(berichten)
    # between two messages of the employer the assistant answered the first, before the second
    # began: a user event is always followed by its own actions up to action_listen
    volgorde = [e["event"] if e["event"] != "action" else e.get("name") for e in events
                if e["event"] in ("user", "action")]
    for i, soort in enumerate(volgorde):
        if soort == "user" and i > 0:
            assert volgorde[i - 1] == "action_listen", volgorde[max(0, i - 4): i + 1]
    # the lock store is empty again: no conversation left locked
    with sqlite3.connect(stack.stack.config.var_dir / "locks.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM locks").fetchone()[0] == 0
