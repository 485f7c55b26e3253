"""Dated statutory amounts announced without anyone running a command: the outbox worker (always
running, the one process that sends) calls ``misschien_aankondigen`` every round; at most once an
hour it compares ``knowledge/bedragen.yml`` (as the assistant serves it: the last valid version)
with the date and queues the announcements that are due. Announcing is idempotent (one row per
amount in ``aangekondigde_bedragen``), so several workers or a manual
``python -m wsp.publiceren aankondigen`` never announce twice."""

from __future__ import annotations

import logging
import os
import threading
import time

log = logging.getLogger("wsp.abonnementen")

ENV_UIT = "WSP_AANKONDIGEN_UIT"  # "1": only the manual command announces
INTERVAL_SECONDEN = 3600.0

_lock = threading.Lock()
_laatste: float | None = None


def misschien_aankondigen(database_url: str | None = None, nu: float | None = None) -> bool:
    """True when it checked (not whether anything was announced). Never raises."""
    global _laatste
    if (os.environ.get(ENV_UIT) or "").strip().lower() in ("1", "ja", "true", "on"):
        return False
    moment = time.monotonic() if nu is None else nu
    with _lock:
        if _laatste is not None and moment - _laatste < INTERVAL_SECONDEN:
            return False
        _laatste = moment
    try:
        from wsp.abonnementen import service
        from wsp.db import session_factory
        from wsp.regels import default_store

        repository = default_store().current()
        with session_factory(database_url)() as session:
            service.kondig_bedragen_aan(session, inhoud=service.Inhoud.van_repository(repository),
                                        repository=repository)
    except Exception as exc:  # noqa: BLE001 - the outbox must keep delivering
        log.error("event=aankondigen_mislukt fout=%s", type(exc).__name__)
    return True
