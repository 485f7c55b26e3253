"""Sign-in sessions, CSRF tokens, the sign-in rate limit, security headers and the secret key."""

from __future__ import annotations

import hmac
import os
import re
import secrets
import threading
import time
from functools import wraps
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

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


# --- sign-in throttling ----------------------------------------------------------------------------


class Aanmeldbegrenzer:
    """Growing delays after failed sign-ins, counted per account (e-mail address) and per client
    address, instead of a hard lockout.

    An account may fail ``max_pogingen`` times, an address ``vrij_per_adres`` times, without
    delay; after that each further failure doubles the time before the next attempt is even
    checked (1, 2, 4, 8 ... seconds), up to ``max_wacht_account`` for an account (so whoever
    tries someone else's password can delay that person by one minute at most, never lock them
    out) and ``max_wacht_adres`` for an address (password spraying over many accounts from one
    address slows down to one guess per 15 minutes). Failures are forgotten ``venster`` seconds
    after the last one; a successful sign-in clears the account's count, not the address's.
    An address from which the account signed in before (in this process) is not delayed by the
    account's count, only by its own: someone failing on purpose elsewhere cannot keep the
    accountmanager out.

    Kept in memory: with several worker processes each counts for itself."""

    def __init__(self, max_pogingen: int = 3, venster: float = 60 * 60,
                 vrij_per_adres: int = 10, max_wacht_account: float = 60,
                 max_wacht_adres: float = 15 * 60) -> None:
        self.max_pogingen = max_pogingen
        self.venster = venster
        self.vrij_per_adres = vrij_per_adres
        self.max_wacht_account = max_wacht_account
        self.max_wacht_adres = max_wacht_adres
        self.klok: Callable[[], float] = time.monotonic
        # key -> (failures, moment of the last failure)
        self._mislukt: dict[tuple[str, str], tuple[int, float]] = {}
        self._bekend: dict[str, set[str]] = {}  # account -> addresses it signed in from
        self._lock = threading.Lock()

    def _stand(self, sleutel: tuple[str, str]) -> tuple[int, float]:
        aantal, laatst = self._mislukt.get(sleutel, (0, 0.0))
        if aantal and self.klok() - laatst > self.venster:
            self._mislukt.pop(sleutel, None)
            return 0, 0.0
        return aantal, laatst

    def _wacht(self, sleutel: tuple[str, str], vrij: int, maximum: float) -> float:
        aantal, laatst = self._stand(sleutel)
        if aantal < vrij:
            return 0.0
        vertraging = min(maximum, 2.0 ** (aantal - vrij))
        return max(0.0, laatst + vertraging - self.klok())

    @staticmethod
    def _sleutels(adres: str, email: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("account", email.strip().lower()), ("adres", adres)

    def wachttijd(self, adres: str, email: str) -> float:
        """Seconds before a sign-in for this account from this address is checked again."""
        account, plek = self._sleutels(adres, email)
        with self._lock:
            eigen = self._wacht(plek, self.vrij_per_adres, self.max_wacht_adres)
            if adres in self._bekend.get(account[1], ()):
                return eigen
            return max(eigen, self._wacht(account, self.max_pogingen, self.max_wacht_account))

    def mislukt(self, adres: str, email: str) -> None:
        with self._lock:
            if len(self._mislukt) > 10_000:  # forget stale entries now and then
                for oud in list(self._mislukt):
                    self._stand(oud)
            for sleutel in self._sleutels(adres, email):
                aantal, _ = self._stand(sleutel)
                self._mislukt[sleutel] = (aantal + 1, self.klok())

    def gelukt(self, adres: str, email: str) -> None:
        account, _ = self._sleutels(adres, email)
        with self._lock:
            self._mislukt.pop(account, None)
            if len(self._bekend) > 10_000:
                self._bekend.clear()
            bekend = self._bekend.setdefault(account[1], set())
            if len(bekend) < 20:
                bekend.add(adres)


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
    """Only a path on this site (no open redirect). Read the way a browser reads a Location:
    tabs and newlines inside are dropped and control characters and spaces around it stripped
    (``/\t/evil.example`` would become ``//evil.example``, another site), so that is done first;
    then it must be a relative path: one leading ``/``, no scheme, no host, no backslash, no
    control character."""
    if not doel or len(doel) > 2000:
        return None
    doel = re.sub(r"[\t\n\r]", "", doel).strip("".join(map(chr, range(0x21))))
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in doel) or "\\" in doel:
        return None
    if not doel.startswith("/") or doel.startswith("//"):
        return None
    delen = urlsplit(doel)
    if delen.scheme or delen.netloc or not delen.path.startswith("/"):
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
