"""Remove special personal data from free text before it is stored or forwarded.

``redact(text)`` masks:

- BSN: nine digits that pass the 11-proef, written together or in groups joined by one kind of
  separator: spaces, a dot, dash, slash, comma or underscore, with or without spaces around it
  (``123456782``, ``123 456 782``, ``123.456.782``, ``123/456/782``, ``123,456,782``,
  ``123_456_782``, ``123 - 456 - 782``). Numbers that fail the 11-proef, phone numbers (10 digits,
  or ``+31 ...``), 8-digit KvK numbers, amounts and dates stay.
- IBAN: any country, with or without spaces, in upper or lower case, validated with mod-97.
- Dates of birth: a date (``12-03-1980``, ``1980-03-12``, ``12 maart 1980``) close to a birth
  word (``geboren``, ``geb.``, ``geboortedatum``, ``geb. datum`` ...). Other dates stay: they are
  usually content ("per 1-1-2026").
- Health, diagnosis and disability words about a person (``autisme``, ``autistisch``,
  ``burn-out``, ``borstkanker``, ``gehandicapt``, ``chronisch ziek``, ``psychische klachten``,
  ``lichamelijke beperking``, ``zwanger`` ...), also inflected and with a typo (``depresie``,
  ``dyslecties``). Words the instruments and the assistant's own answers use for a *category*
  stay, because employers need them in their questions: ``ziek``, ``ziekte``, ``ziektewet``,
  ``beperking``, ``arbeidsbeperking``, ``handicap``, ``arbeidsgehandicapte``, ``zwangerschap``,
  ``arbeidsongeschikt``, ``doelgroepregister``, ``Wajong``. Web addresses are left alone (a
  source link in an answer may contain such a word).

The order of the passes and the shape of the replacements make ``redact`` idempotent:
``redact(redact(t)) == redact(t)``. It never raises on arbitrary text.
"""

from __future__ import annotations

import functools
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

# A run of digit groups joined by separators: "123 456 782", "123 - 456 - 782", "111/222/333".
_SPATIE = "[ \u00a0\u202f\u2007\t]"
_STREEPJES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SCHEIDING = (f"(?:{_SPATIE}*[.\\-/,_{_STREEPJES}]{_SPATIE}*|{_SPATIE}+)")
_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:" + _SCHEIDING + r"\d+)*(?!\d)")
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


def _soort_scheiding(sep: str) -> str:
    """The kind of a separator: its punctuation mark (dashes as "-"), or " " for white space."""
    teken = sep.strip(" \u00a0\u202f\u2007\t")
    if not teken:
        return " "
    return "-" if teken in _STREEPJES else teken


