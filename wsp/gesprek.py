"""Framework-free conversation logic used by the Rasa actions.

Parsing of what employers type (hours, percentages, contact details), the two-strikes fallback
count and the "is this out-of-scope question still about work?" check live here, so they can be
tested without Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

# Words that make an out-of-scope question still a question about work and staff: such
# questions are offered to the accountmanager instead of being turned away.
_WERK_WOORDEN = re.compile(
    r"\b(personeel|werknemer|werkneemster|medewerker|collega|sollicit\w*|vacature\w*|"
    r"in dienst|aannemen|ontslag\w*|contract\w*|cao|salaris|loon\w*|uitkering\w*|uwv|"
    r"ziekteverzuim|verzuim|re-?integratie|stage\w*|stagiair\w*|leerbaan|bbl|werkplek\w*|"
    r"subsidie\w*|arbeids\w*|participatie\w*|wajong|wia|wsw|jobcarving|werkervaring\w*|"
    r"inclusie\w*|inclusief|beschut\w*)\b",
    re.IGNORECASE,
)

_STOP = re.compile(r"^\s*(stop|stoppen|annuleer|annuleren|afbreken|laat maar|toch niet)\b", re.I)
_SKIP = re.compile(
    r"^\s*(?:(overslaan|sla over|geen|nee|niet|weet ik niet|heb ik niet|n\.?v\.?t\.?)\b|-+\s*$)", re.I
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")


@dataclass(frozen=True)
class LksInvoer:
    uren: float | None = None
    loonwaarde: float | None = None
    jaar: int | None = None


def is_stop(text: str | None) -> bool:
    return bool(text and _STOP.search(text))


def is_skip(text: str | None) -> bool:
    return bool(text and _SKIP.search(text))


# The way an employer wants to be reached, in her words: "bel mij 's ochtends", "per e-mail graag"
_MAILEN = re.compile(r"\b(e-?mail\w*|mail\w*|per mail)\b", re.I)
_BELLEN = re.compile(r"\b(bel\w*|terugbel\w*|telefo\w*|gebeld)\b", re.I)
BELLEN, MAILEN = "bellen", "e-mail"


def contactweg(text: str | None) -> str | None:
    """"bellen" or "e-mail" when the text clearly names one way of contact, else None."""
    if not text:
        return None
    mailen, bellen = bool(_MAILEN.search(text)), bool(_BELLEN.search(text))
    if mailen == bellen:
        return None
    return MAILEN if mailen else BELLEN


def is_work_related(text: str | None) -> bool:
    return bool(text and _WERK_WOORDEN.search(text))


def _to_float(raw: str) -> float:
    return float(raw.replace(",", "."))


def parse_lks_invoer(text: str | None) -> LksInvoer:
    """Find hours per week, loonwaarde (%) and year in a free-text message.

    "32 uur, loonwaarde 60% in 2026" -> LksInvoer(32, 60, 2026).
    """
    if not text:
        return LksInvoer()
    t = text.lower()
    jaar = None
    m = re.search(r"\b(20[2-3]\d)\b", t)
    if m:
        jaar = int(m.group(1))
        t = t[: m.start()] + " " + t[m.end() :]
    uren = None
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:uur|u\b|uren)", t)
    if m:
        uren = _to_float(m.group(1))
    loonwaarde = None
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:%|procent|pct)", t) or re.search(
        r"loonwaarde\D{0,15}(\d+(?:[.,]\d+)?)", t
    )
    if m:
        loonwaarde = _to_float(m.group(1))
    return LksInvoer(uren=uren, loonwaarde=loonwaarde, jaar=jaar)


def parse_number(text: str | None) -> float | None:
    """The first number in a short answer ("ongeveer 24 uur" -> 24.0)."""
    if not text:
        return None
    m = _NUMBER.search(text)
    return _to_float(m.group(1)) if m else None


def parse_email(text: str | None) -> str | None:
    if not text:
        return None
    m = _EMAIL.search(text)
    return m.group(0).lower() if m else None


def parse_telefoon(text: str | None) -> str | None:
    """A Dutch phone number (10 digits starting with 0, or +31 / 0031 followed by 9 digits)."""
    if not text:
        return None
    digits = re.sub(r"[\s\-().]", "", text)
    # digit lookarounds, not \b: with the separators gone, "nummer is 06 12345678" reads
    # "nummeris0612345678"
    m = re.search(r"(\+31|0031)(\d{9})(?!\d)", digits)
    if m:
        return "0" + m.group(2)
    m = re.search(r"(?<![\d+])(0\d{9})(?!\d)", digits)
    return m.group(1) if m else None


def parse_kvk(text: str | None) -> str | None:
    if not text:
        return None
    digits = re.sub(r"[\s.\-]", "", text)
    m = re.search(r"(?<!\d)(\d{8})(?!\d)", digits)
    return m.group(1) if m else None


NOT_UNDERSTOOD = ("nlu_fallback", "out_of_scope")


# Slots the answering actions set: a message followed by one of them got an answer.
ANSWERED_SLOTS = frozenset({"regeling", "vraag_id"})


def consecutive_fallbacks(events: Sequence[Mapping[str, Any]]) -> int:
    """How many of the latest user messages in a row were not understood (nlu_fallback) or
    outside what the assistant knows (out_of_scope).

    Counted from the tracker's events, so there is no counter to keep in sync. A message the
    assistant still answered (it set the instrument or the answer-library entry) is no miss, and a
    new session starts the count again.
    """
    count = 0
    answered = False  # seen (walking backwards) after the user message it belongs to
    for event in reversed(events):
        kind = event.get("event")
        if kind == "session_started":
            break
        if kind == "slot" and event.get("name") in ANSWERED_SLOTS and event.get("value"):
            answered = True
        if kind != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent in NOT_UNDERSTOOD and not answered:
            count += 1
        else:
            break
        answered = False
    return count


def recent_user_texts(
    events: Sequence[Mapping[str, Any]], limit: int = 3, skip_intents: Iterable[str] = ()
) -> list[str]:
    """The employer's latest typed messages (oldest first), without button payloads."""
    skip = set(skip_intents)
    texts: list[str] = []
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        text = (event.get("text") or "").strip()
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if not text or text.startswith("/") or intent in skip:
            continue
        texts.append(text)
        if len(texts) >= limit:
            break
    return list(reversed(texts))
