"""Tune the answer-library search (wsp/regels/zoeken.py) on the library's OWN examples, never on the
evaluation set: leave-one-out over every ``voorbeelden`` line (the line is left out of the index and
asked as a question), once as a first question and once as a follow-up (the conversation is about the
entry's instrument, the line names none).

Prints, per setting, how many lines get their own entry as the answer, as a choice, a wrong answer, or
nothing; ``--grid`` searches the bonuses and thresholds and prints the best settings.

``--dev`` also asks the questions of the development set (``assistant/tests/antwoorden_dev.yml``, real
employer questions; never the evaluation set) of an index over the whole library, in process (no Rasa):
the instruments a question names are found by name as for the example lines (the assistant also has the
NLU entities), a follow-up (``voorafgaand``) gets the instrument of the previous question's top entry as
context, or is searched as the previous question with the follow-up in place of its question mark when
it only changes whom it is about (``als_aanvulling``), as the assistant does. A proxy, fit for comparing
changes. Questions without an expected entry (``antwoord_id: null``) are left out.

    .venv/bin/python scripts/tune_zoeken.py
    .venv/bin/python scripts/tune_zoeken.py --dev
    .venv/bin/python scripts/tune_zoeken.py --dev --zonder-cv   # the development set only (seconds)
    .venv/bin/python scripts/tune_zoeken.py --grid
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path(os.environ.get("WSP_CONTENT_ROOT") or ROOT)
sys.path.insert(0, str(ROOT))

from wsp.regels import load_repository  # noqa: E402
from wsp.regels.zoeken import Beslissing, Drempels, VraagIndex, als_aanvulling, normaliseer  # noqa: E402

DEVSET = ROOT / "assistant" / "tests" / "antwoorden_dev.yml"


def namen_van(repo) -> dict[str, set[str]]:
    """The normalised names of every instrument (name, id, abbreviation)."""
    return {
        r.id: {normaliseer(r.naam), normaliseer(r.id.replace("_", " "))} | ({normaliseer(r.afkorting)} if r.afkorting else set())
        for r in repo.regelingen.values()
    }


def genoemd_in(namen: dict[str, set[str]], tekst: str) -> frozenset[str]:
    """Whole-word match ("lkv" is not named in "tolkvoorziening")."""
    norm = f" {normaliseer(tekst)} "
    return frozenset(r for r, ns in namen.items() if any(n and f" {n} " in norm for n in ns))


def gevallen(repo) -> list[tuple[str, str, frozenset[str], str | None]]:
    """(question, expected id, instruments it names, conversation context) for every example line."""
    namen = namen_van(repo)
    uit = []
    for v in repo.vragen.values():
        for tekst in v.voorbeelden:
            genoemd = genoemd_in(namen, tekst)
            uit.append((tekst, v.id, genoemd, None if genoemd else v.regeling))
    return uit


def meet_dev(repo, drempels: Drempels, pad: Path = DEVSET, index: VraagIndex | None = None,
             toon: bool = False) -> Counter[str]:
    """The development set's questions asked of an index over the whole library (see the docstring)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from evaluate_antwoorden import lees_evalset

    namen = namen_van(repo)
    index = index or repo.maak_vraag_index(drempels)
    c: Counter[str] = Counter()
    for ev in lees_evalset(pad):
        if not ev.antwoord_ids:
            continue
        tekst, genoemd, context, herhaald = ev.vraag, genoemd_in(namen, ev.vraag), None, None
        if ev.voorafgaand and not genoemd:
            vorige = index.zoek(ev.voorafgaand, genoemd_in(namen, ev.voorafgaand))
            if vorige:
                context = vorige[0].vraag.regeling
                aanvulling = als_aanvulling(ev.vraag, vorige[0].vraag.vraag)
                if aanvulling is not None:
                    tekst, herhaald = aanvulling, vorige[0].vraag.id
        ranking = [k.vraag.id for k in index.zoek(tekst, genoemd, context)[:3]]
        c["top1"] += bool(set(ranking[:1]) & set(ev.antwoord_ids))
        c["top3"] += bool(set(ranking) & set(ev.antwoord_ids))
        b = index.beslis(tekst, genoemd, context, herhaald)
        uitkomst, ids = tel(c, b, set(ev.antwoord_ids))
        if toon and uitkomst not in ("juist",):
            print(f"  {uitkomst:<11} {ev.vraag[:70]!r:<72} verwacht {'|'.join(ev.antwoord_ids)}  kreeg {','.join(ids[:3])}")
    return c


FOLDS = 5


def indexen(repo, drempels: Drempels, cases) -> list[tuple[VraagIndex, list]]:
    """5-fold cross-validation: each fold's example lines are left out of the index they are asked of."""
    uit = []
    for f in range(FOLDS):
        deel = cases[f::FOLDS]
        weg = frozenset((verwacht, tekst) for tekst, verwacht, _, _ in deel)
        uit.append((repo.maak_vraag_index(drempels, weglaten=weg), deel))
    return uit


