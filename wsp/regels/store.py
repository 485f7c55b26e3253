"""Serve the current Repository and reload it when an editor changes a file.

``current()`` is called on every message: between checks it only reads a clock and an
attribute. At most every ``check_interval`` seconds it compares the files' sizes and
modification times; when something changed it reloads in a background thread, and the
current version serves every message until the new one (with its search index) is ready. A
broken edit is logged with the same Dutch text as the CLI, and the last valid Repository
keeps serving. ``reload()`` reloads at once, in the caller's thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from .laden import controleer
from .meldingen import Melding, OngeldigeGegevens
from .namen import KENNIS_MAP, REGELS_MAP
from .repository import Repository

log = logging.getLogger("wsp.regels")

ENV_CONTENT_ROOT = "WSP_CONTENT_ROOT"
Handtekening = tuple[tuple[str, int, int], ...]


def handtekening(root: Path) -> Handtekening:
    """(path, mtime_ns, size) of every YAML file the repository is built from."""
    uit = []
    for map_rel in (KENNIS_MAP, REGELS_MAP):
        stapel = [root / map_rel]
        while stapel:
            map_pad = stapel.pop()
            try:
                items = list(os.scandir(map_pad))
            except OSError:
                continue
            for item in items:
                if item.is_dir():
                    stapel.append(Path(item.path))
                elif item.name.endswith((".yml", ".yaml")):
                    try:
                        st = item.stat()
                    except OSError:
                        continue
                    uit.append((item.path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(uit))


class RuleStore:
    """Thread-safe holder of the last valid Repository under ``root``."""

    def __init__(self, root: Path | str, check_interval: float = 1.0) -> None:
        self.root = Path(root)
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._handtekening = handtekening(self.root)
        uitkomst = controleer(self.root)
        if uitkomst.repository is None:
            for fout in uitkomst.fouten:
                log.error("%s", fout)
            raise OngeldigeGegevens(uitkomst.fouten, uitkomst.waarschuwingen)
        self._repository: Repository = uitkomst.repository
        self._fouten: tuple[Melding, ...] = ()
        self._volgende_controle = time.monotonic() + check_interval
        self._generatie = 0  # of the last valid version checked ...
        self._gediend = 0  # ... and of the one served
        self._wissel_lock = threading.Lock()

    @property
    def last_errors(self) -> tuple[Melding, ...]:
        """The errors in the files on disk (checked like ``current()``); empty when they are valid."""
        self.current()
        return self._fouten

    def current(self) -> Repository:
        if time.monotonic() < self._volgende_controle:
            return self._repository
        if not self._lock.acquire(blocking=False):
            return self._repository  # another thread is checking or reloading right now
        herladen = False
        try:
            self._volgende_controle = time.monotonic() + self.check_interval
            nieuw = handtekening(self.root)
            if nieuw != self._handtekening:
                self._handtekening = nieuw
                # Off the message path: the check and, in the action server, the search index take
                # seconds (more than the action-call timeout on a busy machine); this message and the
                # next ones get the current version until the new one is ready.
                threading.Thread(target=self._reload_en_vrijgeven, name="wsp-regels-herladen", daemon=True).start()
                herladen = True
        finally:
            if not herladen:
                self._lock.release()
        return self._repository

    def _reload_en_vrijgeven(self) -> None:
        """The background reload: the check under the lock (a fraction of a second), the search index
        after releasing it, so a later edit is checked (and a broken one reported) meanwhile."""
        try:
            nieuw = self._controleer()
        finally:
            self._lock.release()
        if nieuw is not None:
            self._wissel(*nieuw)

    def reload(self) -> bool:
        """Reload now, whatever changed, in the caller's thread; True when the files were valid."""
        with self._lock:
            self._handtekening = handtekening(self.root)
            nieuw = self._controleer()
        if nieuw is None:
            return False
        self._wissel(*nieuw)
        return True

    def _controleer(self) -> tuple[Repository, int] | None:
        """Check the files (holding the lock); a valid version gets the next generation number."""
        try:
            uitkomst = controleer(self.root)
        except Exception:  # a bug must not take the assistant down; keep serving
            log.exception("Onverwachte fout bij het herladen van de regelbestanden")
            return None
        if uitkomst.repository is None:
            log.error(
                "Wijziging in de regelbestanden NIET overgenomen; de vorige versie blijft actief. %d fout(en):",
                len(uitkomst.fouten),
            )
            for fout in uitkomst.fouten:
                log.error("%s", fout)
            self._fouten = uitkomst.fouten  # after the log: whoever sees the errors finds them logged
            return None
        self._fouten = ()
        self._generatie += 1
        return uitkomst.repository, self._generatie

    def _wissel(self, repository: Repository, generatie: int) -> None:
        """Serve ``repository`` unless a later valid version came in while its index was built."""
        if "vraag_index" in vars(self._repository):
            # this process searches the answer library (the action server): build the new version's
            # index before the swap, so no question waits for it
            _ = repository.vraag_index
        with self._wissel_lock:
            if generatie < self._gediend:
                return
            self._repository = repository
            self._gediend = generatie
        log.info("Regelbestanden opnieuw geladen uit %s", self.root)


def standaard_root() -> Path:
    """WSP_CONTENT_ROOT, or the repository root (the parent of the ``wsp`` package)."""
    waarde = os.environ.get(ENV_CONTENT_ROOT, "").strip()
    if waarde:
        return Path(waarde)
    return Path(__file__).resolve().parent.parent.parent


_standaard: RuleStore | None = None
_standaard_lock = threading.Lock()


def default_store() -> RuleStore:
    """The process-wide RuleStore on ``standaard_root()``, created on first use."""
    global _standaard
    if _standaard is None:
        with _standaard_lock:
            if _standaard is None:
                _standaard = RuleStore(standaard_root())
    return _standaard
