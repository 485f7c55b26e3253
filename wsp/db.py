"""Database plumbing shared by the action server, the outbox worker and the inbox.

One URL setting (``WSP_DATABASE_URL``) switches between the embedded SQLite default and PostgreSQL.
SQLAlchemy 1.4 is used in its 2.0 style (``future=True``).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

# Every table model, so that an engine creates all tables (the models import only wsp.orm).
import wsp.abonnementen.models  # noqa: F401
import wsp.inbox.models  # noqa: F401
import wsp.overdracht.models  # noqa: F401
from wsp.orm import Base

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{REPO_ROOT / 'var' / 'wsp.sqlite'}"


def database_url() -> str:
    return os.environ.get("WSP_DATABASE_URL", DEFAULT_URL)


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, future=True, connect_args={"check_same_thread": False, "timeout": 30}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL per process; tables are created on first use."""
    engine = make_engine(url)
    for poging in range(5):
        try:
            Base.metadata.create_all(engine)
            voeg_kolommen_toe(engine)
            break
        except OperationalError:
            # another process (inbox, outbox worker, action server all start together) created
            # a table at the same moment: check again
            if poging == 4:
                raise
            time.sleep(0.2 * (poging + 1))
    return engine


def voeg_kolommen_toe(engine: Engine) -> list[str]:
    """Add the columns a newer model has and an existing database lacks (``create_all`` makes
    missing tables, never missing columns). Only nullable columns are added this way, which is how
    the models grow; a required column needs a real migration and stops the start with a message.
    Safe when several processes start at once. Returns ``table.column`` of what was added."""
    toegevoegd: list[str] = []
    postgres = engine.dialect.name == "postgresql"
    quote = engine.dialect.identifier_preparer.quote
    for tabel in Base.metadata.sorted_tables:
        inspector = inspect(engine)
        if not inspector.has_table(tabel.name):
            continue
        bestaand = {kolom["name"] for kolom in inspector.get_columns(tabel.name)}
        for kolom in tabel.columns:
            if kolom.name in bestaand:
                continue
            if not kolom.nullable or kolom.primary_key:
                raise RuntimeError(
                    f"De database mist de verplichte kolom {tabel.name}.{kolom.name}; "
                    "die kan niet automatisch worden toegevoegd."
                )
            soort = kolom.type.compile(dialect=engine.dialect)
            ddl = (
                f"ALTER TABLE {quote(tabel.name)} ADD COLUMN "
                f"{'IF NOT EXISTS ' if postgres else ''}{quote(kolom.name)} {soort}"
            )
            try:
                with engine.begin() as conn:
                    conn.execute(text(ddl))
            except (OperationalError, ProgrammingError):
                # another process added it at the same moment (SQLite: "duplicate column")
                namen = {k["name"] for k in inspect(engine).get_columns(tabel.name)}
                if kolom.name not in namen:
                    raise
            toegevoegd.append(f"{tabel.name}.{kolom.name}")
    return toegevoegd


def session_factory(url: str | None = None) -> sessionmaker:
    return sessionmaker(bind=engine_for(url or database_url()), future=True, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: commits on success, rolls back on error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
