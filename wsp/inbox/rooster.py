"""The accountmanager roster (``regional_rules/accountmanagers.yml``) as the inbox needs it.

Parsing is ``wsp.overdracht.toewijzing.Roster``'s job; this wrapper only re-reads the file when it
changes and tolerates a missing or broken file: the inbox keeps working and shows ids instead of names.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import yaml

from wsp.overdracht.toewijzing import ROSTER_PATH, Accountmanager, Roster

log = logging.getLogger(__name__)


class Rooster:
    def __init__(self, pad: Path | str | None = None) -> None:
        self.pad = Path(pad) if pad else ROSTER_PATH
        self._lock = threading.Lock()
        self._mtime: float | None = None
        self._inhoud: dict[str, Accountmanager] = {}
        self._organisatie: dict = {}

    def alle(self) -> dict[str, Accountmanager]:
        try:
            mtime = self.pad.stat().st_mtime
        except OSError:
            return {}
        with self._lock:
            if mtime != self._mtime:
                try:
                    roster = Roster.from_file(self.pad)
                    self._inhoud = dict(roster.accountmanagers)
                    self._organisatie = dict(roster.organisatie)
                except (
                    OSError,
                    ValueError,
                    TypeError,
                    AttributeError,
                    KeyError,
                    yaml.YAMLError,
                ) as fout:
                    # keep the last good version; the editors' check command reports the details
                    log.warning("event=rooster_onleesbaar pad=%s fout=%s", self.pad, fout)
                self._mtime = mtime
            return dict(self._inhoud)

    def organisatie_naam(self) -> str | None:
        """``organisatie.naam`` from the roster file (the WSP becomes a Werkcentrum from 2026)."""
        self.alle()
        naam = self._organisatie.get("naam")
        return str(naam) if naam else None

    def bestaat(self) -> bool:
        return self.pad.exists()

    def naam(self, am_id: str | None) -> str:
        if not am_id:
            return ""
        if am_id == "assistent":
            return "de assistent"
        if am_id == "werkgever":
            return "de werkgever"
        am = self.alle().get(am_id)
        return am.naam if am else am_id
