"""Test tiers and shared fixtures.

Tiers (pyproject.toml declares the markers):
- ``process``: the test starts another process (Rasa, the action server, ``wsp.devstack``, a
  server or CLI run as a subprocess, a browser). ``stack`` and ``browser`` imply it, and so do the
  fixtures ``stack``, ``chromium`` and ``static_site``. A test without
  the marker that tries to start a process fails and says so, so ``make test-fast``
  (``-m "not process"``) never waits for one.
- ``postgres`` / ``redis``: the test needs that server. In CI (``CI=true``) a skip of such a test is
  a failure; elsewhere it is skipped with the reason (``tests/support/services.py``).

Shared helpers live in ``tests/support/``.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, settings

# Assertions in the shared helpers get pytest's detailed messages too.
pytest.register_assert_rewrite("tests.support")

# Property tests check what the code does, not how fast a shared machine runs it: no per-example
# deadline and no "too slow" health check (a test's own @settings still sets its examples).
settings.register_profile("wsp", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("wsp")

from tests.support.services import SERVICE_MARKERS, in_ci  # noqa: E402

pytest_plugins = [
    "tests.support.stack",
    "tests.support.smtp",
    "tests.support.webhook",
    "tests.support.databases",
    "tests.support.overdracht",
]

# Markers and fixtures that mean "starts a process" by themselves.
IMPLIES_PROCESS = ("stack", "browser")
PROCESS_FIXTURES = frozenset({"stack", "chromium", "static_site"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("process"):
            continue
        if any(item.get_closest_marker(m) for m in IMPLIES_PROCESS) or (
            PROCESS_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.process)


@contextmanager
def _processes_refused(item: pytest.Item) -> Iterator[None]:
    """While an unmarked test sets up and runs, starting a process fails the test."""
    if item.get_closest_marker("process"):
        yield
        return

    def refuse(*args: Any, **kwargs: Any) -> Any:
        pytest.fail(
            f"{item.nodeid} starts a process but is not marked: add @pytest.mark.process "
            "(or stack/browser) so that 'make test-fast' leaves it out.",
            pytrace=False,
        )

    saved = (subprocess.Popen._execute_child, os.fork, os.system)  # type: ignore[attr-defined]
    subprocess.Popen._execute_child = refuse  # type: ignore[attr-defined,assignment]
    os.fork = refuse  # type: ignore[assignment]
    os.system = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        subprocess.Popen._execute_child, os.fork, os.system = saved  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _processes_refused(item):
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _processes_refused(item):
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """In CI a PostgreSQL or Redis test that skipped (whatever skipped it) is a failure."""
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and in_ci()) or hasattr(report, "wasxfail"):
        return
    needs = [m for m in SERVICE_MARKERS if item.get_closest_marker(m)]
    if not needs:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (
        f"{item.nodeid} needs {' and '.join(needs)} and was skipped in CI ({reason}); "
        "CI must run it: 'make services' starts PostgreSQL and Redis."
    )
