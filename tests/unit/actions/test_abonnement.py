"""actions/abonnement.py: "Houd mij op de hoogte" in the chat (start, the form's questions and
checks, storing the request with its consent text in a real SQLite database)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from actions.abonnement import (
    MAX_POGINGEN,
    SLOTS,
    ActionAbonnementOpslaan,
    ActionAbonnementStart,
    ActionAskAbonnementEmail,
    ActionAskAbonnementGemeente,
    ValidateAbonnementForm,
)
from actions.common import repository
from tests.support.trackers import buttons, run, slots_set, texts, tracker
from wsp.abonnementen import chat, teksten
from wsp.abonnementen.models import Abonnement
from wsp.db import session_scope
from wsp.overdracht.models import OutboxBericht

GEVRAAGD = "2026-11-30T06:00:00+00:00"
IN_FORM = {"abonnement_gevraagd": GEVRAAGD, "abonnement_regelingen": ["loonkostensubsidie"],
           "abonnement_pogingen": 0}
CLEARED = {slot: None for slot in SLOTS} | {"requested_slot": None}


@pytest.fixture(scope="module")
def repo():  # type: ignore[no-untyped-def]
    return repository()


def validate(slot: str, typed: str, entities=(), **slots):  # type: ignore[no-untyped-def]
    return run(ValidateAbonnementForm(), tracker(
        "nieuw", typed, intent="inform", entities=entities,
        slots={**IN_FORM, "requested_slot": slot, **slots}, slot_candidates={slot: typed}))


def test_start_takes_the_instrument_of_the_conversation_and_the_place_named():
    events, messages = run(ActionAbonnementStart(), tracker(
        "na_lks_antwoord", "Houd mij op de hoogte van veranderingen in Zevenaar",
        intent="abonnement", entities={"plaats": "Zevenaar"}))

    slots = slots_set(events)
    assert datetime.fromisoformat(slots.pop("abonnement_gevraagd"))
    assert slots == {"abonnement_regelingen": ["loonkostensubsidie"], "abonnement_gemeente": "zevenaar",
                     "abonnement_email": None, "abonnement_toestemming": None,
                     "abonnement_pogingen": 0}
    assert messages == []


def test_start_with_a_place_outside_the_region_subscribes_nothing(repo):
    events, messages = run(ActionAbonnementStart(), tracker(
        "na_lks_antwoord", "Houd mij op de hoogte in Nijmegen", intent="abonnement",
        entities={"plaats": "Nijmegen"}))

    assert slots_set(events) == {slot: None for slot in SLOTS}
    assert texts(messages) == [teksten.buiten_regio("Nijmegen", repo.regio_naam)]


def test_the_municipality_question_offers_the_municipalities(repo):
    events, [message] = run(ActionAskAbonnementGemeente(), tracker("nieuw"))
    assert events == []
    assert message["text"] == teksten.VRAAG_GEMEENTE
    assert message["buttons"] == chat.gemeente_knoppen(repo)


def test_the_e_mail_question_shows_the_consent_text_first(repo):
    events, [message] = run(ActionAskAbonnementEmail(), tracker("nieuw", slots={
        "abonnement_regelingen": ["loonkostensubsidie"], "abonnement_gemeente": "zevenaar",
        "email": "jan@bakkerij.example"}))

    consent = chat.toestemmingstekst(repo, ["loonkostensubsidie"], "zevenaar")
    assert slots_set(events) == {"abonnement_toestemming": consent}
    assert message["text"] == f"{consent}\n\n{teksten.VRAAG_EMAIL}"
    assert "loonkostensubsidie" in consent and "Zevenaar" in consent
    # the address from an earlier contact form is offered as a button, never filled in
    assert buttons(message) == [("jan@bakkerij.example", "jan@bakkerij.example")]


def test_a_place_in_the_region_gives_its_municipality():
    events, messages = validate("abonnement_gemeente", "Velp", entities={"plaats": "Velp"})
    assert slots_set(events) == {"abonnement_gemeente": "rheden"}
    assert messages == []


def test_an_unknown_place_is_asked_again_and_the_third_time_ends_the_form():
    events, messages = validate("abonnement_gemeente", "Xyzdorp")
    assert slots_set(events) == {"abonnement_gemeente": None, "abonnement_pogingen": 1}
    assert texts(messages) == [teksten.GEEN_GEMEENTE]

    events, messages = validate("abonnement_gemeente", "Xyzdorp", abonnement_pogingen=MAX_POGINGEN - 1)
    assert slots_set(events) == CLEARED
    assert texts(messages) == [teksten.TE_VAAK_FOUT]


def test_stop_ends_the_form_and_keeps_nothing():
    events, messages = validate("abonnement_gemeente", "stop")
    assert slots_set(events) == CLEARED
    assert texts(messages) == [teksten.GESTOPT]


def test_the_e_mail_address_is_lower_cased_and_a_wrong_one_asked_again():
    events, _ = validate("abonnement_email", "Jan@Bakkerij.NL", abonnement_gemeente="duiven")
    assert slots_set(events) == {"abonnement_email": "jan@bakkerij.nl"}

    events, messages = validate("abonnement_email", "jan at bakkerij", abonnement_gemeente="duiven")
    assert slots_set(events) == {"abonnement_email": None, "abonnement_pogingen": 1}
    assert texts(messages) == [teksten.GEEN_EMAIL]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'abonnementen.sqlite'}"
    monkeypatch.setenv("WSP_DATABASE_URL", url)
    return url


def test_storing_keeps_the_request_with_its_consent_and_queues_the_confirmation_mail(database, repo):
    consent = chat.toestemmingstekst(repo, ["loonkostensubsidie"], "duiven")
    events, messages = run(ActionAbonnementOpslaan(), tracker("nieuw", "jan@bakkerij.nl", intent="inform", slots={
        **IN_FORM, "abonnement_gemeente": "duiven", "abonnement_email": "jan@bakkerij.nl",
        "abonnement_toestemming": consent}))

    assert slots_set(events) == {slot: None for slot in SLOTS}
    assert texts(messages) == [teksten.aangevraagd("jan@bakkerij.nl")]
    with session_scope(database) as db:
        [abonnement] = db.execute(select(Abonnement)).scalars().all()
        assert (abonnement.status, abonnement.email, abonnement.gemeente, abonnement.regelingen) == (
            "wachtend", "jan@bakkerij.nl", "duiven", ["loonkostensubsidie"])
        assert abonnement.toestemmingstekst == consent and abonnement.gesprek_id == "test-nieuw"
        assert db.execute(select(OutboxBericht.ontvanger)).scalars().all() == ["jan@bakkerij.nl"]


def test_nothing_is_stored_after_the_employer_stopped(database):
    events, messages = run(ActionAbonnementOpslaan(), tracker("nieuw", "stop", intent="inform"))
    assert slots_set(events) == {slot: None for slot in SLOTS} and messages == []
    with session_scope(database) as db:
        assert db.execute(select(Abonnement)).first() is None
