"""Waiting for something another thread or process does."""

from __future__ import annotations

import time
from typing import Any, Callable


def wait_until(condition: Callable[[], Any], timeout: float = 30.0, step: float = 0.2) -> Any:
    """Call ``condition`` until it returns something truthy and return that; fails the test after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout:.0f} s")
        time.sleep(step)