def _bsn_spans(text: str) -> list[Span]:
    """Spans of BSNs. Inside a run of digit groups every window of whole groups that holds
    exactly nine digits, joined by one kind of separator, is tested, so "bel 06 12345678" is left
    alone while "nr 5 123456782", "123 456 782" and "111/222/333" are found. A run right after a
    "+" is an international phone number ("+31 6 12345678"), and so is one of eleven digits or more
    starting with "00" and a country code ("0031 6 12345678") unless its first group is the BSN; a
    mix of separators is an amount ("1.234.567,89")."""
    spans: list[Span] = []
    for run in _DIGIT_RUN.finditer(text):
        waarden = [unicodedata.decimal(ch) for ch in run.group() if ch.isdecimal()]
        # "+31 6 12345678" is an international number; a country code never starts with 0
        if run.start() > 0 and text[run.start() - 1] == "+" and waarden[0] != 0:
            continue
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group())
                  for m in _DIGIT_GROUP.finditer(run.group())]
        seps = [_soort_scheiding(text[groups[k][1]:groups[k + 1][0]])
                for k in range(len(groups) - 1)]
        # "0031 6 12345678": no BSN pieced together inside an international number ("00 000000012"
        # is none: no country code starts with 0); a BSN written in one piece next to it still
        # counts ("00 100000009", "000100043 12"): masking a phone number costs less than keeping a BSN
        # (the "00" written as one group: "0/0 100 000 009" is no international number)
        eerste = [unicodedata.decimal(ch) for ch in groups[0][2][:2]]
        internationaal = len(waarden) >= 11 and eerste == [0, 0] and waarden[2] != 0
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                if internationaal and not (i == 0 or (j == i and len(groups[i][2]) == 9)):
                    break
                if j > i and seps[j - 1] != seps[i]:
                    break
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
    r"autis\w*", r"asperger\w*", r"pdd[- ]?nos", r"adhd\w*", r"\w*stoornis\w*",
    r"depressi\w*", r"manisch\w*", r"bipola\w*", r"burn[- ]?out\w*", r"overspannen\w*",
    r"psychose\w*", r"psychotisch\w*", r"schizo\w*", r"borderline\w*", r"psychiatri\w*",
    r"ggz", r"ptss", r"ptsd", r"trauma\w*", r"\w*verslav\w*", r"\w*verslaafd\w*",
    r"alcoholis\w*", r"nah", r"\w*hersenletsel\w*",
    r"hersen(?:schade|beschadiging|infarct|bloeding|tumor|vliesontsteking)\w*",
    r"cva", r"beroerte\w*", r"dementie\w*", r"dement", r"alzheimer\w*", r"parkinson\w*",
    r"multiple sclerose", r"amyotrofische laterale sclerose", r"\w*kanker\w*", r"leukemie\w*",
    r"tumor\w*", r"chemo(?:therapie|kuur|kuren)?", r"bestraling\w*", r"uitzaaiing\w*",
    r"\w*diabe+t\w*", r"suikerziekte\w*", r"suikerpati[eë]nt\w*", r"epilep\w*", r"hernia\w*",
    r"reuma\w*", r"artrose", r"artritis", r"fibromyalgie", r"migraine\w*", r"astma\w*", r"copd",
    r"hiv", r"aids", r"long ?covid", r"whiplash", r"hart(?:infarct|aanval|falen|pati[eë]nt)\w*",
    r"anorexia", r"boulimi\w*", r"ocd", r"dyslex\w*", r"dyslect\w*", r"dyscalcul\w*",
    r"gilles de la tourette", r"tourette\w*", r"lvb", r"iq(?: van)? ?\d{2,3}",
    r"spierziekte\w*", r"spierdystrofie", r"spastisch\w*", r"verlamd\w*", r"verlamming\w*",
    r"dwarslaesie\w*", r"geamputeerd", r"amputatie\w*", r"prothese\w*", r"rolstoel\w*",
    r"slechtziend\w*", r"slechthorend\w*", r"doof(?:heid)?", r"doven", r"dove",
    r"blind(?:e|heid)?(?! vlek| vertrouw\w*)", r"visueel beperkt\w*", r"auditief beperkt\w*",
    r"(?<!arbeids)gehandicapt\w*", r"zwanger(?:e|en)?", r"hoogzwanger\w*",
    r"(?:rug|nek|hart|long|knie|schouder|maag|darm|stress|angst|paniek|burn[- ]?out|"
    r"psychische|lichamelijke|fysieke|mentale)klachten",
    r"paniekaanval\w*", r"angstaanval\w*", r"angstig\w*",
    r"medicatie", r"medicijn(?:en|gebruik)", r"antidepressiva", r"geopereerd", r"revalid\w*",
    r"aandoening\w*", r"(?:ziekte van )?crohn\w*", r"colitis", r"(?:een )?chronische ziekte\w*",
    # a qualifier and a noun: "chronisch ziek", "psychische klachten", "lichamelijke beperking"
    r"(?:chronisch|langdurig chronisch|ernstig|terminaal|psychisch|geestelijk)e?\s+"
    r"(?:ziek\w*|aandoening\w*|pijn\w*|vermoeid\w*|kwetsba\w*|probleem|problemen|klachten"
    r"|stoornis\w*|instabiel\w*)",
    r"(?:lichamelijk|verstandelijk|psychisch|geestelijk|visueel|visuele|auditief|auditieve"
    r"|motorisch|zintuiglijk|fysiek|cognitief|meervoudig|licht verstandelijk)e?\s+"
    r"(?:beperk\w*|gehandicapt\w*|handicap\w*)",
    r"(?:mentale|fysieke|lichamelijke)\s+(?:problemen|klachten|aandoening\w*)",
)
# Short acronyms that are ordinary words in lower case: matched in capitals only. ("MS" and
# "ALS" are left out: "MS Teams", "ALS U WILT".)
MEDISCHE_AFKORTINGEN: tuple[str, ...] = ("ADD", "ASS", "NAH", "LVB", "OCD")

