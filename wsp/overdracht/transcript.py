"""Turn Rasa tracker events (plain dicts) into the redacted transcript stored with a handover.

Works on the event dicts of ``tracker.events`` / ``GET /conversations/<id>/tracker`` and needs no
Rasa import. A transcript line is
``{"afzender": "werkgever"|"assistent", "tekst": str, "tijd": iso-8601 UTC | None, "knoppen": [str]}``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any, Iterable

from wsp.gesprek import ANSWERED_SLOTS
from wsp.privacy import redact
from wsp.regels.antwoorden import vraag_ids_van

WERKGEVER = "werkgever"
ASSISTENT = "assistent"

# How a button payload reads when the clicked button is no longer known.
INTENT_LEESBAAR: dict[str, str] = {
    "affirm": "Ja",
    "deny": "Nee",
    "greet": "Hallo",
    "goodbye": "Tot ziens",
    "thank": "Bedankt",
    "request_human": "Ik wil graag iemand spreken",
    "not_helpful": "Dit helpt me niet",
    "ask_gemeente_rules": "Wat geldt in mijn gemeente?",
    "calculate_lks": "Bereken de loonkostensubsidie",
    "ask_regeling": "Vraag over een regeling",
    "kies_vraag": "Een vraag uit de voorgestelde lijst",
    "meer_vragen": "Mijn vraag staat er niet bij",
}
FEEDBACK_LEESBAAR = {"positief": "Dit antwoord hielp (duim omhoog)",
                     "negatief": "Dit antwoord hielp niet (duim omlaag)"}

_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z0-9_\-]+)(?P<entities>\{.*\})?\s*$", re.DOTALL)


def _kind(event: dict) -> str | None:
    return event.get("event") or event.get("type")


def _iso(timestamp: Any) -> str | None:
    if timestamp is None:
        return None
    try:
        moment = datetime.fromtimestamp(float(timestamp), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return moment.isoformat(timespec="seconds")  # "2026-11-23T09:15:02+00:00"


def _button_titles(event: dict) -> list[str]:
    data = event.get("data") or {}
    buttons = data.get("buttons") or event.get("buttons") or []
    return [str(b.get("title", "")) for b in buttons if isinstance(b, dict)]


def _buttons(event: dict) -> list[dict]:
    data = event.get("data") or {}
    return [b for b in (data.get("buttons") or event.get("buttons") or []) if isinstance(b, dict)]


def leesbare_payload(payload: str, knoppen: Iterable[dict] = ()) -> str:
    """What the employer clicked: the title of the button with this payload if it was offered,
    else a readable Dutch form of the intent (and its values)."""
    payload = payload.strip()
    offered = list(knoppen)
    for button in offered:
        if str(button.get("payload", "")).strip() == payload and button.get("title"):
            return str(button["title"])
    m = _PAYLOAD.match(payload)
    if not m:
        return payload
    intent = m.group("intent")
    values: dict = {}
    if m.group("entities"):
        try:
            parsed = json.loads(m.group("entities"))
            values = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            values = {}
    # Same intent offered with the same values in another spelling (spacing, key order).
    for button in offered:
        other = _PAYLOAD.match(str(button.get("payload", "")).strip())
        if other and other.group("intent") == intent and button.get("title"):
            try:
                other_values = json.loads(other.group("entities") or "{}")
            except ValueError:
                continue
            if other_values == values:
                return str(button["title"])
    if intent == "feedback" and str(values.get("waardering")) in FEEDBACK_LEESBAAR:
        return FEEDBACK_LEESBAAR[str(values["waardering"])]
    if intent == "inform_gemeente" and values.get("plaats"):
        return str(values["plaats"])
    label = INTENT_LEESBAAR.get(intent, intent.replace("_", " "))
    extra = ", ".join(str(v) for v in values.values() if v not in (None, ""))
    return f"{label} ({extra})" if extra else label


# Where the assistant got stuck on the employer's line: the action that answered it, or its intent.
VASTGELOPEN_ACTIES = {
    "action_onbegrepen": "onbegrepen",
    "action_kern_fallback": "onbegrepen",
    "action_default_fallback": "onbegrepen",
    "action_buiten_bereik": "buiten_bereik",
}
VASTGELOPEN_INTENTS = {"nlu_fallback": "onbegrepen", "out_of_scope": "buiten_bereik"}


def _intent(event: dict) -> str:
    return str(((event.get("parse_data") or {}).get("intent") or {}).get("name") or "")


def _niet_geholpen(event: dict, text: str) -> bool:
    """The employer said the previous answer did not help (👎 in the widget, "dit helpt niet")."""
    intent = _intent(event)
    if intent == "not_helpful" or text.startswith("/not_helpful"):
        return True
    return (intent == "feedback" or text.startswith("/feedback")) and "negatief" in text


def _beantwoord(kind: str, event: dict) -> bool:
    """The assistant answered the employer's message: an entry or instrument was set (the rule of
    wsp.gesprek.consecutive_fallbacks), or it asked "Bedoelt u...?" with entries as buttons."""
    if kind == "slot":
        return event.get("name") in ANSWERED_SLOTS and bool(event.get("value"))
    return kind == "bot" and bool(vraag_ids_van(_buttons(event)))


def transcript_from_events(events: list[dict]) -> list[dict]:
    """The conversation as the accountmanager reads it, with special personal data removed.

    An employer line the assistant got stuck on carries ``"vastgelopen"``: ``onbegrepen``,
    ``buiten_bereik`` or ``niet_geholpen`` (the employer said the answer to it did not help)."""
    transcript: list[dict] = []
    offered: list[dict] = []  # buttons shown since the employer last spoke
    vraag: dict | None = None  # the employer's last line that was a question, not a reaction
    # a typed "did not help" (not_helpful) that the assistant then answered from the library after all
    # ("Hoe zorg je ervoor dat je niet verdrinkt in subsidies?", actions/gesprek.py): a question, and
    # no verdict on the previous answer. (the line, the question it marked or None)
    reactie_open: tuple[dict, dict | None] | None = None
    for event in events or []:
        if not isinstance(event, dict):
            continue
        kind = _kind(event)
        if reactie_open is not None and _beantwoord(kind, event):
            regel, gemarkeerd = reactie_open
            if gemarkeerd is not None:
                del gemarkeerd["vastgelopen"]
            vraag, reactie_open = regel, None
        if kind == "action" and vraag is not None and event.get("name") in VASTGELOPEN_ACTIES:
            vraag.setdefault("vastgelopen", VASTGELOPEN_ACTIES[event["name"]])
        if (kind == "slot" and vraag is not None and event.get("name") in ANSWERED_SLOTS
                and event.get("value") and vraag.get("vastgelopen") in ("onbegrepen", "buiten_bereik")):
            # the model was unsure, but the assistant answered it after all (the same rule as the
            # two-strikes count, wsp.gesprek.consecutive_fallbacks): not stuck
            del vraag["vastgelopen"]
        if kind == "bot":
            text = event.get("text") or ""
            titles = _button_titles(event)
            if not text and not titles:
                continue
            offered.extend(_buttons(event))
            transcript.append({
                "afzender": ASSISTENT,
                "tekst": redact(str(text)),
                "tijd": _iso(event.get("timestamp")),
                "knoppen": [redact(t) for t in titles],
            })
        elif kind == "user":
            text = str(event.get("text") or "").strip()
            if not text:
                continue
            reactie = _niet_geholpen(event, text)
            getypt = not text.startswith("/")
            gemarkeerd: dict | None = None
            if reactie and vraag is not None and "vastgelopen" not in vraag:
                vraag["vastgelopen"] = "niet_geholpen"
                gemarkeerd = vraag
            if not getypt:
                text = leesbare_payload(text, offered)
            offered = []
            regel = {
                "afzender": WERKGEVER,
                "tekst": redact(text),
                "tijd": _iso(event.get("timestamp")),
                "knoppen": [],
            }
            transcript.append(regel)
            reactie_open = (regel, gemarkeerd) if reactie and getypt else None
            if not reactie:
                vraag = regel
                if _intent(event) in VASTGELOPEN_INTENTS:
                    regel["vastgelopen"] = VASTGELOPEN_INTENTS[_intent(event)]
        elif kind in ("restart", "session_started"):
            offered = []
    return transcript


def laatste_antwoorden(transcript: list[dict], n: int = 3) -> list[str]:
    """The last ``n`` assistant texts, oldest first."""
    answers = [line["tekst"] for line in transcript
               if line.get("afzender") == ASSISTENT and line.get("tekst")]
    return answers[-n:] if n > 0 else []


def regelingen_uit_events(events: list[dict]) -> list[str]:
    """Instruments mentioned in the conversation: values of the slot ``regeling`` and of the
    entity ``regeling``, unique, in order of first appearance."""
    found: list[str] = []

    def add(value: Any) -> None:
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, str) and v.strip() and v.strip() not in found:
                found.append(v.strip())

    for event in events or []:
        if not isinstance(event, dict):
            continue
        kind = _kind(event)
        if kind == "slot" and event.get("name") == "regeling":
            add(event.get("value"))
        elif kind == "user":
            entities = (event.get("parse_data") or {}).get("entities") or []
            for entity in entities:
                if isinstance(entity, dict) and entity.get("entity") == "regeling":
                    add(entity.get("value"))
    return found
