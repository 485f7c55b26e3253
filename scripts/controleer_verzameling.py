"""Check a batch of newly collected employer questions before anyone works with it.

Real employer questions from public pages go into the development set (to diagnose and tune on) or,
with ``# bron: URL``, into the answer library's examples. Either way they must come from other pages
than the evaluation set, or tuning on them tunes to the evaluation set. The public pages with employer
questions about these instruments are few: on 2026-12-02, 77 of 125 questions collected for the
development set came from pages the evaluation set uses (docs/zoeken.md). Run this after every batch,
not at the end; it uses the same rules as ``tests/unit/test_heldout_independent.py`` (wsp.lekcontrole)
and never shows an evaluation question.

The batch is a YAML file in the development set's format (``vragen:`` with ``vraag`` and ``url``, and
usually ``onderwerp`` and ``antwoord_id``)::

    .venv/bin/python scripts/controleer_verzameling.py verzameling.yml
    .venv/bin/python scripts/controleer_verzameling.py verzameling.yml --schoon bruikbaar.yml

A page must be the one that asks the question, not a homepage or a section's landing page (the rule
for every ``# bron:``, ``wsp.regels.controles.is_homepagina``). Prints, per question that cannot be used, why; ``--schoon`` writes the usable ones. Exit status 1 when
any question cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wsp import lekcontrole as lc  # noqa: E402
from wsp.regels.controles import is_homepagina  # noqa: E402


def redenen(root: Path, vragen: list[dict]) -> list[list[str]]:
    """Per collected question, the reasons it cannot be used (empty: usable)."""
    teksten = [str(v.get("vraag") or "").strip().lower() for v in vragen]
    evalset, devset = lc.question_set(root / lc.EVALSET), lc.question_set(root / lc.DEVSET)
    eval_pagina, dev_pagina = lc.pages_of(evalset), lc.pages_of(devset)
    bron_pagina = {lc.page(url) for _, _, url in lc.sourced_library_lines(root)}
    # as close as a library line from a public page may come to an evaluation question (the stricter rule)
    bij_eval = {t for t, _ in lc.pairs(teksten, lc.questions_of(evalset), lc.SOURCED_MAX_SIMILARITY, min_words=1)}
    bij_dev = {t for t, _ in lc.pairs(teksten, lc.questions_of(devset))}
    bij_bieb = {t for t, _ in lc.pairs(teksten, lc.library_questions(root) + lc.training_utterances(root))}
    uit = []
    for v, tekst in zip(vragen, teksten, strict=True):
        pagina = lc.page(str(v.get("url") or ""))
        toetsen = (
            (not tekst or not pagina, "vraag of url ontbreekt"),
            (bool(pagina) and is_homepagina(str(v.get("url"))),
             "de url is een homepagina of overzichtspagina: noem de pagina die de vraag stelt"),
            (pagina in eval_pagina, "pagina van de evaluatieset"),
            (tekst in bij_eval, "lijkt op een vraag van de evaluatieset (die wordt niet getoond)"),
            (pagina in dev_pagina, "pagina van de ontwikkelset"),
            (tekst in bij_dev, "staat (bijna) al in de ontwikkelset"),
            (pagina in bron_pagina, "pagina die de bibliotheek al als bron van voorbeelden noemt"),
            (tekst in bij_bieb, "staat (bijna) al in de bibliotheek of de NLU-trainingsdata"),
        )
        uit.append([reden for geldt, reden in toetsen if geldt])
    return uit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("verzameling", type=Path, help="YAML-bestand met verzamelde vragen (vorm van de ontwikkelset)")
    parser.add_argument("--schoon", type=Path, help="schrijf de bruikbare vragen naar dit bestand")
    args = parser.parse_args()
    vragen = lc.question_set(args.verzameling)
    per_vraag = redenen(ROOT, vragen)
    bruikbaar = [v for v, r in zip(vragen, per_vraag, strict=True) if not r]
    for v, r in zip(vragen, per_vraag, strict=True):
        if r:
            print(f"- {str(v.get('vraag'))[:90]!r}: {'; '.join(r)}")
    print(f"{len(bruikbaar)} van {len(vragen)} vragen bruikbaar.")
    if args.schoon:
        args.schoon.write_text(yaml.safe_dump({"version": 1, "vragen": bruikbaar}, allow_unicode=True, sort_keys=False))
        print(f"Bruikbare vragen geschreven naar {args.schoon}.")
    return 0 if len(bruikbaar) == len(vragen) else 1


if __name__ == "__main__":
    raise SystemExit(main())