# Words a typo of which is still masked ("depresie", "dyslecties", "epelepsie"): one letter
# wrong, missing, extra or swapped (two for words of ten letters or more). Only words of at
# least seven letters, so short ordinary words never come close; ``GEEN_TYPFOUT`` lists the
# ordinary words that do.
TYPFOUT_WOORDEN: tuple[str, ...] = (
    "autisme", "autistisch", "autistische", "depressie", "depressief", "depressieve", "dyslexie",
    "dyslectisch", "dyslectische", "epilepsie", "epileptisch", "diabetes", "schizofrenie",
    "schizofreen", "psychose", "psychotisch", "borderline", "burnout", "overspannen", "dementie",
    "alzheimer", "parkinson", "leukemie", "migraine", "fibromyalgie", "reumatisch", "artrose",
    "hersenletsel", "beroerte", "verslaving", "verslaafd", "alcoholist", "anorexia", "boulimia",
    "whiplash", "gehandicapt", "gehandicapte", "gehandicapten", "zwangere", "slechtziend",
    "slechthorend", "spastisch", "rolstoel", "dyscalculie", "asperger", "angststoornis",
    "chemotherapie", "suikerziekte", "kanker", "tumoren", "psychiatrisch", "psychiatrische",
    "aandoening", "medicatie", "revalidatie",
)
GEEN_TYPFOUT: frozenset[str] = frozenset({
    "zwager", "zwagers", "verslag", "verslagen", "anker", "banker", "tanker", "kanten",
    "aandoen", "beroerd", "beroerde", "borderlijn", "partner", "partners", "medicus", "depressa",
})

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_MEDISCH = re.compile(r"(?<!\w)(?:" + "|".join(MEDISCHE_TERMEN) + r")(?!\w)", re.IGNORECASE)
_MEDISCH_AFK = re.compile(r"(?<!\w)(?:" + "|".join(MEDISCHE_AFKORTINGEN) + r")(?!\w)")
_WOORD = re.compile(r"(?<![\w\[])[^\W\d_]{6,}(?![\w\]])")


def _afstand(a: str, b: str, grens: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), or ``grens + 1`` when larger."""
    if abs(len(a) - len(b)) > grens:
        return grens + 1
    vorige2: list[int] | None = None
    vorige = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        rij = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            rij[j] = min(vorige[j] + 1, rij[j - 1] + 1, vorige[j - 1] + (ca != cb))
            if (vorige2 is not None and i > 1 and j > 1 and ca == b[j - 2]
                    and a[i - 2] == cb):
                rij[j] = min(rij[j], vorige2[j - 2] + 1)
        if min(rij) > grens:
            return grens + 1
        vorige2, vorige = vorige, rij
    return vorige[-1]


_TYPFOUT_PER_LETTER: dict[str, tuple[str, ...]] = {}
for _w in TYPFOUT_WOORDEN:
    _TYPFOUT_PER_LETTER[_w[0]] = _TYPFOUT_PER_LETTER.get(_w[0], ()) + (_w,)


@functools.lru_cache(maxsize=20_000)
def is_typfout_van_medisch_woord(woord: str) -> bool:
    """True when ``woord`` (lower case) is one typo away from a word in ``TYPFOUT_WOORDEN``.
    The first letter must be right (typos there are rare, and it keeps this fast)."""
    if len(woord) < 6 or woord in GEEN_TYPFOUT:
        return False
    for doel in _TYPFOUT_PER_LETTER.get(woord[0], ()):
        grens = 2 if len(doel) >= 10 else 1
        if len(doel) >= 7 and _afstand(woord, doel, grens) <= grens:
            return True
    return False


def _url_spans(text: str) -> list[Span]:
    return [m.span() for m in _URL.finditer(text)]


def _medisch_spans(text: str) -> list[Span]:
    spans = [m.span() for m in _MEDISCH.finditer(text)]
    spans += [m.span() for m in _MEDISCH_AFK.finditer(text)]
    gevonden = [False] * (len(text) + 1)
    for start, end in spans:
        for k in range(start, end):
            gevonden[k] = True
    for m in _WOORD.finditer(text):
        if not gevonden[m.start()] and is_typfout_van_medisch_woord(m.group().lower()):
            spans.append(m.span())
    urls = _url_spans(text)
    if urls:
        spans = [(s, e) for s, e in spans if not any(us <= s < ue for us, ue in urls)]
    return spans


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
    """For every birth word: the nearest date after it (within ``_CONTEXT_VOOR`` characters),
    else the nearest date before it (within ``_CONTEXT_NA``). Only that one: "geb. 14-02-1999,
    per 1-1-2026 in dienst" keeps the start date. A date already masked counts as the nearest
    date, so a second pass masks nothing more."""
    contexts = [m.span() for m in _GEBOORTE_CONTEXT.finditer(text)]
    if not contexts:
        return []
    datums = [(m.start(), m.end(), True) for m in _DATUM.finditer(text)]
    datums += [(i, i + len(GEBOORTEDATUM_MASK), False)
               for i in _vind_alle(text, GEBOORTEDATUM_MASK)]
    spans: set[Span] = set()
    for c_start, c_end in contexts:
        na = [d for d in datums if 0 <= d[0] - c_end <= _CONTEXT_VOOR]
        voor = [d for d in datums if 0 <= c_start - d[1] <= _CONTEXT_NA]
        if na:
            keuze = min(na, key=lambda d: d[0] - c_end)
        elif voor:
            keuze = min(voor, key=lambda d: c_start - d[1])
        else:
            continue
        if keuze[2]:
            spans.add((keuze[0], keuze[1]))
    return sorted(spans)


def _vind_alle(text: str, stuk: str) -> list[int]:
    posities, i = [], text.find(stuk)
    while i >= 0:
        posities.append(i)
        i = text.find(stuk, i + 1)
    return posities


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
