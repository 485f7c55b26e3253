"""Reading the data, read-only, with SQLAlchemy Core: Rasa's tracker table ``events`` and the
handover table ``overdrachten``. No Rasa import: the columns are declared here as Rasa's
``SQLTrackerStore`` creates them (id, sender_id, type_name, timestamp, intent_name, action_name, data).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from wsp.db import REPO_ROOT
from wsp.overdracht.models import Overdracht

from .periode import Periode, van_timestamp

ENV_TRACKER_URL = "WSP_TRACKER_DATABASE_URL"
STANDAARD_TRACKER_URL = f"sqlite:///{REPO_ROOT / 'var' / 'tracker.sqlite'}"

# What the reports need; other event types (user_featurization, ...) are not read.
SOORTEN = ("user", "bot", "action", "slot", "session_started", "active_loop", "restart")
MARGE = timedelta(days=1)  # read a day around the period: sessions and handovers cross midnight

EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

_OVERDRACHTEN = Overdracht.__table__


class BronFout(RuntimeError):
    """A Dutch message: a database cannot be read."""


def tracker_url() -> str:
    return os.environ.get(ENV_TRACKER_URL, "").strip() or STANDAARD_TRACKER_URL


def _veilig(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(onleesbare database-URL)"


@lru_cache(maxsize=8)
def alleen_lezen(url: str) -> Engine:
    """An engine that cannot write: SQLite opened with ``mode=ro``, PostgreSQL sessions with
    ``default_transaction_read_only``. A missing SQLite file is an error, not a new empty file."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise BronFout(f"'{url}' is geen geldige database-URL.") from None
    backend = u.get_backend_name()
    try:
        if backend == "sqlite":
            if not u.database or u.database == ":memory:":
                raise BronFout("Een SQLite-database in het geheugen kan niet worden gelezen.")
            pad = Path(u.database).resolve()
            if not pad.is_file():
                raise BronFout(f"De database {pad} bestaat niet.")
            return create_engine(
                f"sqlite:///file:{quote(pad.as_posix())}?mode=ro&uri=true",
                future=True,
                connect_args={"check_same_thread": False, "timeout": 30},
            )
        if backend == "postgresql":
            return create_engine(
                u,
                future=True,
                pool_pre_ping=True,
                connect_args={"options": "-c default_transaction_read_only=on"},
            )
        return create_engine(u, future=True, pool_pre_ping=True)
    except NoSuchModuleError:
        raise BronFout(f"Onbekend databasetype in {_veilig(url)}.") from None


@dataclass(frozen=True)
class Event:
    """One row of ``events``; ``data`` is parsed only for the types that need it."""

    sender_id: str
    soort: str
    moment: datetime  # UTC, aware
    intent: str | None
    actie: str | None  # action name; for slot events Rasa stores the slot name here
    data: dict[str, Any]


_MET_DATA = {"user", "bot", "slot", "active_loop"}  # bot: to recognise "Bedoelt u...?" and its buttons


def _data(soort: str, tekst: str | None) -> dict[str, Any]:
    if soort not in _MET_DATA or not tekst:
        return {}
    try:
        waarde = json.loads(tekst)
    except ValueError:
        return {}
    return waarde if isinstance(waarde, dict) else {}


def lees_events(engine: Engine, periode: Periode) -> Iterator[Event]:
    """Events of the period (plus a day on each side), warm-up conversations (sender ids starting
    with ``__``) left out, ordered per conversation."""
    e = EVENTS.c
    vraag = (
        select(e.sender_id, e.type_name, e.timestamp, e.intent_name, e.action_name, e.data)
        .where(
            e.timestamp >= (periode.begin_utc - MARGE).timestamp(),
            e.timestamp < (periode.eind_utc + MARGE).timestamp(),
            e.type_name.in_(SOORTEN),
            ~e.sender_id.startswith("__", autoescape=True),
        )
        .order_by(e.sender_id, e.id)
    )
    try:
        with engine.connect() as conn:
            resultaat = conn.execution_options(stream_results=True).execute(vraag)
            for sender_id, soort, ts, intent, actie, data in resultaat:
                if ts is None:
                    continue
                yield Event(sender_id, soort, van_timestamp(ts), intent, actie, _data(soort, data))
    except DBAPIError as fout:
        raise BronFout(
            "De gesprekken kunnen niet worden gelezen uit "
            f"{_veilig(str(engine.url))}: {_eerste_regel(fout)}"
        ) from None


@dataclass(frozen=True)
class OverdrachtRij:
    """The columns of a handover the reports use: no names, addresses or free text."""

    gesprek_id: str
    reden: str
    gemeente: str | None
    regelingen: tuple[str, ...]
    status: str
    aangemaakt_op: datetime  # naive UTC, as stored
    eerste_contact_op: datetime | None


def lees_overdrachten(verbinding: Any, periode: Periode) -> list[OverdrachtRij]:
    """Handovers made in the period (plus a day on each side). ``verbinding`` is a SQLAlchemy
    Connection or Session on the handover database."""
    o = _OVERDRACHTEN.c
    begin = (periode.begin_utc - MARGE).replace(tzinfo=None)
    eind = (periode.eind_utc + MARGE).replace(tzinfo=None)
    vraag = (
        select(o.gesprek_id, o.reden, o.gemeente, o.regelingen, o.status, o.aangemaakt_op,
               o.eerste_contact_op)
        .where(o.aangemaakt_op >= begin, o.aangemaakt_op < eind)
        .order_by(o.aangemaakt_op, o.id)
    )
    try:
        rijen = verbinding.execute(vraag).all()
    except DBAPIError as fout:
        raise BronFout(f"De overdrachten kunnen niet worden gelezen: {_eerste_regel(fout)}") from None
    uit = []
    for gesprek_id, reden, gemeente, regelingen, status, aangemaakt, contact in rijen:
        if isinstance(regelingen, str):  # JSON as text on some back ends
            try:
                regelingen = json.loads(regelingen)
            except ValueError:
                regelingen = []
        uit.append(
            OverdrachtRij(
                gesprek_id=gesprek_id,
                reden=reden,
                gemeente=gemeente or None,
                regelingen=tuple(r for r in (regelingen or []) if isinstance(r, str)),
                status=status,
                aangemaakt_op=aangemaakt,
                eerste_contact_op=contact,
            )
        )
    return uit


def _eerste_regel(fout: DBAPIError) -> str:
    tekst = str(fout.orig) if fout.orig is not None else str(fout)
    return tekst.strip().splitlines()[0] if tekst.strip() else type(fout).__name__