def meet(folds: list[tuple[VraagIndex, list]], drempels: Drempels) -> Counter[str]:
    c: Counter[str] = Counter()
    for index, deel in folds:
        index.drempels = drempels
        c += meet_fold(index, deel)
    return c


def meet_fold(index: VraagIndex, cases) -> Counter[str]:
    c: Counter[str] = Counter()
    for tekst, verwacht, genoemd, context in cases:
        ranking = [k.vraag.id for k in index.zoek(tekst, genoemd, context)[:3]]
        c["top1"] += ranking[:1] == [verwacht]
        c["top3"] += verwacht in ranking
        tel(c, index.beslis(tekst, genoemd, context), {verwacht})
    return c


def tel(c: Counter[str], b: Beslissing, verwacht: set[str]) -> tuple[str, list[str]]:
    """Count what ``beslis`` sends (one of ``UITKOMSTEN``), and for a choice without the expected
    entry whether "Mijn vraag staat er niet bij" shows it (``meer_juist``); returns (outcome, ids sent)."""
    ids = [k.vraag.id for k in b.kandidaten]
    if b.soort == "antwoord":
        uitkomst = "juist" if ids[0] in verwacht else "fout"
    elif b.soort == "keuze":
        uitkomst = "keuze_juist" if set(ids) & verwacht else "keuze_fout"
        c["meer_juist"] += uitkomst == "keuze_fout" and bool({k.vraag.id for k in b.overige} & verwacht)
    else:
        uitkomst = "geen"
    c[uitkomst] += 1
    return uitkomst, ids


def score(c: Counter[str]) -> float:
    """Right answers count fully, a right choice half; a wrong answer costs more than no answer."""
    return c["juist"] + 0.5 * c["keuze_juist"] - 1.5 * c["fout"] - 0.3 * c["keuze_fout"]


UITKOMSTEN = ("juist", "keuze_juist", "fout", "keuze_fout", "geen")


def regel(naam: str, c: Counter[str]) -> str:
    """One line of figures: what ``beslis`` sends (right answer, right among the choices = "juist+keuze",
    wrong answer, choice without it -- of which "Mijn vraag staat er niet bij" shows it: meer+ --,
    nothing) and the ranking itself (expected entry first / in the top 3)."""
    n = sum(c[u] for u in UITKOMSTEN) or 1
    return (
        f"{naam:<24} n={n:4}  juist {100 * c['juist'] / n:5.1f}%  keuze+ {100 * c['keuze_juist'] / n:4.1f}%  "
        f"(juist+keuze {100 * (c['juist'] + c['keuze_juist']) / n:5.1f}%)  "
        f"fout {100 * c['fout'] / n:4.1f}%  keuze- {100 * c['keuze_fout'] / n:4.1f}% (meer+ {100 * c['meer_juist'] / n:4.1f}%)  "
        f"geen {100 * c['geen'] / n:4.1f}%  | top1 {100 * c['top1'] / n:5.1f}%  top3 {100 * c['top3'] / n:5.1f}%"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--dev", action="store_true", help="also measure on the development set")
    parser.add_argument("--zonder-cv", action="store_true", help="skip the cross-validation (with --dev)")
    parser.add_argument("--toon", action="store_true", help="with --dev: print every question not answered right")
    args = parser.parse_args()
    repo = load_repository(CONTENT)
    cases = gevallen(repo)
    basis = Drempels()
    print(f"{len(repo.vragen)} entries, {len(cases)} example lines")
    if not args.zonder_cv:
        print(regel("current settings", meet(indexen(repo, basis, cases), basis)))
    if args.dev:
        print(regel("development set", meet_dev(repo, basis, toon=args.toon)))
    if not args.grid:
        return 0
    beste: list[tuple[float, Drempels, Counter[str]]] = []
    folds = indexen(repo, basis, cases)  # the classifier is fitted once per fold
    methoden = {id(index): index.scores for index, _ in folds}
    # what changes the scores (outer loop; scores cached per setting) ...
    for gewicht, centrum, classificatie in itertools.product((0.35,), (0.7,), (0.0, 0.5, 1.0)):
        for index, _ in folds:
            index.scores = functools.lru_cache(maxsize=None)(methoden[id(index)])
        # ... and how the ranking becomes a decision (inner loop)
        for antwoord, marge, keuze, venster in itertools.product(
            (0.45, 0.6, 0.75, 0.9), (0.15, 0.2, 0.3, 0.4), (0.28, 0.45), (0.25, 0.5)
        ):
            d = replace(
                basis, gewicht_woorden=gewicht, gewicht_centrum=centrum, gewicht_classificatie=classificatie,
                antwoord=antwoord, marge=marge, keuze=keuze, keuze_venster=venster,
            )
            c = meet(folds, d)
            beste.append((score(c), d, c))
    beste.sort(key=lambda t: t[0], reverse=True)
    for s, d, c in beste[:5]:
        print(regel(f"score {s:.0f}", c))
        print(f"    {d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
