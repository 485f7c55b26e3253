"""The REST channel of the widget, hardened: same URL (``POST /webhooks/rest/webhook``), same
request and answer format as Rasa's ``RestInput``, plus

1. **Clean input.** Control and invisible format characters are removed, lone surrogates dropped,
   whitespace collapsed, the text cut to ``max_tekens`` (default 5000; the widget allows 2000).
   An empty or whitespace-only message gets a polite Dutch prompt *without* calling the model.
2. **Checked button payloads.** ``/intent{"entity": "value"}`` is only passed on for an intent of
   the domain (not Rasa's machinery intents ``restart``, ``session_start``, ``back``); entities are
   limited to the domain's, values to short strings. Anything else gets a Dutch answer from the
   channel itself.
3. **Always an answer.** When the turn produced no message at all (action server down, action
   crashed, a turn that took longer than ``antwoord_timeout``), the channel adds a Dutch message
   with the organisation's phone number and e-mail address from *this channel's configuration*
   (``credentials.yml``), so it works even when the action server is gone.
4. **Bounded waiting.** Rasa 3.6 waits up to 5 minutes for the action server; this channel sets
   that to ``actie_timeout`` seconds (default 10) so a hanging action server cannot hold a
   conversation for minutes.
5. **Nothing extra stored.** Client ``metadata`` is dropped (it would be stored unredacted in the
   tracker); ``input_channel`` is only accepted as a short plain name; log lines carry no text.
   The only metadata stored is the channel's own ``wsp_herkomst``: a keyed hash of the client
   address that changes every day (letters only), so the handover service can limit handovers
   per client address per day without storing the address.
6. **Rate limits.** At most ``max_per_minuut_afzender`` messages per conversation (sender id)
   and ``max_per_minuut_adres`` per client address in any minute; beyond that the channel answers
   HTTP 429 with ``Retry-After`` and a polite Dutch message, without calling the model. The
   client address is the peer's, or with ``achter_proxy`` the last address in
   ``X-Forwarded-For`` (the one our nginx saw). ``vrije_adressen`` are not limited (load tests).
   Counted in memory per Rasa process; nginx limits per address across replicas (``limit_req``).
   Environment variables override ``credentials.yml``: ``WSP_CHAT_MAX_PER_MINUUT_AFZENDER``,
   ``WSP_CHAT_MAX_PER_MINUUT_ADRES``, ``WSP_CHAT_ACHTER_PROXY``, ``WSP_CHAT_VRIJE_ADRESSEN``.

Configured in ``assistant/credentials.yml`` under the key ``assistant.addons.channel.WSPRestInput``
(``name()`` stays ``rest``, so the URL does not change). Only Rasa, Sanic and the standard library
are imported.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
import threading
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Mapping

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.addons.gedeelde_sqlite import GedeeldeSQLite

log = logging.getLogger(__name__)

# Rasa's own intents that steer the dialogue machinery; never accepted from a client.
GEBLOKKEERDE_INTENTS = frozenset({"restart", "session_start", "back"})
_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z0-9_\-]+)(?:@[0-9.]*)?(?P<rest>\{.*)?$", re.DOTALL)
_KANAAL = re.compile(r"^[a-z0-9_\-]{1,32}$")
_WITRUIMTE = re.compile(r"\s+")
MAX_ENTITEIT_TEKENS = 100
MAX_ENTITEIT_WAARDEN = 5


@dataclass(frozen=True)
class KanaalInstellingen:
    """The ``credentials.yml`` block of this channel (Dutch keys, all optional)."""

    organisatie: str = "het WerkgeversServicepunt"
    telefoon: str = ""
    email: str = ""
    max_tekens: int = 5000
    max_bytes: int = 1_000_000
    antwoord_timeout: float = 30.0  # seconds for a whole turn
    actie_timeout: float = 10.0  # seconds for one call to the action server
    max_afzender_tekens: int = 128
    max_per_minuut_afzender: int = 20  # messages per conversation per minute (0 = no limit)
    max_per_minuut_adres: int = 60  # messages per client address per minute (0 = no limit)
    achter_proxy: bool = False  # trust the last X-Forwarded-For address (behind our nginx)
    vrije_adressen: str = ""  # comma-separated client addresses that are not limited
    # SQLite file that Rasa's worker processes share the rate limits through ('' = in memory, one
    # process); wsp.devstack sets it when it starts more than one worker
    limieten_db: str = ""
    # messages one Rasa worker processes at the same time; the others wait their turn in order of
    # arrival (0 = no limit). Without it 50 messages interleave on the event loop, and a message
    # that calls the action server three times waits behind all the others three times.
    max_gelijktijdig: int = 4

    @classmethod
    def van(cls, credentials: Dict[str, Any] | None) -> KanaalInstellingen:
        bekend = {f.name: f.type for f in fields(cls)}
        waarden: Dict[str, Any] = {}
        for sleutel, waarde in (credentials or {}).items():
            if sleutel not in bekend or waarde is None:
                if sleutel not in bekend:
                    log.warning("event=kanaal_onbekende_instelling sleutel=%s", sleutel)
                continue
            standaard = getattr(cls, sleutel)
            waarden[sleutel] = _als(standaard, waarde)
        return cls(**waarden).met_omgeving()

    def met_omgeving(self, env: Mapping[str, str] | None = None) -> KanaalInstellingen:
        """Environment variables (``WSP_CHAT_...``) override the file, e.g. per deployment."""
        env = os.environ if env is None else env
        waarden: Dict[str, Any] = {}
        for veld, naam in _OMGEVING.items():
            ruw = env.get(naam)
            if ruw is not None and ruw.strip() != "":
                waarden[veld] = _als(getattr(self, veld), ruw.strip())
        if not waarden:
            return self
        return type(self)(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **waarden})

    # -- texts ------------------------------------------------------------------------------
    def contactzin(self) -> str:
        wegen = []
        if self.telefoon:
            wegen.append(f"bellen op {self.telefoon}")
        if self.email:
            wegen.append(f"mailen naar {self.email}")
        if not wegen:
            return f"U kunt ook rechtstreeks contact opnemen met {self.organisatie}."
        return f"U kunt {self.organisatie} ook {' of '.join(wegen)}."

    def storing(self) -> str:
        return ("Er ging iets mis aan mijn kant, sorry. Probeert u het over een paar minuten "
                "opnieuw? " + self.contactzin())

    def te_traag(self) -> str:
        return ("Het lukt me nu niet om op tijd te antwoorden, sorry. Probeert u het over een "
                "paar minuten opnieuw? " + self.contactzin())

    @staticmethod
    def leeg() -> str:
        return ("Ik heb geen tekst ontvangen. Waar kan ik u mee helpen? U kunt bijvoorbeeld "
                "vragen: 'Wat is de no-riskpolis?' of 'Kan ik loonkostensubsidie krijgen?'")

    def te_veel(self) -> str:
        return ("U stuurt veel berichten kort na elkaar. Wacht u even een minuut en stel dan uw "
                "vraag opnieuw? " + self.contactzin())

    @staticmethod
    def onbekende_keuze() -> str:
        return ("Die keuze ken ik niet. Typt u uw vraag gerust in uw eigen woorden, "
                "bijvoorbeeld: 'Wie betaalt een jobcoach?'")


_OMGEVING = {
    "max_per_minuut_afzender": "WSP_CHAT_MAX_PER_MINUUT_AFZENDER",
    "max_per_minuut_adres": "WSP_CHAT_MAX_PER_MINUUT_ADRES",
    "achter_proxy": "WSP_CHAT_ACHTER_PROXY",
    "vrije_adressen": "WSP_CHAT_VRIJE_ADRESSEN",
    "limieten_db": "WSP_CHAT_LIMIETEN_DB",
    "max_gelijktijdig": "WSP_CHAT_MAX_GELIJKTIJDIG",
}


def _als(standaard: Any, waarde: Any) -> Any:
    """``waarde`` as the type of ``standaard`` ("ja"/"1"/"true" for booleans)."""
    if isinstance(standaard, bool):
        return str(waarde).strip().lower() in ("1", "true", "ja", "yes", "on")
    return type(standaard)(waarde)


# ---- rate limits -------------------------------------------------------------------------------

class Begrenzer:
    """At most ``maximum`` events per key in any ``venster`` seconds (sliding window, memory)."""

    def __init__(self, maximum: int, venster: float = 60.0) -> None:
        self.maximum = maximum
        self.venster = venster
        self.klok: Callable[[], float] = time.monotonic
        self._tijden: Dict[str, deque] = {}
        self._lock = threading.Lock()

    def _opruimen(self, nu: float) -> None:
        for sleutel in list(self._tijden):
            tijden = self._tijden[sleutel]
            while tijden and tijden[0] <= nu - self.venster:
                tijden.popleft()
            if not tijden:
                del self._tijden[sleutel]

    def wacht(self, sleutel: str) -> float:
        """0 when this event may go ahead (and it is counted), else seconds until it may."""
        if self.maximum <= 0:
            return 0.0
        with self._lock:
            nu = self.klok()
            if len(self._tijden) > 50_000:
                self._opruimen(nu)
            tijden = self._tijden.setdefault(sleutel, deque())
            while tijden and tijden[0] <= nu - self.venster:
                tijden.popleft()
            return self._beslis(nu, len(tijden), tijden[0] if tijden else nu, tijden.append)

    def _beslis(self, nu: float, aantal: int, oudste: float, tel: Callable[[float], Any]) -> float:
        if aantal >= self.maximum:
            return max(0.001, oudste + self.venster - nu)
        tel(nu)
        return 0.0


class GedeeldeBegrenzer(Begrenzer):
    """``Begrenzer`` whose counts live in a SQLite file, so Rasa's worker processes (Sanic forks
    them after the channel is built) share one limit. Keys are stored as keyed hashes, never as
    the client address or conversation id; ``soort`` tells two limits in one file apart."""

    def __init__(self, maximum: int, pad: str | Path, soort: str, venster: float = 60.0) -> None:
        super().__init__(maximum, venster)
        self.klok = time.time  # one clock for every process
        self.soort = soort
        self._bestand = GedeeldeSQLite(pad, synchronous="OFF", schema=(  # counts of the last minute
            "CREATE TABLE IF NOT EXISTS limieten (soort TEXT NOT NULL, sleutel TEXT NOT NULL, "
            "moment REAL NOT NULL)",
            "CREATE INDEX IF NOT EXISTS ix_limieten ON limieten (soort, sleutel, moment)"))
        self._teller = 0

    def wacht(self, sleutel: str) -> float:
        if self.maximum <= 0:
            return 0.0
        code = hmac.new(_HERKOMST_SLEUTEL, f"{self.soort}|{sleutel}".encode(), hashlib.sha256).hexdigest()[:32]
        with self._bestand.transactie() as db:
            nu = self.klok()
            grens = nu - self.venster
            self._teller += 1
            if self._teller % 500 == 0:  # everyone's expired counts, now and then
                db.execute("DELETE FROM limieten WHERE moment <= ?", (grens,))
            else:
                db.execute("DELETE FROM limieten WHERE soort = ? AND sleutel = ? AND moment <= ?",
                           (self.soort, code, grens))
            aantal, oudste = db.execute(
                "SELECT COUNT(*), MIN(moment) FROM limieten WHERE soort = ? AND sleutel = ?",
                (self.soort, code)).fetchone()
            return self._beslis(nu, aantal, oudste if oudste is not None else nu, lambda moment: db.execute(
                "INSERT INTO limieten (soort, sleutel, moment) VALUES (?, ?, ?)", (self.soort, code, moment)))


def begrenzer(maximum: int, pad: str, soort: str) -> Begrenzer:
    """The limit in memory (one process) or, with ``pad``, shared through that SQLite file."""
    return GedeeldeBegrenzer(maximum, pad, soort) if pad else Begrenzer(maximum)


def client_adres(request: Request, achter_proxy: bool) -> str:
    """The client's address: the peer, or behind our own proxy the address it saw (the last
    entry of ``X-Forwarded-For``; earlier entries are whatever the client claimed)."""
    if achter_proxy:
        doorgestuurd = request.headers.get("x-forwarded-for") or ""
        laatste = doorgestuurd.split(",")[-1].strip()
        if laatste:
            return laatste[:64]
    return str(getattr(request, "ip", "") or "")[:64]


_HERKOMST_SLEUTEL = (os.environ.get("WSP_ACTIE_GEHEIM") or secrets.token_hex(32)).encode()
_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def herkomst(adres: str, moment: datetime | None = None) -> str:
    """A daily, keyed hash of the client address, letters only (never masked by the redaction
    of the tracker store). Rasa replicas sharing ``WSP_ACTIE_GEHEIM`` give the same value."""
    dag = (moment or datetime.now(timezone.utc)).strftime("%Y-%m-%d")
    digest = hmac.new(_HERKOMST_SLEUTEL, f"{dag}|{adres}".encode(), hashlib.sha256).hexdigest()
    return digest[:24].translate(_LETTERS)


# ---- input -------------------------------------------------------------------------------------

def normaliseer_tekst(tekst: Any, max_tekens: int = 5000) -> str:
    """Plain, visible text: no control or format characters, no lone surrogates, single spaces,
    at most ``max_tekens`` characters (cut at a space when one is near). Non-text becomes ''."""
    if isinstance(tekst, bool) or tekst is None:
        return ""
    if isinstance(tekst, (int, float)):
        tekst = str(tekst)
    if not isinstance(tekst, str):
        return ""
    # Cut early, so a multi-megabyte message costs no more than a long one.
    tekst = tekst[: max_tekens * 4]
    tekst = "".join(c for c in tekst if not 0xD800 <= ord(c) <= 0xDFFF)
    tekst = unicodedata.normalize("NFC", tekst)
    schoon = []
    for c in tekst:
        soort = unicodedata.category(c)
        if soort in ("Cc", "Zs", "Zl", "Zp"):
            # tabs, newlines, NEL and every kind of space become a space; other controls vanish
            schoon.append(" " if soort != "Cc" or c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"
                          else "")
        elif soort in ("Cf", "Co", "Cn", "Cs"):
            continue  # zero-width, bidi overrides, BOM, private use, unassigned
        else:
            schoon.append(c)
    tekst = _WITRUIMTE.sub(" ", "".join(schoon)).strip()
    if len(tekst) > max_tekens:
        knip = tekst.rfind(" ", max_tekens - 200, max_tekens)
        tekst = tekst[: knip if knip > 0 else max_tekens].rstrip()
    return tekst


def _entiteit_waarde(waarde: Any) -> str | None:
    if isinstance(waarde, bool) or not isinstance(waarde, (str, int, float)):
        return None
    schoon = normaliseer_tekst(waarde, MAX_ENTITEIT_TEKENS)
    return schoon or None


@dataclass(frozen=True)
class Invoer:
    """What the channel does with one message."""

    tekst: str = ""  # what goes to Rasa
    antwoord: str | None = None  # answered by the channel itself, without the model


def verwerk_invoer(ruw: Any, max_tekens: int, intents: frozenset | None,
                   entiteiten: frozenset | None, leeg: str, onbekend: str) -> Invoer:
    """Normalise a message; check a ``/intent{...}`` payload against the domain (when known)."""
    tekst = normaliseer_tekst(ruw, max_tekens)
    if not tekst:
        return Invoer(antwoord=leeg)
    if not tekst.startswith("/"):
        return Invoer(tekst=tekst)
    m = _PAYLOAD.match(tekst)
    if m is None:
        # "/ hallo", "/affirm graag": not a button payload; the words go to the model
        zonder = tekst.lstrip("/ ")
        return Invoer(tekst=zonder) if zonder else Invoer(antwoord=onbekend)
    intent = m.group("intent")
    if (len(intent) > 64 or intent in GEBLOKKEERDE_INTENTS
            or (intents is not None and intent not in intents)):
        return Invoer(antwoord=onbekend)
    ruwe_entiteiten: Any = None
    if m.group("rest"):
        try:
            ruwe_entiteiten = json.loads(m.group("rest"))
        except ValueError:
            ruwe_entiteiten = None  # malformed entities are dropped, the intent stays
    schoon: Dict[str, Any] = {}
    if isinstance(ruwe_entiteiten, dict):
        for naam, waarde in list(ruwe_entiteiten.items())[:10]:
            if not isinstance(naam, str) or (entiteiten is not None and naam not in entiteiten):
                continue
            if isinstance(waarde, list):
                lijst = [w for w in (_entiteit_waarde(x) for x in waarde[:MAX_ENTITEIT_WAARDEN])
                         if w]
                if lijst:
                    schoon[naam] = lijst
            else:
                enkel = _entiteit_waarde(waarde)
                if enkel:
                    schoon[naam] = enkel
    payload = f"/{intent}" + (json.dumps(schoon, ensure_ascii=False) if schoon else "")
    return Invoer(tekst=payload)


def _afzender(waarde: Any, max_tekens: int) -> str | None:
    if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        waarde = str(waarde)
    if not isinstance(waarde, str):
        return None
    schoon = normaliseer_tekst(waarde, 10_000).replace(" ", "")
    if not schoon or len(schoon) > max_tekens or schoon != waarde:
        return None
    return schoon


def _fout(status: int, tekst: str) -> HTTPResponse:
    return response.json({"fout": tekst}, status=status)


def zet_actie_timeout(seconden: float) -> bool:
    """Rasa 3.6 hard-codes 300 s for calls to the action server (``DEFAULT_REQUEST_TIMEOUT`` in
    ``rasa.core.actions.action``, read at call time). Lower it for this process."""
    try:
        import rasa.core.actions.action as rasa_action
    except ImportError:  # pragma: no cover - Rasa always has it
        return False
    if not hasattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT"):
        log.warning("event=actie_timeout_niet_gezet reden=rasa_versie")
        return False
    rasa_action.DEFAULT_REQUEST_TIMEOUT = max(1, int(round(seconden)))
    return True


# ---- the channel -------------------------------------------------------------------------------

class WSPRestInput(RestInput):
    """``RestInput`` with clean input, checked payloads and an answer on every turn."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> WSPRestInput:
        return cls(KanaalInstellingen.van(credentials))

    def __init__(self, instellingen: KanaalInstellingen | None = None) -> None:
        self.instellingen = instellingen or KanaalInstellingen().met_omgeving()
        zet_actie_timeout(self.instellingen.actie_timeout)
        self._plaatsen: Dict[int, asyncio.Semaphore] = {}  # per event loop (Sanic worker)
        db = self.instellingen.limieten_db
        self.per_afzender = begrenzer(self.instellingen.max_per_minuut_afzender, db, "afzender")
        self.per_adres = begrenzer(self.instellingen.max_per_minuut_adres, db, "adres")
        self.vrij = frozenset(a.strip() for a in self.instellingen.vrije_adressen.split(",")
                              if a.strip())

    def wachttijd(self, adres: str, afzender: str) -> float:
        """Seconds the client must wait (0: go ahead). Addresses in ``vrije_adressen`` are not
        limited; a message refused by the address limit does not count for the sender."""
        if adres in self.vrij:
            return 0.0
        return self.per_adres.wacht(adres) or self.per_afzender.wacht(afzender)

    def get_metadata(self, request: Request) -> Dict[str, Any] | None:
        return None  # never store what a client puts here

    def _kanaal(self, body: Dict[str, Any]) -> str:
        kanaal = body.get("input_channel")
        return kanaal if isinstance(kanaal, str) and _KANAAL.match(kanaal) else self.name()

    @staticmethod
    def _domein(request: Request) -> tuple[frozenset | None, frozenset | None]:
        agent = getattr(getattr(request.app, "ctx", None), "agent", None)
        domain = getattr(agent, "domain", None)
        if domain is None or not getattr(domain, "intents", None):
            return None, None
        return frozenset(domain.intents), frozenset(domain.entities or ())

    def _plaatsen_van_deze_worker(self) -> asyncio.Semaphore | None:
        """The turns this worker's event loop may process at once (``max_gelijktijdig``)."""
        if self.instellingen.max_gelijktijdig <= 0:
            return None
        lus = id(asyncio.get_running_loop())
        if lus not in self._plaatsen:
            self._plaatsen[lus] = asyncio.Semaphore(self.instellingen.max_gelijktijdig)
        return self._plaatsen[lus]

    async def _beurt(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                     tekst: str, afzender: str, kanaal: str,
                     metadata: Dict[str, Any] | None = None) -> List[Dict[str, Any]]:
        inst = self.instellingen
        collector = CollectingOutputChannel()
        melding: str | None = None

        async def verwerk() -> None:
            bericht = UserMessage(tekst, collector, afzender, input_channel=kanaal, metadata=metadata)
            plaatsen = self._plaatsen_van_deze_worker()
            if plaatsen is None:
                await on_new_message(bericht)
                return
            async with plaatsen:
                await on_new_message(bericht)

        try:
            await asyncio.wait_for(verwerk(), timeout=inst.antwoord_timeout)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            log.error("event=beurt_te_traag afzender=%s seconden=%s", afzender,
                      inst.antwoord_timeout)
            melding = inst.te_traag()
        except Exception as exc:  # noqa: BLE001 - the employer gets an answer whatever happened
            log.error("event=beurt_mislukt afzender=%s fout=%s lengte=%s", afzender,
                      type(exc).__name__, len(tekst))
            melding = inst.storing()
        berichten = list(collector.messages)
        if not any(b.get("text") or b.get("buttons") or b.get("image") or b.get("custom")
                   for b in berichten):
            if melding is None:
                log.warning("event=beurt_zonder_antwoord afzender=%s", afzender)
            berichten.append({"recipient_id": afzender, "text": melding or inst.storing()})
        elif melding is not None:
            berichten.append({"recipient_id": afzender, "text": melding})
        return berichten

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        inst = self.instellingen

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > inst.max_bytes:
                return _fout(413, "Dit bericht is te groot. Stuur een korter bericht.")
            try:
                body = json.loads(request.body or b"null")
            except ValueError:
                return _fout(400, "Het verzoek is geen geldige JSON.")
            if not isinstance(body, dict):
                return _fout(400, "Stuur een JSON-object met 'sender' en 'message'.")
            afzender = _afzender(body.get("sender"), inst.max_afzender_tekens)
            if afzender is None:
                return _fout(400, "Geef in 'sender' een gespreksnummer mee (tekst, zonder "
                                  f"spaties, hoogstens {inst.max_afzender_tekens} tekens).")
            adres = client_adres(request, inst.achter_proxy)
            wacht = self.wachttijd(adres, afzender)
            if wacht > 0:
                log.warning("event=chat_begrensd afzender=%s", afzender)
                return response.json([{"recipient_id": afzender, "text": inst.te_veel()}],
                                     status=429,
                                     headers={"Retry-After": str(max(1, math.ceil(wacht)))})
            intents, entiteiten = self._domein(request)
            invoer = verwerk_invoer(body.get("message"), inst.max_tekens, intents, entiteiten,
                                    inst.leeg(), inst.onbekende_keuze())
            if invoer.antwoord is not None:
                return response.json([{"recipient_id": afzender, "text": invoer.antwoord}])
            metadata = None if adres in self.vrij else {"wsp_herkomst": herkomst(adres)}
            return response.json(
                await self._beurt(on_new_message, invoer.tekst, afzender,
                                  self._kanaal(body), metadata)
            )

        return webhook
