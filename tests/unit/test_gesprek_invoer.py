"""wsp/gesprek.py: what employers type (hours, percentages, stop and skip words, contact details)
and the conversation counts the actions rely on."""

from __future__ import annotations

import pytest

from wsp.gesprek import (
    LksInvoer,
    consecutive_fallbacks,
    is_skip,
    is_stop,
    is_work_related,
    parse_email,
    parse_kvk,
    parse_lks_invoer,
    parse_number,
    parse_telefoon,
    recent_user_texts,
)


@pytest.mark.parametrize("text, expected", [
    ("32 uur, loonwaarde 60% in 2026", LksInvoer(32.0, 60.0, 2026)),
    ("24u en 55 procent", LksInvoer(24.0, 55.0, None)),
    ("36,5 uren", LksInvoer(36.5, None, None)),
    ("loonwaarde is 45", LksInvoer(None, 45.0, None)),
    ("loonwaarde: 70 %", LksInvoer(None, 70.0, None)),
    ("60 pct", LksInvoer(None, 60.0, None)),
    ("in 2025 werkt hij 20 uur", LksInvoer(20.0, None, 2025)),
    ("2026: 32 uur", LksInvoer(32.0, None, 2026)),  # the year is not read as hours
    ("Wat kost een werknemer met loonkostensubsidie?", LksInvoer()),
    ("", LksInvoer()),
    (None, LksInvoer()),
])
def test_parse_lks_invoer(text, expected):
    assert parse_lks_invoer(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("24", 24.0), ("ongeveer 24 uur", 24.0), ("32,5", 32.5), ("24.5", 24.5), ("0", 0.0),
    ("geen", None), ("", None), (None, None),
])
def test_parse_number_takes_the_first_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["stop", "Stoppen graag", "annuleren", "afbreken", "Laat maar",
                                  "toch niet", "  stop"])
def test_stop_words(text):
    assert is_stop(text)


@pytest.mark.parametrize("text", ["ik wil stoppen", "bushalte", "stopcontact", "", None, "24"])
def test_not_stop(text):
    assert not is_stop(text)


@pytest.mark.parametrize("text", ["overslaan", "sla over", "geen", "nee hoor", "niet", "weet ik niet",
                                  "heb ik niet", "n.v.t.", "nvt", "-", " - ", "--"])
def test_skip_words(text):
    assert is_skip(text)


@pytest.mark.parametrize("text", ["geenszins bezwaar", "ja", "-5", "0612345678", "", None])
def test_not_skip(text):
    assert not is_skip(text)


@pytest.mark.parametrize("text, expected", [
    ("Mail: Jan.de.Vries@Bakkerij.NL graag", "jan.de.vries@bakkerij.nl"),
    ("a.b+c@sub.example.org.", "a.b+c@sub.example.org"),
    ("jan@localhost", None),
    ("jan@@bakkerij.nl", None),
    ("geen e-mail", None),
    (None, None),
])
def test_parse_email(text, expected):
    assert parse_email(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("0612345678", "0612345678"),
    ("06-12345678", "0612345678"),
    ("(026) 123 45 67", "0261234567"),
    ("+31 6 1234 5678", "0612345678"),
    ("0031612345678", "0612345678"),
    ("Mijn nummer is 06 12345678", "0612345678"),
    ("tel 026 1234567", "0261234567"),
    ("0612345678 (mobiel)", "0612345678"),
    ("bel 0612345678 of 0687654321", "0612345678"),
    ("06 1234 567", None),  # nine digits
    ("061234567890", None),  # twelve digits
    ("12345678", None),  # a KvK number is not a phone number
    ("overslaan", None),
    (None, None),
])
def test_parse_telefoon(text, expected):
    assert parse_telefoon(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("12345678", "12345678"),
    ("1234 5678", "12345678"),
    ("KvK: 12.34.56.78", "12345678"),
    ("kvk 87654321 vestiging 000012345678", "87654321"),
    ("123456789", None),
    ("1234567", None),
    ("overslaan", None),
    (None, None),
])
def test_parse_kvk(text, expected):
    assert parse_kvk(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Mijn werknemer is vaak ziek", True),
    ("Wat kost een CAO-loon?", True),
    ("sollicitatiegesprek tips", True),
    ("iemand in dienst nemen", True),
    ("Wat wordt het weer morgen?", False),
    ("Hoe laat is het?", False),
    (None, False),
])
def test_is_work_related(text, expected):
    assert is_work_related(text) is expected


def user(text: str, intent: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def test_consecutive_fallbacks_counts_from_the_latest_message_back():
    events = [
        user("hallo", "greet"),
        {"event": "bot", "text": "Welkom"},
        user("huh", "nlu_fallback"),
        {"event": "action", "name": "action_onbegrepen"},
        user("wat is het weer", "out_of_scope"),
    ]
    assert consecutive_fallbacks(events) == 2
    assert consecutive_fallbacks(events + [user("jobcoach", "ask_regeling")]) == 0
    assert consecutive_fallbacks([]) == 0


def test_recent_user_texts_skips_buttons_and_given_intents():
    events = [
        user("Wat is een jobcoach?", "ask_regeling"),
        user("/affirm", "affirm"),
        user("ja", "affirm"),
        user("  ", "nlu_fallback"),
        user("En wie betaalt die?", "ask_regeling"),
    ]
    assert recent_user_texts(events) == ["Wat is een jobcoach?", "ja", "En wie betaalt die?"]
    assert recent_user_texts(events, limit=1) == ["En wie betaalt die?"]
    assert recent_user_texts(events, skip_intents={"affirm"}) == [
        "Wat is een jobcoach?", "En wie betaalt die?"]

def test_a_fallback_the_library_still_answered_is_no_miss():
    events = [
        user("huh", "nlu_fallback"),
        {"event": "action", "name": "action_onbegrepen"},
        user("ik zit in velp, kan ik lks krijgen", "nlu_fallback"),
        {"event": "action", "name": "action_onbegrepen"},
        {"event": "slot", "name": "vraag_id", "value": "loonkostensubsidie.voor_wie"},
        user("blabla", "nlu_fallback"),
    ]
    assert consecutive_fallbacks(events) == 1


def test_a_new_session_starts_the_count_again():
    events = [
        user("huh", "nlu_fallback"),
        {"event": "session_started"},
        user("blabla", "nlu_fallback"),
    ]
    assert consecutive_fallbacks(events) == 1
