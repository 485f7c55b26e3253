"""Sign-in sessions, CSRF tokens, the sign-in rate limit, security headers and the secret key."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from functools import wraps
from pathlib import Path
from typing import Callable

from flask import abort, current_app, flash, g, redirect, request, session, url_for

from wsp.inbox.models import Gebruiker

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# --- secret key ------------------------------------------------------------------------------------


def geheime_sleutel(pad: Path) -> str:
    """``WSP_INBOX_SECRET``, else a key generated once and kept in ``var/inbox_secret`` (local use)."""
    uit_omgeving = os.environ.get("WSP_INBOX_SECRET", "").strip()
    if uit_omgeving:
        return uit_omgeving
    try:
        return pad.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    pad.parent.mkdir(parents=True, exist_ok=True)
    sleutel = secrets.token_hex(32)
    try:
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process was first
        return pad.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(sleutel)
    return sleutel


# --- CSRF ------------------------------------------------------------------------------------------


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def controleer_csrf() -> None:
    """Every POST carries the session's token in the form field ``csrf_token`` (or ``X-CSRF-Token``)."""
    verwacht = session.get("csrf")
    gegeven = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    if not verwacht or not hmac.compare_digest(gegeven.encode(), verwacht.encode()):
        abort(
            400,
            description="Dit formulier is verlopen of niet door de inbox gemaakt. "
            "Laad de pagina opnieuw en probeer het nog eens.",
        )


# --- sign-in rate limit ----------------------------------------------------------------------------


class Aanmeldbegrenzer:
    """At most ``max_pogingen`` failed sign-ins per (IP address, e-mail) within ``venster`` seconds.

    Kept in memory: with several worker processes each counts for itself."""

    def __init__(self, max_pogingen: int = 5, venster: float = 15 * 60) -> None:
        self.max_pogingen = max_pogingen
        self.venster = venster
        self.klok: Callable[[], float] = time.monotonic
        self._mislukt: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, sleutel: tuple[str, str]) -> deque[float]:
        grens = self.klok() - self.venster
        pogingen = self._mislukt.get(sleutel, deque())
        while pogingen and pogingen[0] <= grens:
            pogingen.popleft()
        if not pogingen:
            self._mislukt.pop(sleutel, None)
        return pogingen

    def geblokkeerd(self, sleutel: tuple[str, str]) -> bool:
        with self._lock:
            return len(self._recent(sleutel)) >= self.max_pogingen

    def mislukt(self, sleutel: tuple[str, str]) -> None:
        with self._lock:
            if len(self._mislukt) > 10_000:  # forget stale entries now and then
                for oud in list(self._mislukt):
                    self._recent(oud)
            pogingen = self._recent(sleutel)
            pogingen.append(self.klok())
            self._mislukt[sleutel] = pogingen

    def gelukt(self, sleutel: tuple[str, str]) -> None:
        with self._lock:
            self._mislukt.pop(sleutel, None)


# --- who is signed in ------------------------------------------------------------------------------


def meld_aan(gebruiker: Gebruiker) -> None:
    session.clear()
    session.permanent = True
    session["gebruiker_id"] = gebruiker.id
    session["versie"] = gebruiker.sessie_versie or 0
    session["sinds"] = int(time.time())
    csrf_token()


def huidige_gebruiker() -> Gebruiker | None:
    """The signed-in person, or None. A session ends after PERMANENT_SESSION_LIFETIME (counted from
    sign-in, not from the last click), on sign-out everywhere, and when the account is disabled."""
    if "gebruiker" in g:
        return g.gebruiker
    g.gebruiker = None
    gebruiker_id = session.get("gebruiker_id")
    if gebruiker_id is None:
        return None
    levensduur = current_app.permanent_session_lifetime.total_seconds()
    if time.time() - session.get("sinds", 0) > levensduur:
        session.clear()
        g.sessie_verlopen = True
        return None
    gebruiker = g.db.get(Gebruiker, gebruiker_id)
    if (
        gebruiker is None
        or not gebruiker.actief
        or session.get("versie") != (gebruiker.sessie_versie or 0)
    ):
        session.clear()
        g.sessie_verlopen = True
        return None
    g.gebruiker = gebruiker
    return gebruiker


def veilige_volgende(doel: str | None) -> str | None:
    """Only paths on this site (no open redirect)."""
    if not doel or not doel.startswith("/") or doel.startswith("//") or "\\" in doel:
        return None
    return doel


def aanmelden_vereist(view: Callable) -> Callable:
    @wraps(view)
    def omhulsel(*args, **kwargs):  # type: ignore[no-untyped-def]
        if huidige_gebruiker() is None:
            if g.get("sessie_verlopen"):
                flash("Uw sessie is verlopen. Meld u opnieuw aan.", "fout")
            volgende = request.full_path if request.query_string else request.path
            return redirect(url_for("pagina.aanmelden", volgende=volgende))
        return view(*args, **kwargs)

    return omhulsel


def beveiligingskoppen(response):  # type: ignore[no-untyped-def]
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static":
        # pages and API answers carry personal data: never keep them in a (shared) cache
        response.headers["Cache-Control"] = "no-store"
    return response
