"""The evaluation sets must stay independent of what the assistant learns from, or `make eval` measures
memory instead of understanding. Longer utterances may not be (near) copies of:
- for the held-out NLU set (assistant/tests/nlu_heldout.yml): the NLU training data;
- for the answer evaluation set (assistant/tests/antwoorden_eval.yml, real employer questions): the NLU
  training data AND the answer library's questions and examples (knowledge/*.yml, vragen[].vraag and
  vragen[].voorbeelden), which the search in wsp/regels/zoeken.py matches against."""

from __future__ import annotations

from pathlib import Path

from wsp import lekcontrole
from wsp.lekcontrole import (
    BRON,
    DEVSET,
    EVALSET,
    NLU_HELDOUT,
    SOURCED_MAX_SIMILARITY,
    copied_lines,
    near_copies,
    nlu_examples,
    page,
    question_set,
    set_pages,
)
from wsp.regels.controles import is_homepagina

ROOT = Path(__file__).resolve().parents[2]


def training_utterances() -> list[str]:
    return lekcontrole.training_utterances(ROOT)


def library_questions() -> list[str]:
    return lekcontrole.library_questions(ROOT)


def eval_questions() -> list[str]:
    return lekcontrole.eval_questions(ROOT)


def sourced_library_lines() -> list[tuple[str, str, str]]:
    return lekcontrole.sourced_library_lines(ROOT)


def test_heldout_utterances_are_not_copies_of_training_utterances() -> None:
    training = training_utterances()
    heldout = nlu_examples(ROOT / NLU_HELDOUT)
    assert len(heldout) >= 150 and len(training) > len(heldout)
    copies = copied_lines(heldout, training)
    assert not copies, "these training lines are near copies of held-out lines (not shown); delete or rewrite them:\n" + "\n".join(copies)


def test_eval_questions_are_not_copies_of_training_or_library_lines() -> None:
    questions = eval_questions()
    library = library_questions()
    assert len(questions) >= 150 and len(library) > len(questions)
    copies = copied_lines(questions, training_utterances() + library)
    assert not copies, (
        "these training or answer-library lines are near copies of evaluation questions; delete or rewrite "
        "them (the evaluation questions are not shown, so nobody learns them from this message):\n"
        + "\n".join(copies))


def test_the_library_was_not_checked_against_itself_only() -> None:
    """The check above can fail: a copied line is found."""
    assert near_copies(["hoe lang geldt de no-riskpolis voor mijn werknemer?"], library_questions())


def dev_questions() -> list[tuple[str, str]]:
    return [(str(v["vraag"]).strip().lower(), str(v["url"]).strip()) for v in question_set(ROOT / DEVSET)]


def test_the_development_set_shares_no_question_and_no_page_with_the_evaluation_set() -> None:
    """The development set (assistant/tests/antwoorden_dev.yml) is what the search may be tuned and
    diagnosed on; the evaluation set stays unseen. They come from different pages, and no question is
    (nearly) the same. Only the development lines are named."""
    dev = dev_questions()
    assert len(dev) >= 80
    eval_pages = set_pages(ROOT / EVALSET)
    same_page = sorted({u for _, u in dev if page(u) in eval_pages})
    assert not same_page, "development questions from a page the evaluation set uses:\n" + "\n".join(same_page)
    copies = copied_lines(eval_questions(), [q for q, _ in dev])
    assert not copies, "development questions that (nearly) copy an evaluation question:\n" + "\n".join(copies)


def test_library_questions_from_public_pages_come_from_other_pages_than_the_evaluation_sets() -> None:
    """Employer questions taken from public pages into the library (editors' guide, docs/redactie.md)
    come from other pages than the evaluation and development sets, and stay further from an evaluation
    question than an own wording must (SOURCED_MAX_SIMILARITY, also for short questions)."""
    sourced = sourced_library_lines()
    pages = set_pages(ROOT / EVALSET) | set_pages(ROOT / DEVSET)
    same_page = sorted(f"{where}: {url}" for where, _, url in sourced if page(url) in pages)
    assert not same_page, "library lines from a page of the evaluation or development set:\n" + "\n".join(same_page)
    copies = copied_lines(eval_questions(), [t for _, t, _ in sourced], SOURCED_MAX_SIMILARITY, min_words=1)
    assert not copies, (
        "these library lines from public pages are too close to an evaluation question (not shown); delete "
        "them:\n" + "\n".join(copies))


def test_sourced_lines_are_found() -> None:
    """The check above reads the comments: a sourced line is found and its page normalised."""
    assert BRON.match("      - hoe lang geldt de polis  # bron: https://www.example.nl/a/#b")
    assert page("https://www.Example.nl/a/#b") == page("http://example.nl/a") == "example.nl/a"


def test_library_questions_from_public_pages_cite_the_page_that_asks_them() -> None:
    """A ``# bron:`` names the page where employers ask the question, not a homepage or a section's
    landing page (the same rule as an answer's ``bron``, ``wsp.regels.controles.is_homepagina``)."""
    homepages = [f"{where}: {url}" for where, _, url in sourced_library_lines() if is_homepagina(url)]
    assert not homepages, "cite the page that asks the question, or drop the '# bron:':\n" + "\n".join(homepages)


def test_a_collected_batch_is_checked_before_use() -> None:
    """scripts/controleer_verzameling.py: a question from a page of the evaluation set, or one the
    development set already has, cannot be used, nor one whose address is a homepage; a new question
    from another page can. Its reasons never quote an evaluation question."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from controleer_verzameling import redenen

    eerste_eval = question_set(ROOT / EVALSET)[0]
    eerste_dev = question_set(ROOT / DEVSET)[0]
    batch = [
        {"vraag": "Hoeveel parkeerplaatsen heeft het kantoor van het WSP?", "url": "https://voorbeeld.invalid/werkgevers/veelgestelde-vragen/parkeren"},
        {"vraag": "Een andere vraag van dezelfde pagina?", "url": eerste_eval["url"]},
        {"vraag": eerste_dev["vraag"], "url": eerste_dev["url"]},
        {"vraag": "Hoeveel parkeerplaatsen heeft het kantoor van het WSP?", "url": "https://voorbeeld.invalid/"},
    ]
    nieuw, van_eval, van_dev, homepagina = redenen(ROOT, batch)
    assert nieuw == []
    assert "pagina van de evaluatieset" in van_eval
    assert "pagina van de ontwikkelset" in van_dev and "staat (bijna) al in de ontwikkelset" in van_dev
    assert homepagina == ["de url is een homepagina of overzichtspagina: noem de pagina die de vraag stelt"]
    assert not any(str(eerste_eval["vraag"]).lower() in r.lower() for r in van_eval)
