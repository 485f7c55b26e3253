"""Helpers for tests that chat with a running assistant over HTTP (the REST channel), the way an
employer does: answer the contact form, read logs of the stack, check the language of answers."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable

# Common Dutch function words; an answer in Dutch has at least two of them.
NEDERLANDS = frozenset(
    "de het een u uw ik is van en niet wat kan met voor op dat over in welke graag of bij mij dit "
    "die geen ook om te naar wij we heeft hebt wilt kunt werkgever gemeente dank sorry bent zijn "
    "wordt als nog hoe waar wie hoeveel per gaat werknemer werken bijvoorbeeld week uur dan maar "
    "zit heb mag hier daar ons onze goed fijn ja nee welkom vraag vragen helpen regeling gesprek "
    "medewerker plaats ken".split()
)
# Words that would show an English (or technical) answer; none of them is Dutch.
ENGELS = frozenset(
    "the you your please error exception failed could would should internal server traceback "
    "null undefined none true false".split()
)
_WOORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def teksten(antwoorden: list[dict]) -> str:
    return "\n".join(str(a.get("text") or "") for a in antwoorden)


def taalprobleem(antwoorden: Any, invoer: str = "") -> str | None:
    """Why these answers are not a polite Dutch reply, or None when they are."""
    if not isinstance(antwoorden, list) or not antwoorden:
        return "geen antwoord"
    tekst = teksten(antwoorden)
    if not tekst.strip():
        return "alleen lege antwoorden"
    woorden = [w.lower() for w in _WOORD.findall(tekst)]
    echo = {w.lower() for w in _WOORD.findall(invoer)}  # an answer may quote the employer
    engels = sorted({w for w in woorden if w in ENGELS and w not in echo})
    if engels:
        return f"Engelse/technische woorden {engels}"
    if sum(w in NEDERLANDS for w in woorden) < 2:
        return "geen Nederlandse zin"
    return None


def post(url: str, payload: Any, timeout: float = 90.0, ruw: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
    """POST JSON (or raw bytes); returns (status, parsed body or text, headers). Never raises on
    an HTTP error status."""
    data = ruw if ruw is not None else json.dumps(payload).encode()
    request = urllib.request.Request(
        url, data=data, method="POST",
        headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body, status, kop = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        body, status, kop = error.read(), error.code, dict(error.headers)
    try:
        return status, json.loads(body or b"null"), kop
    except ValueError:
        return status, body.decode("utf-8", "replace"), kop


def zeg(rasa_url: str, sender: str, bericht: Any, timeout: float = 90.0) -> list[dict]:
    status, body, _ = post(f"{rasa_url}/webhooks/rest/webhook",
                           {"sender": sender, "message": bericht}, timeout=timeout)
    assert status == 200, f"HTTP {status}: {body!r}"
    assert isinstance(body, list), body
    return body


def formulier_antwoord(vraag: str, gegevens: dict[str, str]) -> str:
    """What an employer types to the contact form's question ``vraag`` (not the summary).

    The question proposed from the conversation is confirmed, or replaced by ``vraag``; the way
    of contact is ``contactvoorkeur``, else a reply by e-mail when an address is given (then no
    phone number is asked), else a call-back."""
    laag = vraag.lower()
    if "deze vraag geef ik door" in laag:
        return gegevens.get("vraag", "/affirm")
    if "waar gaat uw vraag over" in laag:
        return gegevens.get("vraag", "Mag ik een interne jobcoach inzetten?")
    if "terugbellen of een e-mail" in laag:
        return gegevens.get("contactvoorkeur",
                            "per e-mail" if gegevens.get("email") else "bellen, 's ochtends")
    if "uw naam" in laag:
        return gegevens["naam"]
    if "organisatie" in laag:
        return gegevens["organisatie"]
    if "terugbellen?" in laag:  # a call-back needs the number
        return gegevens.get("telefoon", "026 123 45 67")
    if "telefoonnummer" in laag:
        return gegevens.get("telefoon", "overslaan")
    if "e-mailadres" in laag:
        return gegevens.get("email", "geen e-mail")
    if "kvk" in laag:
        return gegevens.get("kvk", "overslaan")
    raise AssertionError(f"onverwachte vraag in het formulier:\n{vraag}")


def beantwoord_formulier(say: Callable[[str], list[dict]], eerste: list[dict],
                         gegevens: dict[str, str]) -> str:
    """Answer whatever the contact form asks (``formulier_antwoord``), confirm the summary;
    returns the last text (the confirmation)."""
    antwoord = teksten(eerste)
    for _ in range(16):
        laag = antwoord.lower()
        if "klopt dit?" in laag:
            antwoord = teksten(say("/affirm"))
            continue
        if "doorgegeven aan" in laag:
            return antwoord
        antwoord = teksten(say(formulier_antwoord(antwoord, gegevens)))
    raise AssertionError(f"formulier niet afgerond:\n{antwoord}")


def naar_formulier(say: Callable[[str], list[dict]], opening: str, gemeente: str) -> list[dict]:
    """Ask a question, ask for a person, give consent; returns the form's first question."""
    assert say(opening)
    aanbod = teksten(say("ik wil graag iemand spreken"))
    if "u heeft al een vraag doorgegeven" in aanbod.lower():  # a handover earlier in this session
        aanbod = teksten(say("/request_human"))  # "Een nieuwe vraag doorgeven"
    if "in welke gemeente" in aanbod.lower():
        aanbod = teksten(say(f'/inform_gemeente{{"plaats": "{gemeente}"}}'))
    assert "Uw vaste contactpersoon is" in aanbod, aanbod
    return say("ja")


