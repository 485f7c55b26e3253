"""Real employer questions get the answer to the question they asked, end to end through the running
Rasa server and action server (scripts/evaluate_antwoorden.py; evaluation set
assistant/tests/antwoorden_eval.yml, never used for training)."""

from __future__ import annotations

import re
import sys

from tests.support.stack import RunningStack
from wsp.devstack import ROOT
from wsp.regels import load_repository

sys.path.insert(0, str(ROOT / "scripts"))
from evaluate_antwoorden import DREMPEL, MAX_FOUT, druk_af, evalueer, lees_evalset, samenvatting  # noqa: E402


def test_employers_get_the_answer_to_the_question_they_asked(stack: RunningStack) -> None:
    vragen = lees_evalset()
    assert len(vragen) >= 150
    assert all(re.match(r"https?://[\w.-]+\.\w+/", v.url) for v in vragen), "every question names its page"
    repo = load_repository(stack.content_root)
    bekend = set(repo.vragen)
    onbekend = [i for v in vragen for i in v.antwoord_ids if i not in bekend]
    assert not onbekend, f"evaluation set names entries that do not exist: {onbekend}"

    rijen = evalueer(vragen, stack.say, repo)
    tabel = samenvatting(rijen)
    print(druk_af(tabel))
    totaal = tabel["TOTAAL"]
    assert totaal["fout"] / totaal["n"] <= MAX_FOUT, druk_af(tabel) + "\n" + "\n".join(
        f"[fout] {r['vraag']} -> {r['gestuurd']} (verwacht {r['verwacht']})" for r in rijen if r["uitkomst"] == "fout")
    assert totaal["juist_of_keuze_pct"] / 100 >= DREMPEL, druk_af(tabel) + "\n" + "\n".join(
        f"[{r['uitkomst']}] {r['vraag']} -> {r['gestuurd']} (verwacht {r['verwacht']})"
        for r in rijen
        if r["uitkomst"] not in ("juist", "keuze_juist")
    )
