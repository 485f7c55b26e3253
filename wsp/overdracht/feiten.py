"""Facts about the case that the employer gave the assistant, for the accountmanager.

Two sources, both limited to what the employer said herself and never anything about health (the
assistant does not ask for it, and the transcript is redacted before it is stored):

- ``feiten_uit_events``: the conversation's slots (regeling, gemeente, woongemeente, uren, ...), for
  the handover service to store in ``Overdracht.feiten`` when the handover is made;
- ``feiten_uit_transcript``: what can be read from the employer's own lines in a stored transcript
  (type of benefit, register status, hours, start date, where the company is and where the employee
  lives), each with the line it came from, for handovers stored before ``feiten`` existed and for
  facts no slot holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

# Slots whose value is a fact the employer gave. Nothing about health is ever a slot.
FEIT_SLOTS = (
    "regeling",
    "gemeente",
    "woongemeente",
    "uitkering",
    "doelgroepregister",
    "uren",
    "startdatum",
    "loonwaarde",
    "bedrijfsgrootte",
)
MAX_WAARDE = 200


def _kind(event: dict) -> str | None:
    return event.get("event") or event.get("type")


def _schoon(waarde: Any) -> Any:
    """A slot value as stored: numbers stay numbers, text is redacted and cut, lists of text too."""
    from wsp.privacy import redact

    if isinstance(waarde, bool) or waarde is None:
        return waarde
    if isinstance(waarde, (int, float)):
        return waarde
    if isinstance(waarde, (list, tuple)):
        items = [_schoon(w) for w in waarde if w not in (None, "")]
        return [w for w in items if w not in (None, "")][:10] or None
    tekst = " ".join(str(waarde).split())
    return redact(tekst)[:MAX_WAARDE] or None


def feiten_uit_events(events: Iterable[dict]) -> dict[str, Any]:
    """The last value the conversation held for each slot of ``FEIT_SLOTS`` (empty values are
    skipped, so a form that clears its slots afterwards does not erase what the employer said)."""
    feiten: dict[str, Any] = {}
    for event in events or []:
        if not isinstance(event, dict) or _kind(event) != "slot":
            continue
        naam = event.get("name")
        if naam not in FEIT_SLOTS:
            continue
        waarde = _schoon(event.get("value"))
        if waarde not in (None, "", []):
            feiten[naam] = waarde
    return feiten


# ---- reading the employer's own lines ------------------------------------------------------------

@dataclass(frozen=True)
class Feit:
    waarde: str
    citaat: str  # the employer's line it was read from


_WERKGEVER = ("werkgever", "user")
_ASSISTENT = ("assistent", "bot")

_UITKERINGEN = (
    (re.compile(r"\bwajong", re.I), "Wajong"),
    (re.compile(r"\b(?:wia|wga)\b", re.I), "WIA"),
    (re.compile(r"\bww(?:-uitkering)?\b", re.I), "WW"),
    (re.compile(r"\bparticipatiewet|\bbijstand", re.I), "Participatiewet (bijstand)"),
    (re.compile(r"\bwsw\b|\bsociale werkvoorziening|\bbeschut werk", re.I), "Wsw of beschut werk"),
    (re.compile(r"\bioaw\b", re.I), "IOAW"),
)
# A benefit named as the candidate's situation, not asked about ("Wat is de Wajong?").
_TOESTAND = re.compile(
    r"\b(?:heeft|hebben|krijgt|krijgen|ontvangt|met een|met|uit de|in de|zit in|zit op|zitten in|"
    r"valt onder|vallen onder|vanuit|komt uit)\b",
    re.I,
)
_REGISTER = r"(?:het\s+)?doelgroepregister"
_REGISTER_NEE = re.compile(
    rf"\b(?:staat|zit|is)\s+(?:nog\s+)?niet\s+(?:\w+\s+){{0,2}}in\s+{_REGISTER}"
    rf"|\bniet\s+in\s+{_REGISTER}|\bgeen\s+indicatie\s+banenafspraak",
    re.I,
)
_REGISTER_WEET_NIET = re.compile(
    rf"\b(?:weet|weten)\s+(?:\w+\s+){{0,4}}niet\s+of\s+.{{0,60}}{_REGISTER}", re.I
)
_REGISTER_JA = re.compile(
    rf"\b(?:staat|zit|is\s+opgenomen|ingeschreven)\s+(?:\w+\s+){{0,3}}in\s+{_REGISTER}"
    rf"|\buit\s+{_REGISTER}|\bindicatie\s+banenafspraak|\bdoelgroepregister-?kandidaat",
    re.I,
)
_UREN = re.compile(
    r"\b(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:uur|uren|u\.?)\s*(?:per|in\s+de|/|p/)\s*week\b", re.I
)
_MAANDEN = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
)
_START = re.compile(
    r"\b(?:begint|beginnen|begin|start|starten|startdatum|in\s+dienst)\b[^.?!]{0,40}?"
    rf"((?:op|per|vanaf|met\s+ingang\s+van)\s+)?(\d{{1,2}}\s+(?:{_MAANDEN})(?:\s+\d{{4}})?"
    r"|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?|volgende\s+(?:week|maand)|(?:over|binnen)\s+\w+\s+"
    r"(?:weken|maanden|week|maand))",
    re.I,
)
_WOONT = re.compile(r"\b(?:woont|wonen|woonachtig|woonplaats|woongemeente)\b", re.I)
_BEDRIJF = re.compile(
    r"\b(?:bedrijf|zaak|winkel|kantoor|vestiging|gevestigd|zitten|zit|wij|we|onze|ons)\b", re.I
)
_VRAAGT_WOONGEMEENTE = re.compile(r"\bwoont\b|\bwoongemeente\b", re.I)
_VRAAGT_BEDRIJF = re.compile(r"\bbedrijf\b.*\bgevestigd\b|\bgevestigd\b", re.I)
_ZINSDELEN = re.compile(r"[,.;!?]|\s+en\s+|\s+maar\s+", re.I)


def _citaat(tekst: str) -> str:
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= 160 else tekst[:157].rstrip() + "…"


def _zinsdeel(tekst: str, naam: str) -> str:
    """The part of the sentence around a place name (between commas, 'en', 'maar', full stops)."""
    plek = tekst.lower().find(naam.lower())
    if plek < 0:
        return tekst
    begin, eind = 0, len(tekst)
    for m in _ZINSDELEN.finditer(tekst):
        if m.end() <= plek:
            begin = m.end()
        elif m.start() >= plek + len(naam):
            eind = m.start()
            break
    return tekst[begin:eind]


def _gemeenten(tekst: str, vorige_vraag: str, vind_plaatsen: Callable[[str], list]) -> dict[str, str]:
    uit: dict[str, str] = {}
    for plaats in vind_plaatsen(tekst) or []:
        gemeente = getattr(plaats, "gemeente", None)
        naam = getattr(plaats, "naam", None) or getattr(plaats, "invoer", "") or ""
        if not gemeente or not getattr(plaats, "in_regio", True):
            continue
        deel = _zinsdeel(tekst, getattr(plaats, "invoer", None) or naam)
        if _WOONT.search(deel):
            uit.setdefault("woongemeente", gemeente)
        elif _BEDRIJF.search(deel):
            uit.setdefault("gemeente", gemeente)
        elif _VRAAGT_WOONGEMEENTE.search(vorige_vraag):
            uit.setdefault("woongemeente", gemeente)
        elif _VRAAGT_BEDRIJF.search(vorige_vraag):
            uit.setdefault("gemeente", gemeente)
    return uit


def feiten_uit_transcript(
    transcript: Iterable[dict], vind_plaatsen: Callable[[str], list] | None = None
) -> dict[str, Feit]:
    """Facts read from the employer's lines; the first line that states a fact wins.

    ``vind_plaatsen(tekst)`` returns the places named in a text (``Repository.find_plaatsen``);
    without it no municipalities are read."""
    feiten: dict[str, Feit] = {}
    vorige_vraag = ""
    for regel in transcript or []:
        if not isinstance(regel, dict):
            continue
        afzender = str(regel.get("afzender", "")).lower()
        tekst = " ".join(str(regel.get("tekst") or "").split())
        if afzender in _ASSISTENT:
            vorige_vraag = tekst
            continue
        if afzender not in _WERKGEVER or not tekst or tekst.startswith("/"):
            continue

        def zet(sleutel: str, waarde: str, tekst: str = tekst) -> None:
            if sleutel not in feiten and waarde:
                feiten[sleutel] = Feit(waarde, _citaat(tekst))

        if _TOESTAND.search(tekst):
            gevonden = [naam for patroon, naam in _UITKERINGEN if patroon.search(tekst)]
            zet("uitkering", ", ".join(dict.fromkeys(gevonden)))
        if _REGISTER_NEE.search(tekst):
            zet("doelgroepregister", "staat er niet in")
        elif _REGISTER_WEET_NIET.search(tekst):
            zet("doelgroepregister", "weet de werkgever niet")
        elif _REGISTER_JA.search(tekst):
            zet("doelgroepregister", "staat erin")
        m = _UREN.search(tekst)
        if m:
            zet("uren", f"{m.group(1).replace('.', ',')} uur per week")
        m = _START.search(tekst)
        if m:
            zet("startdatum", ((m.group(1) or "") + m.group(2)).strip())
        if vind_plaatsen is not None:
            for sleutel, gemeente in _gemeenten(tekst, vorige_vraag, vind_plaatsen).items():
                zet(sleutel, gemeente)
    return feiten
