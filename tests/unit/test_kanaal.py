"""The hardened REST channel's input handling (assistant/addons/channel.py), property-based.
Over HTTP against the running assistant: tests/integration/test_robuustheid.py."""

from __future__ import annotations

import asyncio
import json
import unicodedata

import rasa.core.actions.action  # noqa: F401 - the channel imports it when built (heavy: at collection)
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.addons.channel import (
    GEBLOKKEERDE_INTENTS,
    KanaalInstellingen,
    WSPRestInput,
    normaliseer_tekst,
    verwerk_invoer,
)
from tests.support.coroutines import run_coroutine

INTENTS = frozenset({"affirm", "deny", "inform_gemeente", "request_human", "feedback", "restart",
                     "session_start"})
ENTITEITEN = frozenset({"plaats", "regeling", "waardering"})
ONZICHTBAAR = {"Cc", "Cf", "Cs", "Co", "Cn"}

json_waarden = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=200),
    lambda kind: st.lists(kind, max_size=4) | st.dictionaries(st.text(max_size=8), kind, max_size=3),
    max_leaves=8,
)
payloads = st.builds(
    lambda i, e, knip: "/" + i + ((json.dumps(e)[:knip] if knip else json.dumps(e)) if e else ""),
    st.sampled_from(sorted(INTENTS | {"hack", "x"})) | st.text(max_size=10),
    st.dictionaries(st.sampled_from(["plaats", "regeling", "bsn", "x"]), json_waarden, max_size=3),
    st.integers(0, 30),
)
invoer = st.one_of(st.text(), payloads, json_waarden, st.text(max_size=20_000))


@settings(max_examples=300, deadline=None)
@given(tekst=st.text() | st.text(max_size=20_000) | json_waarden, maximum=st.integers(1, 6000))
def test_normaliseer_tekst(tekst, maximum: int) -> None:  # type: ignore[no-untyped-def]
    uit = normaliseer_tekst(tekst, maximum)
    assert isinstance(uit, str) and len(uit) <= maximum
    assert not any(unicodedata.category(c) in ONZICHTBAAR for c in uit)
    assert uit == uit.strip() and "  " not in uit
    uit.encode("utf-8")  # no lone surrogates: storable and sendable
    assert normaliseer_tekst(uit, maximum) == uit


@settings(max_examples=300, deadline=None)
@given(ruw=invoer)
def test_verwerk_invoer_geeft_altijd_iets_bruikbaars(ruw) -> None:  # type: ignore[no-untyped-def]
    uit = verwerk_invoer(ruw, 5000, INTENTS, ENTITEITEN, "LEEG", "ONBEKEND")
    assert (uit.antwoord is None) != (uit.tekst == ""), uit
    if uit.antwoord is not None:
        return
    assert len(uit.tekst) <= 5000
    if uit.tekst.startswith("/"):
        intent, _, rest = uit.tekst[1:].partition("{")
        assert intent in INTENTS and intent not in GEBLOKKEERDE_INTENTS, uit
        if rest:
            entiteiten = json.loads("{" + rest)
            assert set(entiteiten) <= ENTITEITEN
            for waarde in entiteiten.values():
                assert isinstance(waarde, str) or (
                    isinstance(waarde, list) and all(isinstance(w, str) for w in waarde))


def test_voorbeelden() -> None:
    def v(t):  # type: ignore[no-untyped-def]
        return verwerk_invoer(t, 5000, INTENTS, ENTITEITEN, "LEEG", "ONBEKEND")

    assert v("").antwoord == v(" \t\n").antwoord == v("\u200b").antwoord == "LEEG"
    assert v(None).antwoord == v({"a": 1}).antwoord == v("\ud83d").antwoord == "LEEG"
    assert v("/hack").antwoord == v("/restart").antwoord == v("/").antwoord == "ONBEKEND"
    assert v('/inform_gemeente{"plaats": 12345}').tekst == '/inform_gemeente{"plaats": "12345"}'
    assert v('/inform_gemeente{"plaats": {"a": 1}, "evil": "x"}').tekst == "/inform_gemeente"
    assert v("/inform_gemeente{kapot").tekst == "/inform_gemeente"
    assert v("/affirm@0.01").tekst == "/affirm"
    assert v("/ hallo daar").tekst == "hallo daar"
    assert v("loon\x00kosten\u202esubsidie").tekst == "loonkostensubsidie"
    assert len(v("a " * 10_000).tekst) <= 5000
    # without a known domain (model still loading) payloads pass, cleaned
    assert verwerk_invoer("/iets", 5000, None, None, "L", "O").tekst == "/iets"


def test_storingstekst_komt_uit_de_instellingen() -> None:
    inst = KanaalInstellingen.van({"organisatie": "het WSP", "telefoon": "026 111 22 33",
                                   "email": "info@wsp.example", "actie_timeout": "7",
                                   "onbekend": "genegeerd"})
    assert inst.actie_timeout == 7.0
    for tekst in (inst.storing(), inst.te_traag()):
        assert "026 111 22 33" in tekst and "info@wsp.example" in tekst and "het WSP" in tekst
    assert "Er ging iets mis aan mijn kant" in inst.storing()
    assert "ook rechtstreeks contact" in KanaalInstellingen().storing()


def _gelijktijdig(maximum: int, berichten: int) -> tuple[int, list[str]]:
    """The most turns that ran at once through ``WSPRestInput._beurt``, and the order they began."""
    kanaal = WSPRestInput(KanaalInstellingen(max_gelijktijdig=maximum))
    bezig, hoogste, begonnen = [0], [0], []

    async def on_new_message(bericht) -> None:  # type: ignore[no-untyped-def]
        begonnen.append(bericht.text)
        bezig[0] += 1
        hoogste[0] = max(hoogste[0], bezig[0])
        await asyncio.sleep(0.01)  # an action-server call: other turns may run meanwhile
        await bericht.output_channel.send_text_message(bericht.sender_id, "antwoord")
        bezig[0] -= 1

    async def alle() -> list:
        return await asyncio.gather(*(kanaal._beurt(on_new_message, f"vraag {n}", f"s{n}", "rest")
                                      for n in range(berichten)))

    antwoorden = run_coroutine(alle())  # not asyncio.run: the browser tests keep a loop running
    assert all(a[0]["text"] == "antwoord" for a in antwoorden)
    return hoogste[0], begonnen


def test_een_worker_verwerkt_hoogstens_max_gelijktijdig_beurten_in_volgorde() -> None:
    hoogste, begonnen = _gelijktijdig(2, 10)
    assert hoogste == 2
    assert begonnen == [f"vraag {n}" for n in range(10)]  # the others waited their turn, in order
    assert _gelijktijdig(0, 10)[0] == 10  # 0: no limit
