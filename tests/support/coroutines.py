"""Run a coroutine to completion from synchronous test code.

Playwright's sync API (the session-scoped browser of tests/browser) keeps an event loop running in
the main thread, where ``asyncio.run`` refuses to start; a short-lived thread has none."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
