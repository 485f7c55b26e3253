"""Subscribing in the chat through the real assistant (Rasa server + action server + outbox +
inbox, ``stack`` fixture): the employer asks to be kept informed, names a place, gives an e-mail
address, receives the confirmation mail on the test's SMTP server and confirms with the link
(a real HTTP request to the inbox)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.abonnementen import http
from wsp.abonnementen.models import Abonnement
from wsp.db import session_scope

pytestmark = pytest.mark.stack


def _tekst(antwoorden: list[dict]) -> str:
    return "\n".join(a.get("text", "") for a in antwoorden)


def _platte_tekst(bericht) -> str:  # type: ignore[no-untyped-def]
    for deel in bericht.walk():
        if deel.get_content_type() == "text/plain":
            return deel.get_payload(decode=True).decode("utf-8")
    return ""


def _abonnementen(stack, email: str) -> list[Abonnement]:  # type: ignore[no-untyped-def]
    with session_scope(stack.database_url) as s:
        return list(s.execute(select(Abonnement).where(Abonnement.email == email)).scalars())


def test_werkgever_meldt_zich_aan_in_de_chat_en_bevestigt_per_mail(stack) -> None:  # type: ignore[no-untyped-def]
    sender = stack.new_sender("abonnement")
    email = f"{sender}@bouwbedrijf.example"
    eerste = _tekst(stack.say(sender, "Houd me op de hoogte van wijzigingen in de jobcoaching"))
    assert "welke gemeente" in eerste.lower(), eerste
    toestemming = _tekst(stack.say(sender, "Giesbeek"))
    assert "jobcoaching in gemeente Zevenaar" in toestemming, toestemming
    assert "één klik afmelden" in toestemming and "e-mailadres" in toestemming
    fout = _tekst(stack.say(sender, "dat weet ik niet"))
    assert "geen e-mailadres" in fout, fout
    klaar = _tekst(stack.say(sender, email))
    assert email in klaar and "bevestigen" in klaar, klaar

    [abonnement] = _abonnementen(stack, email)
    assert (abonnement.status, abonnement.gemeente, abonnement.regelingen) == (
        "wachtend", "zevenaar", ["jobcoaching"])
    assert abonnement.gesprek_id == sender and abonnement.toestemmingstekst in toestemming

    bericht = stack.mailbox.wait_for(lambda m: email in (m["To"] or ""), timeout=60)
    assert "Bevestig" in bericht["Subject"] and bericht["List-Unsubscribe"]
    url = re.search(r"https?://\S+/abonnement/bevestigen\?t=[A-Za-z0-9_-]{43}",
                    _platte_tekst(bericht)).group(0)
    assert url.startswith(stack.inbox_url)
    antwoord = http(url, data=b"", methode="POST")
    assert antwoord.status == 200 and "U bent aangemeld" in antwoord.tekst, antwoord.tekst
    assert _abonnementen(stack, email)[0].status == "actief"


def test_stoppen_bewaart_niets(stack) -> None:  # type: ignore[no-untyped-def]
    sender = stack.new_sender("abonnement-stop")
    stack.say(sender, "Ik wil in Duiven op de hoogte blijven van veranderingen")
    gestopt = _tekst(stack.say(sender, "stop"))
    assert "niet aangemeld" in gestopt, gestopt
    with session_scope(stack.database_url) as s:
        assert s.execute(select(Abonnement).where(Abonnement.gesprek_id == sender)).first() is None
