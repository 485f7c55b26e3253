"""The editors' loop on the running system: an employer's question gets "Bedoelt u...?", the employer
picks the entry they meant; the editors' report (``python -m wsp.inzichten redactie
--export-voorbeelden``, reading the real tracker database) offers the typed question as a candidate
example; after review, ``python -m wsp.regels voorbeelden`` adds it to the knowledge file, and the
running assistant answers the same question directly: no restart, no training. None of the offered
entries fitting, "Mijn vraag staat er niet bij" shows the next ones, and a pick there counts as well."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.unit.test_voorbeelden_uit_keuzes import GEKOZEN, VRAAG
from wsp.devstack import ROOT
from wsp.regels import load_repository
from wsp.regels.antwoorden import KEUZE_TEKST, KNOP_MEER, MEER_TEKST, vraag_id_van
from wsp.regels.voorbeelden import lees_kandidaten

pytestmark = pytest.mark.stack


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    uit = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert uit.returncode == 0, uit.stdout + uit.stderr
    return uit


def test_a_picked_choice_becomes_an_example_and_the_question_is_answered_directly(stack, tmp_path) -> None:
    content = stack.content_root
    knowledge = {p: p.read_text(encoding="utf-8") for p in (content / "knowledge").glob("*.yml")}
    antwoord = " ".join(load_repository(content).vragen[GEKOZEN].antwoord.split())[:60]

    def vraag() -> list[dict]:
        return stack.say(stack.new_sender("keuze"), VRAAG)

    sender = stack.new_sender("keuze")
    eerst = stack.say(sender, VRAAG)
    assert eerst[0]["text"] == KEUZE_TEKST, eerst
    payload = "/kies_vraag" + json.dumps({"vraag_id": GEKOZEN})
    assert payload in [b["payload"] for b in eerst[0].get("buttons", [])]
    gekozen = stack.say(sender, payload)
    assert antwoord in " ".join(gekozen[0]["text"].split())

    tracker = f"sqlite:///{stack.stack.config.var_dir / 'tracker.sqlite'}"
    kandidaten = tmp_path / "kandidaten.yml"
    rapport = cli("wsp.inzichten", "--tracker-database-url", tracker, "--root", str(content),
                  "redactie", "--export-voorbeelden", str(kandidaten))
    assert 'Vragen die werkgevers kozen na "Bedoelt u...?"' in rapport.stdout
    assert VRAAG in lees_kandidaten(kandidaten)[GEKOZEN]
    # the editor's review: only this entry's wording stays (other tests chat on the same stack)
    kandidaten.write_text(f"voorbeelden:\n  {GEKOZEN}:\n    - {VRAAG}\n", encoding="utf-8")
    try:
        toegevoegd = cli("wsp.regels", "--root", str(content), "voorbeelden", str(kandidaten))
        assert "Toegevoegd: 1 voorbeeld(en) in knowledge/jobcoaching.yml" in toegevoegd.stdout
        deadline = time.monotonic() + 30
        while (laatste := vraag())[0]["text"] == KEUZE_TEKST:
            assert time.monotonic() < deadline, f"still a choice after the examples were added: {laatste}"
            time.sleep(1)
        assert antwoord in " ".join(laatste[0]["text"].split()), laatste
    finally:
        for pad, tekst in knowledge.items():
            pad.write_text(tekst, encoding="utf-8")
        deadline = time.monotonic() + 30
        while vraag()[0]["text"] != KEUZE_TEKST and time.monotonic() < deadline:
            time.sleep(1)


MEER_VRAAG = "wat kost het"  # the shipped library offers three entries and has more that fit (unit tests)


def test_mijn_vraag_staat_er_niet_bij_shows_the_next_entries_and_a_pick_there_is_a_candidate(stack, tmp_path) -> None:
    content = stack.content_root
    sender = stack.new_sender("meer")
    [keuze] = stack.say(sender, MEER_VRAAG)
    assert keuze["text"] == KEUZE_TEKST, keuze
    knoppen = [b["payload"] for b in keuze["buttons"]]
    assert knoppen[-2:] == [KNOP_MEER["payload"], "/request_human"]
    eerst = [vraag_id_van(p) for p in knoppen[:-2]]

    [meer] = stack.say(sender, KNOP_MEER["payload"])
    assert meer["text"] == MEER_TEKST, meer
    daarna = [i for i in (vraag_id_van(b["payload"]) for b in meer["buttons"]) if i]
    assert daarna and not set(daarna) & set(eerst)
    repo = load_repository(content)
    gekozen = repo.vragen[daarna[0]]
    [antwoord] = stack.say(sender, "/kies_vraag" + json.dumps({"vraag_id": gekozen.id}))
    assert " ".join(repo.vul_in(gekozen.antwoord).split())[:60] in " ".join(antwoord["text"].split())

    tracker = f"sqlite:///{stack.stack.config.var_dir / 'tracker.sqlite'}"
    kandidaten = tmp_path / "kandidaten.yml"
    cli("wsp.inzichten", "--tracker-database-url", tracker, "--root", str(content),
        "redactie", "--export-voorbeelden", str(kandidaten))
    assert MEER_VRAAG in lees_kandidaten(kandidaten)[gekozen.id]
