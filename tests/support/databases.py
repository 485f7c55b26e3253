"""Fresh databases per test: a SQLite file, and a new PostgreSQL database (see ``services``)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.services import postgres_database


def _dispose(url: str) -> None:
    from wsp.db import engine_for

    engine_for(url).dispose()


@contextmanager
def database(kind: str, tmp_dir: Path, prefix: str = "wsp_test") -> Iterator[str]:
    """The URL of a new, empty database of ``kind`` ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_dir / 'wsp-test.sqlite'}"
        try:
            yield url
        finally:
            _dispose(url)
        return
    with postgres_database(prefix) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file, and a new PostgreSQL database."""
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'wsp-unit.sqlite'}"
    yield url
    _dispose(url)
