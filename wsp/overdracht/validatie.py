"""What the handover service accepts, whoever calls it: every field checked and redacted, consent
read from the conversation itself, and a daily limit per e-mail address, KvK number, conversation
and client address.

The chat's contact form checks the same things first (so the employer can correct a typo); this
module is the last line, for a caller that skipped the form: a forged call to the action server,
a bug in the dialogue, a handover read back from the on-disk queue.

- ``schoon_contact``: e-mail address by a strict syntax (no ``?cc=``, ``%``, quotes, spaces,
  header or URL tricks; at most 254 characters), phone number and KvK number normalised to
  digits, name and organisation plain one-line text without web addresses or markup, every
  free-text field cut to its length and passed through ``wsp.privacy.redact``.
- ``schoon_transcript``: only the two speakers, bounded lengths, texts redacted.
- ``toestemming_uit_events``: the moment of consent as recorded in the tracker's events (the slot
  ``toestemming_op`` set by ``action_overdracht_toestemming`` and not cleared since).
- ``controleer_limieten`` / ``tel_mee``: at most N handovers per e-mail address, KvK number,
  conversation and client address in 24 hours (``WSP_OVERDRACHT_LIMIETEN``), counted in the table
  ``overdracht_tellingen`` that holds only hashes and is emptied after two days.

Errors are Dutch sentences the assistant can show the employer.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Mapping

from sqlalchemy import Column, DateTime, Integer, String, delete, func, inspect, select
from sqlalchemy.orm import Session

from wsp.db import Base
from wsp.privacy import redact, soorten_bijzondere_gegevens

MAX_NAAM = 100
MAX_ORGANISATIE = 200
MAX_EMAIL = 254
MAX_CONTACTVOORKEUR = 200
MAX_VRAAG = 2000
MAX_TRANSCRIPT_REGELS = 1000
MAX_TRANSCRIPT_TEKST = 10_000
MAX_KNOPPEN = 20
MAX_KNOP_TEKST = 200
SPREKERS = ("werkgever", "assistent")
CONSENT_ACTIE = "action_overdracht_toestemming"
CONSENT_SLOT = "toestemming_op"


class OngeldigeOverdracht(ValueError):
    """A field the service does not accept; nothing is stored. The message is Dutch."""


class TeVeelOverdrachten(ValueError):
    """A daily limit is reached; nothing is stored. The message is Dutch."""


# ---- contact details -----------------------------------------------------------------------------

# A strict subset of RFC 5321 addresses that real mailboxes use: no quoted local parts, no
# comments, none of % ! # ? & = / ^ { } | ~ ` (routing and URL tricks), ASCII domain names.
_EMAIL = re.compile(
    r"(?P<lokaal>[A-Za-z0-9_+'\-]+(?:\.[A-Za-z0-9_+'\-]+)*)"
    r"@(?P<domein>(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9\-]{1,59}))"
)
_URL = re.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.|mailto:|javascript:|data:)", re.IGNORECASE)
_MARKUP = re.compile(r"[<>{}\[\]\\|`]")


def _zonder_stuurtekens(tekst: str) -> bool:
    return not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") for c in tekst)


def _een_regel(waarde: Any, veld: str, maximum: int) -> str | None:
    """Plain one-line text: None when empty; a Dutch error for control characters or too long."""
    if waarde is None:
        return None
    tekst = " ".join(str(waarde).split())
    if not tekst:
        return None
    if not _zonder_stuurtekens(tekst):
        raise OngeldigeOverdracht(f"{veld} bevat tekens die ik niet kan gebruiken.")
    if len(tekst) > maximum:
        raise OngeldigeOverdracht(f"{veld} is te lang (hoogstens {maximum} tekens).")
    return tekst


def schoon_email(waarde: Any) -> str | None:
    """The address in lower case, or None when empty. Raises for anything but one plain address."""
    if waarde is None or not str(waarde).strip():
        return None
    tekst = str(waarde).strip()
    m = _EMAIL.fullmatch(tekst)
    if (m is None or len(tekst) > MAX_EMAIL or len(m.group("lokaal")) > 64
            or ".." in tekst or soorten_bijzondere_gegevens(tekst)):
        raise OngeldigeOverdracht(
            "Dat lijkt geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@bedrijf.nl.")
    return tekst.lower()


def schoon_telefoon(waarde: Any) -> str | None:
    """A Dutch number (10 digits, or +31 / 0031 and 9 digits) or an international one (+ and 8 to
    15 digits), kept as written ("06 12345678") with single spaces; only digits, spaces, + - ( )
    and dots are accepted."""
    if waarde is None or not str(waarde).strip():
        return None
    tekst = " ".join(str(waarde).split())
    if not re.fullmatch(r"\+?[0-9][0-9 \-().]{5,28}", tekst):
        raise OngeldigeOverdracht("Dat lijkt geen geldig telefoonnummer.")
    cijfers = re.sub(r"[\s\-().]", "", tekst)
    if (re.fullmatch(r"(?:\+31|0031)0?\d{9}", cijfers) or re.fullmatch(r"0\d{9}", cijfers)
            or re.fullmatch(r"\+[1-9]\d{7,14}", cijfers)):
        return tekst
    raise OngeldigeOverdracht("Dat lijkt geen geldig telefoonnummer.")


def schoon_kvk(waarde: Any) -> str | None:
    if waarde is None or not str(waarde).strip():
        return None
    cijfers = re.sub(r"[\s.\-]", "", str(waarde))
    if not re.fullmatch(r"\d{8}", cijfers):
        raise OngeldigeOverdracht("Een KvK-nummer heeft 8 cijfers.")
    return cijfers


def _naamtekst(waarde: Any, veld: str, maximum: int) -> str | None:
    tekst = _een_regel(waarde, veld, maximum)
    if tekst is None:
        return None
    if _URL.search(tekst) or _MARKUP.search(tekst) or "@" in tekst:
        raise OngeldigeOverdracht(f"{veld} mag geen internetadres, e-mailadres of opmaak bevatten.")
    if not any(c.isalpha() for c in tekst):
        raise OngeldigeOverdracht(f"{veld} moet letters bevatten.")
    return redact(tekst)


@dataclass(frozen=True)
class SchoonContact:
    naam: str | None
    organisatie: str | None
    email: str | None
    telefoon: str | None
    kvk: str | None
    contactvoorkeur: str | None


def schoon_contact(contact: Any) -> SchoonContact:
    """Checked, normalised and redacted contact details (``contact`` has the ``Contact`` fields)."""
    def veld(naam: str) -> Any:
        return contact.get(naam) if isinstance(contact, Mapping) else getattr(contact, naam, None)

    voorkeur = _een_regel(veld("contactvoorkeur"), "De contactvoorkeur", MAX_CONTACTVOORKEUR * 2)
    telefoon = schoon_telefoon(veld("telefoon"))
    return SchoonContact(
        naam=_naamtekst(veld("naam"), "De naam", MAX_NAAM),
        organisatie=_naamtekst(veld("organisatie"), "De naam van de organisatie",
                               MAX_ORGANISATIE),
        email=schoon_email(veld("email")),
        telefoon=redact(telefoon) if telefoon else None,
        kvk=schoon_kvk(veld("kvk")),
        contactvoorkeur=(redact(voorkeur)[:MAX_CONTACTVOORKEUR] or None) if voorkeur else None,
    )


def schoon_vraag(vraag: Any) -> str | None:
    if vraag is None:
        return None
    tekst = str(vraag).strip()
    if not tekst:
        return None
    tekst = "".join(c if _zonder_stuurtekens(c) or c in "\n\t" else " " for c in tekst)
    return redact(tekst)[:MAX_VRAAG]


def schoon_transcript(transcript: Iterable[Any] | None) -> list[dict]:
    """Only lines of the employer or the assistant, texts redacted and bounded."""
    regels = list(transcript or [])
    if len(regels) > MAX_TRANSCRIPT_REGELS:
        regels = regels[-MAX_TRANSCRIPT_REGELS:]
    schoon = []
    for regel in regels:
        if not isinstance(regel, Mapping):
            raise OngeldigeOverdracht("Het gesprek heeft een onbekende vorm.")
        afzender = str(regel.get("afzender", ""))
        if afzender not in SPREKERS:
            raise OngeldigeOverdracht("Het gesprek heeft een onbekende afzender.")
        tijd = regel.get("tijd")
        if tijd is not None:
            try:
                datetime.fromisoformat(str(tijd).replace("Z", "+00:00"))
            except ValueError:
                tijd = None
        knoppen = [redact(str(k))[:MAX_KNOP_TEKST] for k in list(regel.get("knoppen") or [])
                   [:MAX_KNOPPEN]]
        schoon.append({"afzender": afzender,
                       "tekst": redact(str(regel.get("tekst") or ""))[:MAX_TRANSCRIPT_TEKST],
                       "tijd": str(tijd) if tijd is not None else None, "knoppen": knoppen})
    return schoon


_SLUG = re.compile(r"[a-z0-9][a-z0-9_\-]{0,63}")


def als_code(waarde: Any) -> str | None:
    """The id in its plain form ("Proefplaatsing" -> "proefplaatsing"), or None when it is not one
    (an odd value is dropped rather than refused: it says nothing about the employer)."""
    if waarde is None or isinstance(waarde, (dict, list, tuple, set)):
        return None
    tekst = "_".join(str(waarde).strip().lower().split())
    return tekst if _SLUG.fullmatch(tekst) else None


def schoon_gesprek_id(waarde: Any) -> str:
    tekst = str(waarde or "")
    if not 1 <= len(tekst) <= 255 or not tekst.isprintable() or tekst != tekst.strip():
        raise OngeldigeOverdracht("Dit gesprek heeft geen bruikbaar nummer.")
    return tekst


# ---- consent -------------------------------------------------------------------------------------

def _als_utc(waarde: Any) -> datetime | None:
    if isinstance(waarde, datetime):
        moment = waarde
    else:
        try:
            moment = datetime.fromisoformat(str(waarde).replace("Z", "+00:00"))
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def toestemming_uit_events(events: Iterable[Any]) -> datetime | None:
    """The consent recorded in the conversation: the last value of the slot ``toestemming_op``,
    set by ``action_overdracht_toestemming`` after a message of the employer, and not cleared
    since. None when there is no such consent (naive UTC otherwise)."""
    laatste_gebruiker = -1
    laatste_actie: str | None = None
    actie_na_gebruiker = False
    toestemming: datetime | None = None
    for nummer, event in enumerate(events or []):
        if not isinstance(event, Mapping):
            continue
        soort = event.get("event")
        if soort == "user":
            laatste_gebruiker = nummer
            actie_na_gebruiker = False
        elif soort == "action":
            laatste_actie = str(event.get("name") or "")
            actie_na_gebruiker = laatste_gebruiker >= 0
        elif soort in ("restart", "session_started"):
            toestemming = None
        elif soort == "slot" and event.get("name") == CONSENT_SLOT:
            waarde = event.get("value")
            if waarde in (None, ""):
                toestemming = None
            elif laatste_actie == CONSENT_ACTIE and actie_na_gebruiker:
                toestemming = _als_utc(waarde)
            else:
                toestemming = None  # set by anything else: not a recorded consent
    return toestemming


def zelfde_moment(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and _als_utc(a) == _als_utc(b)


# ---- daily limits --------------------------------------------------------------------------------

STANDAARD_LIMIETEN = {"email": 3, "kvk": 3, "gesprek": 3, "herkomst": 10}
ENV_LIMIETEN = "WSP_OVERDRACHT_LIMIETEN"
VENSTER = timedelta(hours=24)
BEWAAR_TELLINGEN = timedelta(days=2)
TE_VEEL = "Via deze chat kan ik vandaag geen nieuwe vraag meer doorgeven met deze gegevens."


class OverdrachtTelling(Base):
    """One row per stored handover and per key it counts for (a hash, never the value itself)."""

    __tablename__ = "overdracht_tellingen"

    id = Column(Integer, primary_key=True)
    soort = Column(String(16), nullable=False)
    sleutel = Column(String(64), nullable=False, index=True)
    op = Column(DateTime, nullable=False, index=True)


def limieten(env: Mapping[str, str] | None = None) -> dict[str, int]:
    """``WSP_OVERDRACHT_LIMIETEN="email=3,kvk=3,gesprek=3,herkomst=10"`` (0 = no limit)."""
    env = os.environ if env is None else env
    uit = dict(STANDAARD_LIMIETEN)
    for deel in (env.get(ENV_LIMIETEN) or "").split(","):
        naam, _, waarde = deel.partition("=")
        if naam.strip() in uit and waarde.strip().isdigit():
            uit[naam.strip()] = int(waarde)
    return uit


def sleutel(soort: str, waarde: str) -> str:
    return hashlib.sha256(f"wsp-overdracht\x00{soort}\x00{waarde}".encode()).hexdigest()


def _sleutels(email: str | None, kvk: str | None, gesprek_id: str | None,
              herkomst: str | None) -> dict[str, str]:
    waarden = {"email": email, "kvk": kvk, "gesprek": gesprek_id, "herkomst": herkomst}
    return {soort: sleutel(soort, waarde) for soort, waarde in waarden.items() if waarde}


_TABEL_GEMAAKT: set[str] = set()


def zorg_voor_tabel(session: Session) -> None:
    """Create ``overdracht_tellingen`` when this database lacks it (a database made before this
    table existed, or by a process that never imported this module). Once per database."""
    engine = session.get_bind()
    naam = str(getattr(engine, "url", id(engine)))
    if naam in _TABEL_GEMAAKT:
        return
    try:
        OverdrachtTelling.__table__.create(engine, checkfirst=True)
    except Exception:  # noqa: BLE001 - another process created it at the same moment
        if not inspect(engine).has_table(OverdrachtTelling.__tablename__):
            raise
    _TABEL_GEMAAKT.add(naam)


def controleer_limieten(session: Session, *, email: str | None, kvk: str | None,
                        gesprek_id: str | None, herkomst: str | None, nu: datetime,
                        grenzen: Mapping[str, int] | None = None) -> None:
    """Raise ``TeVeelOverdrachten`` when one of the keys reached its limit in the last 24 hours."""
    grenzen = limieten() if grenzen is None else grenzen
    for soort, waarde in _sleutels(email, kvk, gesprek_id, herkomst).items():
        grens = grenzen.get(soort, 0)
        if grens <= 0:
            continue
        aantal = session.execute(
            select(func.count(OverdrachtTelling.id)).where(
                OverdrachtTelling.soort == soort, OverdrachtTelling.sleutel == waarde,
                OverdrachtTelling.op > nu - VENSTER)
        ).scalar_one()
        if aantal >= grens:
            raise TeVeelOverdrachten(TE_VEEL)


def tel_mee(session: Session, *, email: str | None, kvk: str | None, gesprek_id: str | None,
            herkomst: str | None, nu: datetime) -> None:
    """Count a stored handover (same transaction); forget counts older than two days."""
    session.execute(delete(OverdrachtTelling).where(OverdrachtTelling.op < nu - BEWAAR_TELLINGEN))
    for soort, waarde in _sleutels(email, kvk, gesprek_id, herkomst).items():
        session.add(OverdrachtTelling(soort=soort, sleutel=waarde, op=nu))
