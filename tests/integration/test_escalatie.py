"""Escalation through the real assistant: chat → named accountmanager (who, by when, how) → contact
form (the question proposed from the conversation, call-back or e-mail) → handover stored with a
reference → mails delivered by the outbox worker to a real SMTP server started by the test → asking
again adds to the open handover."""

from __future__ import annotations

import re
import time
from email.message import Message

import pytest
from sqlalchemy import select

from tests.support.gesprek import beantwoord_formulier
from wsp.db import session_scope
from wsp.overdracht.models import OutboxBericht, Overdracht, Statuswijziging, Werkgever
from wsp.overdracht.toewijzing import vandaag_lokaal
from wsp.regels import default_store

pytestmark = pytest.mark.stack


def texts(responses: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in responses)


def body(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode("utf-8")
    return ""


def answer_form(stack, sender: str, first_reply: list[dict], details: dict[str, str]) -> str:
    """Answer whatever the contact form asks, the way an employer would; returns the last text."""
    return beantwoord_formulier(lambda text: stack.say(sender, text), first_reply, details)


def escalate(stack, sender: str, opening: str, gemeente: str, details: dict[str, str]) -> str:
    reply = texts(stack.say(sender, opening))
    offer = texts(stack.say(sender, "ik wil graag iemand spreken"))
    if "in welke gemeente" in offer.lower():
        offer = texts(stack.say(sender, f'/inform_gemeente{{"plaats": "{gemeente}"}}'))
    assert "Uw vaste contactpersoon is" in offer, offer
    assert reply
    return answer_form(stack, sender, stack.say(sender, "ja"), details) + "\n" + offer


def test_handover_reaches_the_named_accountmanager_with_context(stack) -> None:
    sender = stack.new_sender("overdracht")
    email = f"{sender}@bakkerij.example"
    final = escalate(
        stack,
        sender,
        "hoe zit het met een jobcoach voor mijn werknemer met BSN 111222333 in Arnhem?",
        "Arnhem",
        {"naam": "Jan de Vries", "organisatie": "Bakkerij De Vries", "email": email,
         "vraag": "Mag ik een interne jobcoach inzetten?"},
    )
    assert "neemt uiterlijk" in final, final

    with session_scope(stack.database_url) as session:
        handover = session.execute(
            select(Overdracht).where(Overdracht.gesprek_id == sender)
        ).scalar_one()
        assert handover.gemeente == "arnhem"
        assert "jobcoaching" in handover.regelingen
        assert handover.email == email
        assert handover.toestemming_op is not None
        assert "111222333" not in str(handover.transcript)
        public_id, am_id = handover.publieke_id, handover.accountmanager_id
    # the chat named the accountmanager the handover was assigned to (the mail, below, goes to the same)
    from wsp.regels import load_repository

    toegewezen = load_repository(stack.content_root).roster.get(am_id)
    assert toegewezen is not None and toegewezen.naam in final, (am_id, final)

    mail = stack.mailbox.wait_for(lambda m: public_id in (m["X-WSP-Overdracht"] or ""))
    text = body(mail)
    assert "Bakkerij De Vries" in mail["Subject"]
    assert "Jan de Vries" in text and email in text
    assert "Mag ik een interne jobcoach inzetten?" in text
    assert f"/overdrachten/{public_id}" in text
    assert "111222333" not in text and "[BSN verwijderd]" in text
    # the mail names the same person the employer was told about
    assert mail["To"].split("<")[0].strip() in final


def test_same_employer_gets_the_same_accountmanager_later(stack) -> None:
    email = f"vast-{time.time_ns()}@installateur.example"
    details = {"naam": "Fatima El Amrani", "organisatie": "Installatiebedrijf Amrani",
               "email": email}
    first_sender = stack.new_sender("vast1")
    escalate(stack, first_sender, "wat is een proefplaatsing?", "Arnhem", details)
    second_sender = stack.new_sender("vast2")
    final = escalate(stack, second_sender, "wat is een proefplaatsing?", "Zevenaar", details)
    with session_scope(stack.database_url) as session:
        rows = session.execute(
            select(Overdracht).where(Overdracht.email == email).order_by(Overdracht.id)
        ).scalars().all()
        assert len(rows) == 2
        assert rows[0].accountmanager_id == rows[1].accountmanager_id
        assert session.execute(
            select(Werkgever).where(Werkgever.email == email)
        ).scalar_one().accountmanager_id == rows[0].accountmanager_id
    # the chat never says whom an address belongs to; the confirmation mail to that address does
    # (tests/integration/test_aanvallen.py::test_chat_zegt_niet_bij_wie_een_emailadres_hoort)
    assert "al een vaste contactpersoon" not in final, final


def test_consent_refused_stores_nothing(stack) -> None:
    sender = stack.new_sender("geen-toestemming")
    stack.say(sender, "wat is de no-riskpolis")
    offer = texts(stack.say(sender, "kan ik iemand spreken?"))
    if "in welke gemeente" in offer.lower():
        offer = texts(stack.say(sender, '/inform_gemeente{"plaats": "Duiven"}'))
    assert "Mag ik dit gesprek" in offer
    refused = texts(stack.say(sender, "nee liever niet"))
    assert "niets door" in refused, refused
    with session_scope(stack.database_url) as session:
        assert session.execute(
            select(Overdracht).where(Overdracht.gesprek_id == sender)
        ).first() is None
    # the conversation goes on
    assert "Bron:" in texts(stack.say(sender, "wat is een proefplaatsing?"))


def test_invalid_contact_details_are_corrected_in_the_form(stack) -> None:
    sender = stack.new_sender("correctie")
    stack.say(sender, "ik wil een medewerker spreken")
    stack.say(sender, '/inform_gemeente{"plaats": "Elst"}')
    # nothing was asked before: the form asks the question, then how to get in touch
    assert "Waar gaat uw vraag over?" in texts(stack.say(sender, "ja"))
    way = texts(stack.say(sender, "Kan ik een proefplaatsing regelen voor een leerling?"))
    assert "terugbellen of een e-mail" in way, way
    assert "Wat is uw naam" in texts(stack.say(sender, "maakt mij niet uit"))
    stack.say(sender, "Piet Jansen")
    stack.say(sender, "Garage Jansen")
    wrong = texts(stack.say(sender, "piet@garage"))
    assert "geen geldig e-mailadres" in wrong, wrong
    stack.say(sender, "piet@garagejansen.example")
    wrong_phone = texts(stack.say(sender, "12345"))
    assert "geen geldig telefoonnummer" in wrong_phone, wrong_phone
    stack.say(sender, "0481 123 456")
    wrong_kvk = texts(stack.say(sender, "1234"))
    assert "8 cijfers" in wrong_kvk, wrong_kvk
    summary = texts(stack.say(sender, "overslaan"))
    assert "Klopt dit?" in summary and "piet@garagejansen.example" in summary, summary
    assert "proefplaatsing regelen voor een leerling" in summary, summary
    changed = texts(stack.say(sender, "wijzig e-mail"))
    assert "e-mailadres" in changed, changed
    summary = texts(stack.say(sender, "p.jansen@garagejansen.example"))
    assert "p.jansen@garagejansen.example" in summary, summary
    done = texts(stack.say(sender, "/affirm"))
    assert "doorgegeven aan" in done, done
    with session_scope(stack.database_url) as session:
        handover = session.execute(
            select(Overdracht).where(Overdracht.gesprek_id == sender)
        ).scalar_one()
        assert handover.email == "p.jansen@garagejansen.example"
        assert handover.telefoon == "0481123456"
        assert handover.gemeente == "overbetuwe"


def test_mail_server_down_delays_but_loses_nothing(stack) -> None:
    stack.mailbox.stop()
    try:
        sender = stack.new_sender("smtp-weg")
        escalate(stack, sender, "wat is loonkostenvoordeel?", "Doesburg",
                 {"naam": "Els Bakker", "organisatie": "Zorg aan de IJssel",
                  "email": f"{sender}@zorg.example"})
        with session_scope(stack.database_url) as session:
            handover = session.execute(
                select(Overdracht).where(Overdracht.gesprek_id == sender)
            ).scalar_one()
            public_id = handover.publieke_id
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with session_scope(stack.database_url) as session:
                bericht = session.execute(
                    select(OutboxBericht).where(OutboxBericht.overdracht_id == handover.id,
                                                OutboxBericht.ontvanger != f"{sender}@zorg.example")
                ).scalar_one()  # the mail to the accountmanager (not the employer's confirmation)
                if bericht.pogingen >= 1:
                    break
            time.sleep(0.5)
        assert bericht.status == "wachtend" and bericht.laatste_fout, "failed attempt is recorded"
    finally:
        stack.mailbox.start()
    # the outbox worker retries with back-off (first retry after 10 s)
    mail = stack.mailbox.wait_for(lambda m: public_id in (m["X-WSP-Overdracht"] or ""), timeout=60)
    assert "Zorg aan de IJssel" in mail["Subject"]
    copies = [m for m in stack.mailbox.messages if public_id in (m["X-WSP-Overdracht"] or "")]
    assert len(copies) == 1


def test_the_offer_says_what_happens_and_a_place_in_the_request_is_not_asked_again(stack) -> None:
    sender = stack.new_sender("duiven")
    offer = texts(stack.say(sender, "Mijn bedrijf zit in Duiven, ik wil iemand spreken"))
    roster = default_store().current().roster
    am = roster.beschikbaar(roster.kies("duiven"), vandaag_lokaal())
    assert "In welke gemeente" not in offer, offer
    assert f"Uw vaste contactpersoon is {am.naam}" in offer and "Duiven" in offer, offer
    assert am.telefoon in offer and am.email in offer, offer  # direct contact details
    # who, by when, how: before consent, so it does not sound like a live chat
    assert "geen medewerker mee in deze chat" in offer and "neemt uiterlijk" in offer, offer
    assert "terugbellen of een e-mail" in offer and "Mag ik dit gesprek" in offer, offer


def test_confirmed_question_reference_in_chat_and_mail_and_asking_again_adds_to_it(stack) -> None:
    sender = stack.new_sender("kenmerk")
    email = f"{sender}@hovenier.example"
    question = "Mag ik een interne jobcoach inzetten voor mijn medewerker in Arnhem?"
    say = lambda text: texts(stack.say(sender, text))  # noqa: E731
    say(question)
    offer = say("ik wil graag iemand spreken")
    assert "Uw vaste contactpersoon is" in offer, offer  # Arnhem came with the question
    proposal = say("ja")
    # the question she already asked, to confirm: not asked again
    assert "Deze vraag geef ik door" in proposal and question in proposal, proposal
    assert "in uw eigen woorden" not in proposal
    assert "terugbellen of een e-mail" in say("/affirm")  # "Ja, klopt"
    assert "Wat is uw naam" in say("per e-mail")  # "Stuur mij een e-mail"
    say("Ilse Peters")
    asked = say("Hoveniersbedrijf Peters")
    assert "Op welk e-mailadres kan uw contactpersoon u mailen?" in asked, asked
    say(email)  # no phone number asked for a reply by e-mail
    summary = say("overslaan")
    assert "Klopt dit?" in summary and "Telefoon" not in summary, summary
    done = say("/affirm")
    found = re.search(r"Uw kenmerk is (WSP-\d{4}-[2-9A-HJKMNP-Z]{6})\.", done)
    assert found, done
    kenmerk = found.group(1)

    with session_scope(stack.database_url) as session:
        handover = session.execute(
            select(Overdracht).where(Overdracht.gesprek_id == sender)).scalar_one()
        assert handover.kenmerk == kenmerk and handover.vraag == question
        assert handover.telefoon is None and handover.contactvoorkeur == "per e-mail"
        public_id, am_id = handover.publieke_id, handover.accountmanager_id
    am = default_store().current().roster.get(am_id)
    confirmation = stack.mailbox.wait_for(lambda m: (m["X-WSP-Bevestiging"] or "") == public_id)
    text = body(confirmation)
    assert kenmerk in confirmation["Subject"] and f"Uw kenmerk: {kenmerk}" in text
    assert am.naam in text and am.telefoon in text and am.email in text
    assert f"Kenmerk: {kenmerk}" in body(
        stack.mailbox.wait_for(lambda m: public_id in (m["X-WSP-Overdracht"] or "")
                               and not m["X-WSP-Bevestiging"]))

    # she asks for a person again: the open request, not a new form
    again = say("kan ik iemand spreken?")
    assert f"U heeft al een vraag doorgegeven (kenmerk {kenmerk})." in again, again
    assert "neemt uiterlijk" in again and "Wilt u iets aanvullen?" in again, again
    assert "Wat wilt u aanvullen?" in say("/affirm")
    added = say("Hij kan pas in februari beginnen, 24 uur per week.")
    assert "aanvulling doorgestuurd" in added and kenmerk in added, added
    with session_scope(stack.database_url) as session:
        [line] = session.execute(select(Statuswijziging).where(
            Statuswijziging.overdracht_id == handover.id,
            Statuswijziging.soort == "aanvulling")).scalars().all()
        assert "24 uur per week" in line.toelichting
    mail = stack.mailbox.wait_for(lambda m: (m["Subject"] or "").startswith("Aanvulling op")
                                  and kenmerk in m["Subject"])
    assert "24 uur per week" in body(mail) and mail["To"].endswith(f"<{am.email}>")
