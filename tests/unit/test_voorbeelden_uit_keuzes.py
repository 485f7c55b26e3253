"""The answer library learns from "Bedoelt u...?": a typed question after which the employer picked one
of the offered entries becomes a candidate example of that entry (``wsp.inzichten`` redactie); the
editor adds the reviewed candidates with ``python -m wsp.regels voorbeelden`` (``wsp.regels.voorbeelden``),
which writes them into the knowledge file as text (layout and comments stay), skips what the library
already has and checks the files afterwards. From hand-made tracker events and a copy of the content."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.support.regels import echte_repo, kopie
from wsp.inzichten.bronnen import Event
from wsp.inzichten.gesprekken import GEEN_KEUZE, gesprekken
from wsp.inzichten.periode import Periode
from wsp.inzichten.redactie import als_tekst, maak_redactierapport, schrijf_voorbeeld_kandidaten
from wsp.regels import load_repository
from wsp.regels.antwoorden import GEEN_MEER_TEKST, KEUZE_TEKST, KNOP_MEER, MEER_TEKST
from wsp.regels.cli import main as regels_cli
from wsp.regels.voorbeelden import (
    KandidatenFout,
    ToevoegFout,
    lees_kandidaten,
    voeg_toe,
    yaml_scalar,
)

BEGIN = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)
PERIODE = Periode.maak(date(2026, 11, 2), date(2026, 11, 8))
# what the shipped library answers with "Bedoelt u...?" (checked below), and the entry the employer meant
VRAAG = "wat moet ik doen als de jobcoach stopt"
GEKOZEN = "jobcoaching.verlengen"


def knop(vraag_id: str) -> dict[str, str]:
    return {"title": vraag_id, "payload": "/kies_vraag" + json.dumps({"vraag_id": vraag_id})}


class Gesprek:
    """The events Rasa stores for one sender (bot data as the SQL tracker store keeps it)."""

    def __init__(self, sender: str) -> None:
        self.sender, self.t, self.events = sender, BEGIN, []
        self._e("session_started")

    def _e(self, soort: str, intent: str | None = None, **data: Any) -> None:
        self.events.append(Event(self.sender, soort, self.t, intent, None, data))
        self.t += timedelta(seconds=20)

    def typ(self, tekst: str, intent: str = "ask_regeling") -> Gesprek:
        self._e("user", intent, text=tekst, parse_data={"intent": {"name": intent}, "entities": []})
        return self

    def klik(self, vraag_id: str) -> Gesprek:
        self._e("user", "kies_vraag", text="/kies_vraag" + json.dumps({"vraag_id": vraag_id}),
                parse_data={"intent": {"name": "kies_vraag"},
                            "entities": [{"entity": "vraag_id", "value": vraag_id}]})
        return self

    def keuze(self, *ids: str) -> Gesprek:
        self._e("bot", text=KEUZE_TEKST, data={"buttons": [*map(knop, ids), {"title": "Spreek een medewerker",
                                                                              "payload": "/request_human"}]})
        return self

    def meer(self, *ids: str, getypt: bool = False) -> Gesprek:
        """"Mijn vraag staat er niet bij" (clicked, or typed) and the next entries (none: no more fit)."""
        tekst = "mijn vraag staat er niet bij" if getypt else KNOP_MEER["payload"]
        self._e("user", "meer_vragen", text=tekst, parse_data={"intent": {"name": "meer_vragen"}, "entities": []})
        self._e("bot", text=MEER_TEKST if ids else GEEN_MEER_TEKST,
                data={"buttons": [*map(knop, ids), {"title": "Spreek een medewerker", "payload": "/request_human"}]})
        return self

    def antwoord(self, *zie_ook: str) -> Gesprek:
        self._e("bot", text="Een antwoord.", data={"buttons": [knop(i) for i in zie_ook]})
        return self


def rapport(*reeksen: Gesprek, root: Path | None = None):
    events = [e for g in reeksen for e in g.events]
    return maak_redactierapport(list(gesprekken(events)), PERIODE, root)


def test_the_shipped_library_asks_bedoelt_u_for_the_test_question() -> None:
    beslissing = echte_repo().vraag_index.beslis(VRAAG)
    assert beslissing.soort == "keuze"
    assert GEKOZEN in [k.vraag.id for k in beslissing.kandidaten]


def test_a_pick_after_bedoelt_u_is_a_candidate_and_a_pass_is_a_question_for_the_editors() -> None:
    a = Gesprek("a").typ(VRAAG).keuze("jobcoaching.wat_is_het", GEKOZEN).klik(GEKOZEN).antwoord()
    b = Gesprek("b").typ("Wat als de jobcoach ermee ophoudt?").keuze("jobcoaching.wat_is_het", GEKOZEN) \
        .klik(GEKOZEN).antwoord()
    c = Gesprek("c").typ(VRAAG).keuze("jobcoaching.wat_is_het", GEKOZEN).klik(GEKOZEN).antwoord()
    # none of the buttons: the employer types again, or asks for a person
    d = Gesprek("d").typ("krijg ik geld voor een stoel").keuze("werkplekaanpassing.voorbeelden", "x.y") \
        .typ("een bureaustoel bedoel ik").antwoord()
    e = Gesprek("e").typ("hoe zit het met de loonwaarde").keuze("a.b", "c.d") \
        .klik("onbekend.vraag").antwoord()  # a button the choice did not offer: not a pick
    # a related-question button under an answer is no pick after "Bedoelt u...?"
    f = Gesprek("f").typ("Wat is jobcoaching?").antwoord(GEKOZEN).klik(GEKOZEN).antwoord()
    # a follow-up only makes sense after the previous question: no example of its own
    g = Gesprek("g").typ("en voor iemand met een Wajong?").keuze(GEKOZEN, "x.y").klik(GEKOZEN).antwoord()

    r = rapport(a, b, c, d, e, f, g)
    assert [k.vraag_id for k in r.gekozen] == [GEKOZEN]
    kandidaat = r.gekozen[0]
    assert kandidaat.wordingen == ((VRAAG, 2), ("Wat als de jobcoach ermee ophoudt?", 1))
    assert kandidaat.gesprekken == 3
    assert r.aantallen[GEEN_KEUZE] == 2
    teksten = {v for gr in r.groepen for v in gr.voorbeelden}
    assert teksten == {"krijg ik geld voor een stoel", "hoe zit het met de loonwaarde"}
    tekst = als_tekst(r)
    assert 'Vragen die werkgevers kozen na "Bedoelt u...?" (1)' in tekst
    assert f"“{VRAAG}” (2×)" in tekst
    assert '"Bedoelt u...?" zonder passende keuze 2' in tekst


def test_a_pick_after_mijn_vraag_staat_er_niet_bij_is_a_candidate_for_the_question_typed() -> None:
    a = Gesprek("a").typ(VRAAG).keuze("jobcoaching.wat_is_het", "x.y").meer("a.b", GEKOZEN).klik(GEKOZEN).antwoord()
    b = Gesprek("b").typ(VRAAG).keuze("jobcoaching.wat_is_het", "x.y").meer(GEKOZEN, getypt=True) \
        .klik(GEKOZEN).antwoord()
    # the first buttons are still there: a pick of one of them counts too
    c = Gesprek("c").typ(VRAAG).keuze(GEKOZEN, "x.y").meer("a.b").klik(GEKOZEN).antwoord()
    # no more entries fitted, or none of the next ones did: the question goes to the editors
    d = Gesprek("d").typ("krijg ik geld voor een stoel").keuze("x.y", "a.b").meer().typ("een bureaustoel").antwoord()
    e = Gesprek("e").typ("hoe zit het met de loonwaarde").keuze("x.y", "a.b").meer("c.d") \
        .klik("onbekend.vraag").antwoord()

    r = rapport(a, b, c, d, e)
    assert [(k.vraag_id, k.wordingen, k.gesprekken) for k in r.gekozen] == [(GEKOZEN, ((VRAAG, 3),), 3)]
    assert r.aantallen[GEEN_KEUZE] == 2
    assert {v for gr in r.groepen for v in gr.voorbeelden} == {"krijg ik geld voor een stoel",
                                                                "hoe zit het met de loonwaarde"}


def test_what_the_library_already_has_is_no_candidate(tmp_path: Path) -> None:
    root = kopie(tmp_path / "inhoud")
    bestaand = load_repository(root).vragen[GEKOZEN].voorbeelden[0]
    a = Gesprek("a").typ(bestaand.upper() + "?").keuze(GEKOZEN, "x.y").klik(GEKOZEN).antwoord()
    b = Gesprek("b").typ("Is er iets na de drie jaar jobcoaching?").keuze("weg.vraag", "x.y") \
        .klik("weg.vraag").antwoord()  # an entry the library no longer has
    assert rapport(a, b, root=root).gekozen == ()


def test_export_review_and_add_make_the_question_answered_directly(tmp_path: Path) -> None:
    root = kopie(tmp_path / "inhoud")
    bestand = root / "knowledge" / "jobcoaching.yml"
    voor = bestand.read_text(encoding="utf-8")
    lastig = "jobcoach stopt: en nu? # na 3 jaar"  # YAML would read this plain line otherwise
    a = Gesprek("a").typ(VRAAG).keuze("jobcoaching.wat_is_het", GEKOZEN).klik(GEKOZEN).antwoord()
    b = Gesprek("b").typ(lastig).keuze("jobcoaching.wat_is_het", GEKOZEN).klik(GEKOZEN).antwoord()
    pad = tmp_path / "kandidaten.yml"
    assert schrijf_voorbeeld_kandidaten(rapport(a, b, root=root), pad, date(2026, 11, 9)) == 2
    assert lees_kandidaten(pad) == {GEKOZEN: sorted([VRAAG, lastig], key=str.casefold)}

    out, err = io.StringIO(), io.StringIO()
    assert regels_cli(["--root", str(root), "voorbeelden", str(pad)], out, err) == 0, err.getvalue()
    assert "Toegevoegd: 2 voorbeeld(en) in knowledge/jobcoaching.yml" in out.getvalue()
    assert "trainen is niet nodig" in out.getvalue()

    na = bestand.read_text(encoding="utf-8")
    toegevoegd = [r for r in na.splitlines() if r not in voor.splitlines()]
    assert toegevoegd == [f"      - {yaml_scalar(w)}" for w in sorted([VRAAG, lastig], key=str.casefold)]
    assert len(na.splitlines()) == len(voor.splitlines()) + 2  # nothing else changed
    assert [r for r in voor.splitlines() if r.lstrip().startswith("#")] == \
        [r for r in na.splitlines() if r.lstrip().startswith("#")]  # the editors' comments stay
    repo = load_repository(root)
    assert {VRAAG, lastig} <= set(repo.vragen[GEKOZEN].voorbeelden)
    beslissing = repo.vraag_index.beslis(VRAAG)
    assert (beslissing.soort, beslissing.beste.id) == ("antwoord", GEKOZEN)

    # adding the same file again changes nothing and says why
    out = io.StringIO()
    assert regels_cli(["--root", str(root), "voorbeelden", str(pad)], out, io.StringIO()) == 0
    assert "Geen nieuwe voorbeelden toegevoegd." in out.getvalue()
    assert "staat al bij deze vraag" in out.getvalue()
    assert bestand.read_text(encoding="utf-8") == na


def test_unknown_ids_and_examples_of_another_entry_are_skipped(tmp_path: Path) -> None:
    root = kopie(tmp_path / "inhoud")
    repo = load_repository(root)
    ander = repo.vragen["no_risk_polis.duur"].voorbeelden[0]
    uit = voeg_toe(root, repo, {"bestaat.niet": ["iets"], GEKOZEN: [ander, "!!!"]})
    assert uit.aantal == 0 and uit.bestanden == []
    redenen = {(i, t): r for i, t, r in uit.overgeslagen}
    assert redenen[("bestaat.niet", "iets")] == "deze vraag-id bestaat niet (meer)"
    assert redenen[(GEKOZEN, ander)] == "staat al bij no_risk_polis.duur"
    assert redenen[(GEKOZEN, "!!!")] == "bevat geen woorden"


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        ("voorbeelden:\n  a.b: [x\n", "regel"),
        ("- zomaar een lijst\n", "verwacht 'voorbeelden:'"),
        ("voorbeelden:\n  a.b: losse tekst\n", "onder 'a.b' hoort een lijst"),
    ],
)
def test_a_broken_candidates_file_gets_a_dutch_message_and_changes_nothing(
    tmp_path: Path, inhoud: str, melding: str
) -> None:
    root = kopie(tmp_path / "inhoud")
    pad = tmp_path / "kandidaten.yml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(KandidatenFout, match=melding):
        lees_kandidaten(pad)
    err = io.StringIO()
    voor = (root / "knowledge" / "jobcoaching.yml").read_text(encoding="utf-8")
    assert regels_cli(["--root", str(root), "voorbeelden", str(pad)], io.StringIO(), err) == 1
    assert str(pad) in err.getvalue()
    assert (root / "knowledge" / "jobcoaching.yml").read_text(encoding="utf-8") == voor


def test_examples_written_as_a_flow_list_are_left_to_the_editor(tmp_path: Path) -> None:
    root = kopie(tmp_path / "inhoud")
    rel = "knowledge/jobcoaching.yml"
    tekst = (root / rel).read_text(encoding="utf-8")
    begin = tekst.index(f"  - id: {GEKOZEN}\n")
    lijst_begin = tekst.index("    voorbeelden:\n", begin)
    lijst_eind = tekst.index("    antwoord:", lijst_begin)
    voorbeelden = load_repository(root).vragen[GEKOZEN].voorbeelden
    flow = "    voorbeelden: [" + ", ".join(json.dumps(v, ensure_ascii=False) for v in voorbeelden) + "]\n"
    (root / rel).write_text(tekst[:lijst_begin] + flow + tekst[lijst_eind:], encoding="utf-8")
    voor = (root / rel).read_text(encoding="utf-8")
    with pytest.raises(ToevoegFout, match="staan niet als lijst"):
        voeg_toe(root, load_repository(root), {GEKOZEN: [VRAAG]})
    assert (root / rel).read_text(encoding="utf-8") == voor
