"""Remove special personal data from free text before it is stored or forwarded.

``redact(text)`` masks:

- BSN: nine digits that pass the 11-proef, written together or in groups separated by a space,
  dot or dash (``123456782``, ``123 456 782``, ``123.456.782``). Numbers that fail the 11-proef,
  10-digit phone numbers and 8-digit KvK numbers stay.
- IBAN: any country, with or without spaces, in upper or lower case, validated with mod-97.
- Dates of birth: a date (``12-03-1980``, ``1980-03-12``, ``12 maart 1980``) close to a birth
  word (``geboren``, ``geb.``, ``geboortedatum``, ``geb. datum`` ...). Other dates stay: they are
  usually content ("per 1-1-2026").
- Health and diagnosis words (``autisme``, ``autistisch``, ``burn-out``, ``borstkanker`` ...).

The order of the passes and the shape of the replacements make ``redact`` idempotent:
``redact(redact(t)) == redact(t)``. It never raises on arbitrary text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

BSN_MASK = "[BSN verwijderd]"
IBAN_MASK = "[IBAN verwijderd]"
GEBOORTEDATUM_MASK = "[geboortedatum verwijderd]"
MEDISCH_MASK = "[medisch gegeven verwijderd]"

Span = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# BSN
# ---------------------------------------------------------------------------------------------

# A run of digit groups joined by single separators: "123 456 782", "06-12345678", "12.03.1980".
_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ .\-\u00a0]\d+)*(?!\d)")
_DIGIT_GROUP = re.compile(r"\d+")


def is_valid_bsn(digits: str) -> bool:
    """The 11-proef on a 9-digit string (weights 9..2 and -1); all zeros is not a BSN."""
    if len(digits) != 9 or not all(ch.isdecimal() for ch in digits):
        return False
    values = [unicodedata.decimal(ch) for ch in digits]
    if not any(values):
        return False
    total = sum(w * v for w, v in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), values, strict=True))
    return total % 11 == 0


def _bsn_spans(text: str) -> list[Span]:
    """Spans of BSNs. Inside a run of digit groups every window of whole groups that holds
    exactly nine digits is tested, so "bel 06 12345678" is left alone while "nr 5 123456782"
    and "123 456 782" are found."""
    spans: list[Span] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group())
                  for m in _DIGIT_GROUP.finditer(run.group())]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > 9:
                    break
                if len(digits) == 9:
                    if is_valid_bsn(digits):
                        spans.append((groups[i][0], groups[j][1]))
                    break
    return spans


# ---------------------------------------------------------------------------------------------
# IBAN
# ---------------------------------------------------------------------------------------------

# Lengths from the SWIFT IBAN registry for the countries an employer here is likely to use;
# other country codes are accepted with any length from 15 to 34 when mod-97 holds.
IBAN_LENGTES: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MA": 28, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TR": 26, "UA": 29,
}
_IBAN_START = re.compile(r"(?<![A-Za-z])[A-Za-z]{2}[0-9]{2}")
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def is_valid_iban(iban: str) -> bool:
    compact = re.sub(r"\s+", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", compact):
        return False
    expected = IBAN_LENGTES.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _iban_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    while True:
        m = _IBAN_START.search(text, pos)
        if m is None:
            return spans
        # Gather the following characters, allowing one space between them, and remember
        # where each compact length ends in the original text.
        ends: dict[int, int] = {4: m.end()}
        i, count = m.end(), 4
        while count < 34 and i < len(text):
            if text[i] in _ASCII_ALNUM:
                count += 1
                i += 1
                ends[count] = i
            elif text[i] == " " and i + 1 < len(text) and text[i + 1] in _ASCII_ALNUM:
                i += 1
            else:
                break
        country = m.group()[:2].upper()
        lengths = [IBAN_LENGTES[country]] if country in IBAN_LENGTES else range(34, 14, -1)
        found = None
        for length in lengths:
            end = ends.get(length)
            if end is None:
                continue
            at_boundary = end >= len(text) or text[end] not in _ASCII_ALNUM
            if at_boundary and is_valid_iban(text[m.start():end]):
                found = (m.start(), end)
                break
        if found:
            spans.append(found)
            pos = found[1]
        else:
            pos = m.start() + 1


# ---------------------------------------------------------------------------------------------
# Health and diagnosis words
# ---------------------------------------------------------------------------------------------

# Regular-expression fragments, matched case-insensitively as whole words. A leading or trailing
# ``\w*`` also catches compound forms ("borstkanker", "autistisch", "angststoornissen").
MEDISCHE_TERMEN: tuple[str, ...] = (
    r"syndroom van down", r"\w*syndroom\w*", r"down[- ]?syndroom",
    r"autis\w*", r"asperger\w*", r"pdd[- ]?nos", r"adhd", r"\w*stoornis\w*",
    r"depressi\w*", r"manisch\w*", r"bipola\w*", r"burn[- ]?out\w*", r"overspannen\w*",
    r"psychose\w*", r"psychotisch\w*", r"schizo\w*", r"borderline", r"psychiatri\w*", r"ggz",
    r"ptss", r"ptsd", r"trauma\w*", r"\w*verslav\w*", r"\w*verslaafd\w*", r"alcoholis\w*",
    r"nah", r"\w*hersenletsel\w*", r"hersen(?:schade|beschadiging|infarct|bloeding|tumor)\w*",
    r"cva", r"beroerte\w*", r"dementie\w*", r"alzheimer\w*", r"parkinson\w*",
    r"multiple sclerose", r"amyotrofische laterale sclerose", r"\w*kanker\w*", r"leukemie\w*", r"tumor\w*", r"chemo(?:therapie|kuur)?",
    r"diabet\w*", r"suikerziekte\w*", r"epilep\w*", r"hernia\w*", r"reuma\w*", r"artrose",
    r"fibromyalgie", r"migraine\w*", r"astma\w*", r"copd", r"hiv", r"aids", r"long ?covid",
    r"whiplash", r"hart(?:infarct|aanval|falen)\w*", r"anorexia", r"boulimia", r"ocd",
    r"dyslex\w*", r"dyscalcul\w*", r"gilles de la tourette", r"tourette\w*", r"lvb",
    r"verstandelijke? beperk\w*", r"verstandelijk gehandicapt\w*", r"slechtziend\w*",
    r"slechthorend\w*", r"doof(?:heid)?",
)
# Short acronyms that are ordinary words in lower case: matched in capitals only. ("MS" and
# "ALS" are left out: "MS Teams", "ALS U WILT".)
MEDISCHE_AFKORTINGEN: tuple[str, ...] = ("ADD", "ASS")

_MEDISCH = re.compile(r"(?<!\w)(?:" + "|".join(MEDISCHE_TERMEN) + r")(?!\w)", re.IGNORECASE)
_MEDISCH_AFK = re.compile(r"(?<!\w)(?:" + "|".join(MEDISCHE_AFKORTINGEN) + r")(?!\w)")


def _medisch_spans(text: str) -> list[Span]:
    return [m.span() for m in _MEDISCH.finditer(text)] + [
        m.span() for m in _MEDISCH_AFK.finditer(text)
    ]


# ---------------------------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------------------------

_MAANDEN = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec"
)
_DATUM = re.compile(
    r"(?<!\w)(?:"
    r"\d{1,2}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?(?:\d{4}|\d{2})"  # 12-03-1980, 12/3/80
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 1980-03-12
    r"|\d{1,2}(?:e|ste|de)?\s+(?:" + _MAANDEN + r")\.?\s+(?:\d{4}|'\d{2})"  # 12 maart 1980
    r")(?!\w)",
    re.IGNORECASE,
)
# The mask itself starts with "[geboortedatum": the look-behind keeps it from counting as context.
_GEBOORTE_CONTEXT = re.compile(
    r"(?<![\w\[])(?:geboren|geboortedatum|geboorte[- ]?datum|geboortedag|geb\.?\s*datum"
    r"|geb\b\.?|date of birth|d\.o\.b\.|dob)",
    re.IGNORECASE,
)
_CONTEXT_VOOR = 40  # characters between a birth word and a date after it
_CONTEXT_NA = 30  # characters between a date and a birth word after it ("12-3-1980 geboren")


def _geboortedatum_spans(text: str) -> list[Span]:
    contexts = [m.span() for m in _GEBOORTE_CONTEXT.finditer(text)]
    if not contexts:
        return []
    spans: list[Span] = []
    for m in _DATUM.finditer(text):
        start, end = m.span()
        if any(0 <= start - c_end <= _CONTEXT_VOOR or 0 <= c_start - end <= _CONTEXT_NA
               for c_start, c_end in contexts):
            spans.append((start, end))
    return spans


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _apply(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Replace spans (merging overlaps; the earliest span's mask wins)."""
    merged: list[list] = []
    for start, end, mask in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, mask])
    out: list[str] = []
    pos = 0
    for start, end, mask in merged:
        out.append(text[pos:start])
        out.append(mask)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str) -> str:
    """The text with BSNs, IBANs, dates of birth and health words replaced by a Dutch marker."""
    if not text:
        return text or ""
    # 1. Numbers: BSN and IBAN are detected on the same text, so neither hides the other, and
    #    again until nothing changes (a mask can free a neighbour: "...00NL91 ..."). Every round
    #    removes digits, so this ends.
    while True:
        spans = [(s, e, BSN_MASK) for s, e in _bsn_spans(text)]
        spans += [(s, e, IBAN_MASK) for s, e in _iban_spans(text)]
        if not spans:
            break
        text = _apply(text, spans)
    # 2. Health words.
    text = _apply(text, [(s, e, MEDISCH_MASK) for s, e in _medisch_spans(text)])
    # 3. Dates of birth last: the masks only grow the distance between a birth word and a date,
    #    so a second pass finds nothing new.
    return _apply(text, [(s, e, GEBOORTEDATUM_MASK) for s, e in _geboortedatum_spans(text)])


