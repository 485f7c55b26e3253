"""PostgreSQL and Redis for the tests that need them.

In CI (``CI=true``) a server that does not answer makes the test fail: a green run must mean the
PostgreSQL and Redis paths ran. Elsewhere the test is skipped, with the reason and the command that
starts the servers (``make services``)."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import Any, Iterator, NoReturn

import pytest

PG_ADMIN_URL = os.environ.get("WSP_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("WSP_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")

# Markers of tests that need a server; in CI a skip of such a test is turned into a failure
# (tests/conftest.py), whoever wrote the skip.
SERVICE_MARKERS = ("postgres", "redis")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(service: str, reason: str) -> NoReturn:
    """Fail (CI) or skip (elsewhere) the current test because ``service`` does not answer."""
    if in_ci():
        pytest.fail(
            f"{service} is not reachable in CI: {reason}. CI must run every PostgreSQL and Redis "
            "test; 'make test' starts both ('make services').",
            pytrace=False,
        )
    pytest.skip(f"{service} is not reachable: {reason} (start it with 'make services')")


def postgres_admin(url: str = PG_ADMIN_URL) -> Any:
    """An autocommit psycopg2 connection to the admin database (to create and drop databases)."""
    try:
        import psycopg2

        admin = psycopg2.connect(url, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any reason means: not reachable
        unavailable("PostgreSQL", f"{url}: {type(exc).__name__}: {exc}".strip())
    admin.autocommit = True
    return admin


def database_url(name: str, admin_url: str = PG_ADMIN_URL) -> str:
    return f"{admin_url.rsplit('/', 1)[0]}/{name}"


@contextmanager
def postgres_database(prefix: str = "wsp_test", admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """A new, empty PostgreSQL database for the duration of the block (dropped afterwards, also
    when connections are still open)."""
    admin = postgres_admin(admin_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    url = database_url(name, admin_url)
    try:
        yield url
    finally:
        from wsp.db import engine_for

        engine_for(url).dispose()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def redis_client(url: str = REDIS_URL) -> Any:
    """A connected redis-py client."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=3)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        unavailable("Redis", f"{url}: {type(exc).__name__}: {exc}")
    return client
