"""Insights count instruments and conversations as a team lead means them: a typed word the NLU took
for an instrument is mapped to the registry's id (synonyms, typos, markup) before it is counted, a word
that names no instrument goes to the editors' list instead of the chart, and a conversation that
crosses a session boundary of the turn limit (WSP_MAX_BEURTEN_PER_SESSIE) is one conversation.
From hand-made tracker events, without a database."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from wsp.inzichten.bronnen import Event
from wsp.inzichten.gesprekken import Gesprek, gesprekken, sessie_verlooptijd
from wsp.inzichten.herkenning import Herkenner, herkenner, nlu_synoniemen, sleutel
from wsp.inzichten.management import maak_managementrapport
from wsp.inzichten.periode import Periode
from wsp.inzichten.redactie import als_tekst, maak_redactierapport
from wsp.regels import regeling_namen

BEGIN = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)  # a Tuesday in ISO week 45
PERIODE = Periode.maak(date(2026, 11, 2), date(2026, 11, 8))


class Gesprekje:
    """Builds the events Rasa stores for one sender, minute by minute."""

    def __init__(self, sender: str, begin: datetime = BEGIN) -> None:
        self.sender, self.t, self.events = sender, begin, []
        self.sessie()

    def _e(self, soort: str, intent: str | None = None, actie: str | None = None, **data: Any) -> None:
        self.events.append(Event(self.sender, soort, self.t, intent, actie, data))

    def sessie(self, **meegenomen: str) -> Gesprekje:
        self._e("action", actie="action_session_start")
        self._e("session_started")
        for naam, waarde in meegenomen.items():
            self._e("slot", actie=naam, name=naam, value=waarde)
        self._e("action", actie="action_listen")
        return self

    def vraag(self, tekst: str, entiteit: str | None = None, intent: str = "ask_regeling",
              slots: dict[str, str] | None = None) -> Gesprekje:
        """A message; ``entiteit``: the value the NLU gave entity 'regeling'; ``slots``: what the action set."""
        entiteiten = [{"entity": "regeling", "value": entiteit}] if entiteit else []
        self._e("user", intent=intent, text=tekst,
                parse_data={"intent": {"name": intent}, "entities": entiteiten})
        self._e("action", actie="action_beantwoord_regeling")
        self._e("bot", text="Antwoord.")
        for naam, waarde in (slots or {}).items():
            self._e("slot", actie=naam, name=naam, value=waarde)
        self._e("action", actie="action_listen")
        self.t += timedelta(minutes=1)
        return self

    def stilte(self, minuten: int) -> Gesprekje:
        self.t += timedelta(minutes=minuten)
        return self

    def herstart(self) -> Gesprekje:
        self._e("restart")
        return self


def alle(*reeksen: Gesprekje) -> list[Gesprek]:
    return list(gesprekken([e for g in reeksen for e in g.events]))


# -- typed words -> instruments -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("woord", "regeling"),
    [
        ("loonkostensubsidie", "loonkostensubsidie"),  # the id
        ("lks", "loonkostensubsidie"),  # a synonym of synonyms.yml
        ("LKS?", "loonkostensubsidie"),  # case and punctuation
        ("<b>no risk</b>", "no_risk_polis"),  # markup
        ("De No-Risk polis!", "no_risk_polis"),
        ("loonkostensubsidy", "loonkostensubsidie"),  # a typo nobody listed
        ("jobcoachng", "jobcoaching"),
        ("Jobcoaching", "jobcoaching"),  # the name in knowledge/
        ("fiets", None),
        ("subsidie", None),
        ("", None),
    ],
)
def test_a_typed_word_maps_to_the_registry(woord: str, regeling: str | None):
    assert herkenner().regeling(woord) == regeling


def test_the_recogniser_reads_the_registry_and_the_nlu_synonyms_not_a_list_of_its_own():
    h = herkenner()
    assert h.ids == set(regeling_namen())
    # every synonym the NLU data teaches for an instrument is recognised as that instrument
    for spelling, rid in nlu_synoniemen():
        if rid in h.ids and sleutel(spelling) in h.spellingen:
            assert h.regeling(spelling) == rid, spelling


def test_a_spelling_two_instruments_share_or_a_short_typo_names_neither():
    h = Herkenner.maak({"a_regeling": "Alfa", "b_regeling": "Beta"}, [("ab", "a_regeling"), ("ab", "b_regeling")])
    assert h.regeling("ab") is None
    assert Herkenner.maak({"lks": "LKS", "lkv": "LKV"}, []).regeling("lkz") is None


def test_typed_words_are_counted_as_their_instrument_and_unknown_ones_go_to_the_editors():
    g = alle(
        Gesprekje("w1").vraag("Kan ik LKS krijgen?", "LKS?"),
        Gesprekje("w2").vraag("loonkostensubsidy voor mijn medewerker", "loonkostensubsidy"),
        Gesprekje("w3").vraag("hoe zit het met de <b>fietsregeling</b>", "<b>fietsregeling</b>")
                       .vraag("fietsregeling!!", "Fietsregeling!!"),
        Gesprekje("w4").vraag("no risk?", "no risk", slots={"regeling": "no risk"}),
    )
    assert [x.regelingen for x in g] == [["loonkostensubsidie"], ["loonkostensubsidie"], [], ["no_risk_polis"]]
    # the chart: instruments only
    rapport = maak_managementrapport(g, [], PERIODE)
    assert rapport.totaal.onderwerpen == Counter(loonkostensubsidie=2, no_risk_polis=1)
    # the editors' list: the unknown word once, however it was typed
    redactie = maak_redactierapport(g, PERIODE)
    [woord] = redactie.onbekende_regelingen
    assert (woord.aantal, woord.gesprekken) == (2, 1) and sleutel(woord.tekst) == "fietsregeling"
    tekst = als_tekst(redactie)
    assert "Woorden die de assistent voor een regeling hield, maar die geen regeling zijn (1):" in tekst
    assert ": 2× in 1 gesprek(ken)" in tekst and "assistant/data/nlu/synonyms.yml" in tekst


def test_a_slot_holding_a_typed_word_counts_as_the_instrument_for_the_region():
    [g] = alle(Gesprekje("w1").vraag("Velp, loonkostensubsidy", "loonkostensubsidy",
                                     slots={"regeling": "loonkostensubsidy", "woongemeente": "rheden"}))
    assert g.paren == {("loonkostensubsidie", "rheden")}


# -- one conversation across sessions ----------------------------------------------------------------
def test_a_session_ended_by_the_turn_limit_continues_the_conversation():
    w = Gesprekje("lang")
    w.vraag("Hoeveel uur jobcoaching?", "jobcoaching", slots={"regeling": "jobcoaching"})
    w.vraag("Wij zitten in Arnhem", intent="inform_gemeente", slots={"gemeente": "arnhem"})
    w.vraag("wie betaalt dat?")
    # the turn limit: Rasa starts a session one minute after the last message, slots carried over
    w.sessie(regeling="jobcoaching", gemeente="arnhem")
    w.vraag("en hoe lang duurt het?")
    w.vraag("en een proefplaats?", "proefplaats", slots={"regeling": "proefplaatsing"})
    [g] = alle(w)
    assert g.sessies == 2 and g.berichten == 5 and g.sleutel == "lang#1"
    assert g.regelingen == ["jobcoaching", "proefplaatsing"]
    assert g.paren == {("jobcoaching", "arnhem"), ("proefplaatsing", "arnhem")}
    assert maak_managementrapport([g], [], PERIODE).totaal.gesprekken == 1


def test_an_hour_of_silence_or_a_restart_starts_a_new_conversation():
    stil = Gesprekje("stil").vraag("Wat is jobcoaching?", "jobcoaching")
    stil.stilte(sessie_verlooptijd() // timedelta(minutes=1) + 1).sessie(regeling="jobcoaching")
    stil.vraag("Wat is de no-riskpolis?", "no-riskpolis")
    opnieuw = Gesprekje("opnieuw").vraag("Wat is jobcoaching?", "jobcoaching").herstart().sessie()
    opnieuw.vraag("Wat is LKS?", "lks")
    g = alle(stil, opnieuw)
    assert [(x.sender_id, x.regelingen, x.sessies) for x in g] == [
        ("stil", ["jobcoaching"], 1), ("stil", ["no_risk_polis"], 1),
        ("opnieuw", ["jobcoaching"], 1), ("opnieuw", ["loonkostensubsidie"], 1),
    ]
    assert maak_managementrapport(g, [], PERIODE).totaal.gesprekken == 4


def test_the_session_time_out_comes_from_the_domain():
    assert sessie_verlooptijd() == timedelta(minutes=60)


def test_the_editors_report_counts_the_findings_check_lists_not_the_known_states():
    from tests.support.regels import ROOT
    from wsp.inzichten.redactie import verouderde_bronnen
    from wsp.regels import controleer

    uitkomst = controleer(ROOT)
    verouderd, overig = verouderde_bronnen(ROOT)
    bevindingen = [m for m in uitkomst.fouten + uitkomst.waarschuwingen if m.groep is None]
    assert len(verouderd) + overig == len(bevindingen) < len(uitkomst.waarschuwingen)