def bijzondere_fragmenten(text: str) -> list[tuple[str, str]]:
    """The pieces of ``text`` that ``redact`` masks, each with its mask, longest first. Used to
    mask the same piece where it was copied without its context (an entity or slot value
    "12-03-1980" taken from "geboren op 12-03-1980")."""
    if not text:
        return []
    spans = [(s, e, BSN_MASK) for s, e in _bsn_spans(text)]
    spans += [(s, e, IBAN_MASK) for s, e in _iban_spans(text)]
    spans += [(s, e, MEDISCH_MASK) for s, e in _medisch_spans(text)]
    spans += [(s, e, GEBOORTEDATUM_MASK) for s, e in _geboortedatum_spans(text)]
    stukken = {text[s:e]: mask for s, e, mask in spans if text[s:e].strip()}
    return sorted(stukken.items(), key=lambda item: -len(item[0]))


def soorten_bijzondere_gegevens(text: str) -> list[str]:
    """Which kinds of special data the text holds: "bsn", "iban", "geboortedatum", "medisch"."""
    if not text:
        return []
    kinds = []
    if _bsn_spans(text):
        kinds.append("bsn")
    if _iban_spans(text):
        kinds.append("iban")
    if _medisch_spans(text):
        kinds.append("medisch")
    if _geboortedatum_spans(text):
        kinds.append("geboortedatum")
    return kinds


def contains_special_data(text: str) -> bool:
    """True when ``redact`` would change the text (so the assistant can warn once, politely)."""
    return bool(text) and redact(text) != text
