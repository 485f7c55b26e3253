"""The SQLite lock store (assistant/addons/lock_store.py) that Rasa's worker processes share: it
serves a conversation's messages one at a time across processes, hands out every ticket once, and
removes a conversation's lock when nobody waits. Over HTTP with two workers:
tests/integration/test_workers.py."""

from __future__ import annotations

import asyncio
import multiprocessing
from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from assistant.addons.lock_store import SQLiteLockStore
from tests.support.coroutines import run_coroutine


def test_created_from_the_endpoints_file_like_rasa_does(tmp_path: Path) -> None:
    config = EndpointConfig(type="assistant.addons.lock_store.SQLiteLockStore",
                            db=str(tmp_path / "locks.sqlite"))
    store = LockStore.create(config)
    assert isinstance(store, SQLiteLockStore)
    assert store.pad == tmp_path / "locks.sqlite" and store.pad.exists()


def test_tickets_in_order_and_the_lock_goes_when_nobody_waits(tmp_path: Path) -> None:
    store = SQLiteLockStore(db=str(tmp_path / "locks.sqlite"))
    eerste = store.issue_ticket("gesprek-1")
    tweede = store.issue_ticket("gesprek-1")
    assert (eerste, tweede) == (0, 1)
    lock = store.get_lock("gesprek-1")
    assert lock is not None and not lock.is_locked(eerste) and lock.is_locked(tweede)
    store.cleanup("gesprek-1", eerste)
    lock = store.get_lock("gesprek-1")
    assert lock is not None and not lock.is_locked(tweede)  # the second's turn now
    store.cleanup("gesprek-1", tweede)
    assert store.get_lock("gesprek-1") is None and store.aantal() == 0


def test_a_second_message_waits_for_the_first(tmp_path: Path) -> None:
    store = SQLiteLockStore(db=str(tmp_path / "locks.sqlite"))
    volgorde: list[str] = []

    async def bericht(naam: str, duur: float) -> None:
        async with store.lock("gesprek-2", wait_time_in_seconds=0.01):
            volgorde.append(f"{naam} begint")
            await asyncio.sleep(duur)
            volgorde.append(f"{naam} klaar")

    async def beide() -> None:
        await asyncio.gather(bericht("eerste", 0.1), bericht("tweede", 0.0))

    run_coroutine(beide())
    assert volgorde == ["eerste begint", "eerste klaar", "tweede begint", "tweede klaar"]
    assert store.aantal() == 0


def _tickets(pad: str, aantal: int, uit: multiprocessing.Queue) -> None:
    store = SQLiteLockStore(db=pad)
    uit.put([store.issue_ticket("gedeeld") for _ in range(aantal)])


@pytest.mark.process
def test_two_processes_never_get_the_same_ticket(tmp_path: Path) -> None:
    """Rasa's Redis store reads and writes a lock in two steps; this one in one transaction."""
    pad = str(tmp_path / "locks.sqlite")
    SQLiteLockStore(db=pad)  # the table, before the processes race to make it
    context = multiprocessing.get_context("fork")  # as Sanic starts its workers
    uit = context.Queue()
    processen = [context.Process(target=_tickets, args=(pad, 50, uit)) for _ in range(2)]
    for p in processen:
        p.start()
    tickets = uit.get(timeout=60) + uit.get(timeout=60)
    for p in processen:
        p.join(timeout=60)
    assert sorted(tickets) == list(range(100))