class LogVenster:
    """What the stack's processes logged from now on (for "no tracebacks from our code")."""

    def __init__(self, log_dir: Path, namen: tuple[str, ...] = ("rasa", "actions")) -> None:
        self.paden = {naam: log_dir / f"{naam}.log" for naam in namen}
        self.begin = {naam: (p.stat().st_size if p.exists() else 0)
                      for naam, p in self.paden.items()}

    def nieuw(self) -> dict[str, str]:
        uit = {}
        for naam, pad in self.paden.items():
            with open(pad, "rb") as fh:
                fh.seek(self.begin[naam])
                uit[naam] = fh.read().decode("utf-8", "replace")
        return uit

    def fouten_uit_onze_code(self, root: Path) -> list[str]:
        """Log lines of tracebacks or crashed actions that point into our code."""
        onze = [str(root / d) for d in ("actions", "wsp", "assistant")]
        fouten = []
        for naam, tekst in self.nieuw().items():
            blokken = re.split(r"\n(?=\d{4}-\d{2}-\d{2} )", tekst)
            for blok in blokken:
                fout = ("Traceback" in blok or '"exception"' in blok
                        or "Encountered an exception while running action" in blok
                        or "Exception occurred during execution" in blok)
                if fout and (any(pad in blok for pad in onze)
                             or "Encountered an exception while running action" in blok):
                    fouten.append(f"{naam}: {blok[:1500]}")
        return fouten


# ---- special personal data typed into the chat (test_privacy_keten.py, test_storingen.py) -------

BSN, BSN_GROEPEN, IBAN = "111222333", "123 456 782", "NL91ABNA0417164300"
GEBOORTEDATUM = "12-03-1980"
GEZONDHEID = ("autisme", "burn-out", "diabetes", "epilepsie")
VERBODEN = (BSN, BSN_GROEPEN, BSN_GROEPEN.replace(" ", ""), IBAN, GEBOORTEDATUM, *GEZONDHEID)
OPENING = (f"Mijn kandidaat heeft autisme en had een burn-out, BSN {BSN}. "
           "Kan ik loonkostensubsidie krijgen in Arnhem?")
TWEEDE = (f"Hij is geboren op {GEBOORTEDATUM}, rekening {IBAN}, en heeft diabetes. "
          "Wat is de no-riskpolis?")
VRAAG_MET_GEGEVENS = (f"Kan ik een jobcoach krijgen voor mijn werknemer met epilepsie, "
                      f"BSN {BSN_GROEPEN}?")


def gevonden(tekst: str) -> list[str]:
    """Which of the forbidden values occur in the text (case-insensitive)."""
    laag = tekst.lower()
    return [v for v in VERBODEN if v.lower() in laag]


def gesprek_met_bijzondere_gegevens(say: Callable[[str], list[dict]], email: str
                                    ) -> tuple[list[dict], list[dict], str]:
    """Two questions full of special data, then a handover whose form holds more of it."""
    eerste, tweede = say(OPENING), say(TWEEDE)
    formulier = naar_formulier(say, "wie betaalt een jobcoach?", "Arnhem")
    bevestiging = beantwoord_formulier(say, formulier, {
        "naam": "Jan de Vries", "organisatie": "Bakkerij De Vries", "email": email,
        "telefoon": "026 123 45 67", "contactvoorkeur": "bellen, hij heeft autisme dus rustig",
        "vraag": VRAAG_MET_GEGEVENS})
    return eerste, tweede, bevestiging


def mailtekst(bericht: Any) -> str:
    """Headers and every decoded part of an e-mail message."""
    delen = [f"{k}: {v}" for k, v in bericht.items()]
    for deel in bericht.walk():
        if not deel.is_multipart():
            inhoud = deel.get_payload(decode=True) or b""
            delen.append(inhoud.decode(deel.get_content_charset() or "utf-8", "replace"))
    return "\n".join(delen)
