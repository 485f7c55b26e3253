"""On-disk queue for handovers that could not be stored because the database was unavailable.

When ``service.overdracht_vanuit_gesprek`` cannot reach the handover database, it writes the
handover request (``service.OverdrachtVerzoek.als_dict``: checked and redacted) to one JSON file in
the queue folder and tells the employer the handover is on its way. The outbox worker drains the
folder each round (``verwerk_wachtrij``): it stores each file with ``service.sla_wachtrij_op``
(which rebuilds the request through ``OverdrachtVerzoek.uit_dict``, checking it again) and removes
it; the mail and webhook then go out as usual. Nothing is lost when a process dies:

- a file is written to a temporary name, flushed and ``fsync``-ed, then renamed (atomic), with
  mode 0600 (it holds contact details);
- the file name is derived from ``gesprek_id`` + ``toestemming_op``, so writing the same handover
  twice gives one file, and storing it twice gives one handover (``sla_overdracht_op`` is
  idempotent on the same pair, also when the first attempt did reach the database after all);
- a file is removed only after its transaction committed; while the database is still away the
  files stay for the next round. A file that can never be stored (unreadable, invalid) is moved to
  ``kapot/`` and logged, so it does not block the others.

Folder: ``WSP_WACHTRIJ_MAP`` (default ``var/wachtrij``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from wsp.db import REPO_ROOT

log = logging.getLogger(__name__)

ENV_WACHTRIJ = "WSP_WACHTRIJ_MAP"
KAPOT = "kapot"


def wachtrij_map(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    waarde = (env.get(ENV_WACHTRIJ) or "").strip()
    pad = Path(waarde) if waarde else REPO_ROOT / "var" / "wachtrij"
    return pad if pad.is_absolute() else REPO_ROOT / pad


def is_database_weg(exc: BaseException) -> bool:
    """True for errors that mean "the database cannot be reached right now"."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def bestandsnaam(gesprek_id: str, toestemming_op: datetime | str) -> str:
    moment = toestemming_op.isoformat() if isinstance(toestemming_op, datetime) else toestemming_op
    return hashlib.sha256(f"{gesprek_id}\x00{moment}".encode()).hexdigest()[:32] + ".json"


def zet_in_wachtrij(gegevens: Mapping[str, Any], map_: Path | None = None) -> Path:
    """Write one handover atomically (0600); returns the file. ``gegevens`` is the JSON form of
    the handover request (``OverdrachtVerzoek.als_dict``: ``toestemming_op`` and ``nu`` as ISO
    strings, ``contact`` as a dict)."""
    map_ = map_ or wachtrij_map()
    map_.mkdir(parents=True, exist_ok=True)
    os.chmod(map_, 0o700)
    doel = map_ / bestandsnaam(gegevens["gesprek_id"], gegevens["toestemming_op"])
    inhoud = json.dumps(dict(gegevens), ensure_ascii=False, sort_keys=True).encode("utf-8")
    fd, tijdelijk = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=map_)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(inhoud)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tijdelijk, 0o600)
        os.replace(tijdelijk, doel)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(map_, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    log.warning("event=overdracht_in_wachtrij bestand=%s", doel.name)
    return doel


def al_in_wachtrij(gesprek_id: str, toestemming_op: datetime | str,
                   map_: Path | None = None) -> dict[str, Any] | None:
    """The queued handover for this conversation and consent, if there is one."""
    pad = (map_ or wachtrij_map()) / bestandsnaam(gesprek_id, toestemming_op)
    try:
        return lees(pad)
    except (OSError, ValueError):
        return None


def bestanden(map_: Path | None = None) -> list[Path]:
    """Queued handovers, oldest first."""
    map_ = map_ or wachtrij_map()
    if not map_.is_dir():
        return []
    gevonden = [p for p in map_.glob("*.json") if p.is_file()]
    return sorted(gevonden, key=lambda p: (p.stat().st_mtime, p.name))


def lees(pad: Path) -> dict[str, Any]:
    gegevens = json.loads(pad.read_text(encoding="utf-8"))
    if not isinstance(gegevens, dict) or not gegevens.get("gesprek_id"):
        raise ValueError("geen overdracht")
    return gegevens


def alle(map_: Path | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    for pad in bestanden(map_):
        try:
            yield pad, lees(pad)
        except (OSError, ValueError):
            continue


def _apart_zetten(pad: Path, reden: str) -> None:
    kapot = pad.parent / KAPOT
    kapot.mkdir(exist_ok=True)
    os.replace(pad, kapot / pad.name)
    log.error("event=wachtrij_bestand_kapot bestand=%s reden=%s", pad.name, reden)


def verwerk_wachtrij(opslaan: Callable[[dict[str, Any]], Any], map_: Path | None = None) -> int:
    """Store every queued handover with ``opslaan(gegevens)``; remove a file once stored.
    Stops at the first "database away" error (the rest waits for the next round).
    Returns how many were stored."""
    opgeslagen = 0
    for pad in bestanden(map_):
        try:
            gegevens = lees(pad)
        except FileNotFoundError:
            continue  # another worker just stored it
        except (OSError, ValueError) as exc:
            _apart_zetten(pad, type(exc).__name__)
            continue
        try:
            opslaan(gegevens)
        except Exception as exc:
            if is_database_weg(exc):
                log.warning("event=wachtrij_wacht_op_database bestanden=%d", len(bestanden(map_)))
                break
            _apart_zetten(pad, type(exc).__name__)
            continue
        pad.unlink(missing_ok=True)
        opgeslagen += 1
        log.info("event=wachtrij_overdracht_opgeslagen gesprek_bestand=%s", pad.name)
    return opgeslagen
