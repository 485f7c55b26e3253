"""The evaluation sets must stay independent of what the assistant learns from, or `make eval` measures
memory instead of understanding. Longer utterances may not be (near) copies of:
- for the held-out NLU set (assistant/tests/nlu_heldout.yml): the NLU training data;
- for the answer evaluation set (assistant/tests/antwoorden_eval.yml, real employer questions): the NLU
  training data AND the answer library's questions and examples (knowledge/*.yml, vragen[].vraag and
  vragen[].voorbeelden), which the search in wsp/regels/zoeken.py matches against."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from wsp.regels.controles import is_homepagina

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
MIN_WORDS = 4  # short replies such as "ja graag" or "Arnhem" overlap naturally
MAX_SIMILARITY = 0.85
# A library line taken from a public page ("- ...  # bron: URL") is a real employer question, from the
# same population as the evaluation questions: it must stay further from them.
SOURCED_MAX_SIMILARITY = 0.75
BRON = re.compile(r"^\s*- (.+?)\s+# bron: (\S+)\s*$")


def examples(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text()) or {}
    found = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append(ANNOTATION.sub(r"\1", line[2:]).strip().lower())
    return found


def training_utterances() -> list[str]:
    return [t for p in sorted((ROOT / "assistant/data/nlu").glob("*.yml")) for t in examples(p)]


def library_questions() -> list[str]:
    found = []
    for path in sorted((ROOT / "knowledge").glob("*.yml")):
        for entry in (yaml.safe_load(path.read_text()) or {}).get("vragen") or []:
            found += [str(t).strip().lower() for t in [entry.get("vraag"), *(entry.get("voorbeelden") or [])] if t]
    return found


def eval_questions() -> list[str]:
    data = yaml.safe_load((ROOT / "assistant/tests/antwoorden_eval.yml").read_text())
    return [str(v["vraag"]).strip().lower() for v in data["vragen"]]


def near_copies(texts: list[str], training: list[str]) -> list[str]:
    """Texts (four words or more) with a training line at least MAX_SIMILARITY alike (difflib ratio)."""
    return [f"{t!r} ~ {o!r}" for t, o in _pairs(texts, training)]


def _pairs(texts: list[str], training: list[str], limit: float = MAX_SIMILARITY,
           min_words: int = MIN_WORDS) -> list[tuple[str, str]]:
    texts = [t for t in texts if len(t.split()) >= min_words]
    copies: dict[str, str] = {}
    matcher = difflib.SequenceMatcher(None)
    for other in training:
        matcher.set_seq2(other)  # analysing the second sequence is the costly part: once per line
        for text in texts:
            if text in copies:
                continue
            matcher.set_seq1(text)
            if matcher.real_quick_ratio() < limit or matcher.quick_ratio() < limit:
                continue
            if matcher.ratio() >= limit:
                copies[text] = other
    return list(copies.items())


def copied_lines(texts: list[str], training: list[str], limit: float = MAX_SIMILARITY,
                 min_words: int = MIN_WORDS) -> list[str]:
    """The training/library lines that copy a held-out text, without the held-out text: whoever
    writes training data reads this message and must not learn the evaluation set from it."""
    return sorted({o for t, o in _pairs(texts, training, limit, min_words)})


def test_heldout_utterances_are_not_copies_of_training_utterances() -> None:
    training = training_utterances()
    heldout = examples(ROOT / "assistant/tests/nlu_heldout.yml")
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
    data = yaml.safe_load((ROOT / "assistant/tests/antwoorden_dev.yml").read_text())
    return [(str(v["vraag"]).strip().lower(), str(v["url"]).strip()) for v in data["vragen"]]


def test_the_development_set_shares_no_question_and_no_page_with_the_evaluation_set() -> None:
    """The development set (assistant/tests/antwoorden_dev.yml) is what the search may be tuned and
    diagnosed on; the evaluation set stays unseen. They come from different pages, and no question is
    (nearly) the same. Only the development lines are named."""
    dev = dev_questions()
    assert len(dev) >= 80
    eval_urls = {str(v["url"]).strip().rstrip("/") for v in
                 yaml.safe_load((ROOT / "assistant/tests/antwoorden_eval.yml").read_text())["vragen"]}
    same_page = sorted({u for _, u in dev if u.rstrip("/") in eval_urls})
    assert not same_page, "development questions from a page the evaluation set uses:\n" + "\n".join(same_page)
    copies = copied_lines(eval_questions(), [q for q, _ in dev])
    assert not copies, "development questions that (nearly) copy an evaluation question:\n" + "\n".join(copies)


def sourced_library_lines() -> list[tuple[str, str, str]]:
    """(file:line, text, page) of every library example taken from a public page (``# bron: URL``)."""
    found = []
    for path in sorted((ROOT / "knowledge").glob("*.yml")):
        for nr, line in enumerate(path.read_text().splitlines(), 1):
            m = BRON.match(line)
            if m:
                text = yaml.safe_load("x: " + m.group(1))["x"]
                found.append((f"{path.relative_to(ROOT)}:{nr}", str(text).strip().lower(), m.group(2)))
    return found


def page(url: str) -> str:
    """A page's address without scheme, www., fragment and trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url.split("#")[0].strip()).rstrip("/").lower()


def test_library_questions_from_public_pages_come_from_other_pages_than_the_evaluation_sets() -> None:
    """Employer questions taken from public pages into the library (editors' guide, docs/redactie.md)
    come from other pages than the evaluation and development sets, and stay further from an evaluation
    question than an own wording must (SOURCED_MAX_SIMILARITY, also for short questions)."""
    sourced = sourced_library_lines()
    sets = [ROOT / "assistant/tests/antwoorden_eval.yml", ROOT / "assistant/tests/antwoorden_dev.yml"]
    pages = {page(str(v["url"])) for s in sets for v in yaml.safe_load(s.read_text())["vragen"]}
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
