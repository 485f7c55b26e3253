"""Keep the evaluation sets independent of what the assistant learns from ("leak check").

`make eval` measures understanding only while its questions are not (near) copies of the NLU training
data or the answer library, and while the library's real employer wordings come from other pages than
the evaluation questions. The unit test ``tests/unit/test_heldout_independent.py`` enforces that in
`make test`; ``scripts/controleer_verzameling.py`` checks a batch of newly collected questions *before*
anyone works with it. Both use this module, so the rules exist once.

Messages never show an evaluation question: whoever reads them writes training data and must not learn
the evaluation set from them.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
MIN_WORDS = 4  # short replies such as "ja graag" or "Arnhem" overlap naturally
MAX_SIMILARITY = 0.85
# A library line taken from a public page ("- ...  # bron: URL") is a real employer question, from the
# same population as the evaluation questions: it must stay further from them.
SOURCED_MAX_SIMILARITY = 0.75
BRON = re.compile(r"^\s*- (.+?)\s+# bron: (\S+)\s*$")

EVALSET = Path("assistant/tests/antwoorden_eval.yml")
DEVSET = Path("assistant/tests/antwoorden_dev.yml")
NLU_HELDOUT = Path("assistant/tests/nlu_heldout.yml")


def nlu_examples(path: Path) -> list[str]:
    """The examples of every intent in a Rasa NLU file, entity annotations removed, lower case."""
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


def training_utterances(root: Path) -> list[str]:
    return [t for p in sorted((root / "assistant/data/nlu").glob("*.yml")) for t in nlu_examples(p)]


def library_questions(root: Path) -> list[str]:
    """Every entry's ``vraag`` and ``voorbeelden`` in knowledge/*.yml, lower case."""
    found = []
    for path in sorted((root / "knowledge").glob("*.yml")):
        for entry in (yaml.safe_load(path.read_text()) or {}).get("vragen") or []:
            found += [str(t).strip().lower() for t in [entry.get("vraag"), *(entry.get("voorbeelden") or [])] if t]
    return found


def question_set(path: Path) -> list[dict]:
    """The questions of an answer question set (evaluation or development set format)."""
    return list((yaml.safe_load(path.read_text()) or {}).get("vragen") or [])


def questions_of(vragen: list[dict]) -> list[str]:
    """The questions of a loaded question set, lower case."""
    return [str(v["vraag"]).strip().lower() for v in vragen]


def eval_questions(root: Path) -> list[str]:
    return questions_of(question_set(root / EVALSET))


def page(url: str) -> str:
    """A page's address without scheme, www., fragment and trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url.split("#")[0].strip()).rstrip("/").lower()


def pages_of(vragen: list[dict]) -> set[str]:
    """The pages of a loaded question set (``page``)."""
    return {page(str(v["url"])) for v in vragen}


def set_pages(path: Path) -> set[str]:
    return pages_of(question_set(path))


def sourced_library_lines(root: Path) -> list[tuple[str, str, str]]:
    """(file:line, text, page) of every library example taken from a public page (``# bron: URL``)."""
    found = []
    for path in sorted((root / "knowledge").glob("*.yml")):
        for nr, line in enumerate(path.read_text().splitlines(), 1):
            m = BRON.match(line)
            if m:
                text = yaml.safe_load("x: " + m.group(1))["x"]
                found.append((f"{path.relative_to(root)}:{nr}", str(text).strip().lower(), m.group(2)))
    return found


def pairs(texts: list[str], others: list[str], limit: float = MAX_SIMILARITY,
          min_words: int = MIN_WORDS) -> list[tuple[str, str]]:
    """(text, other) for every text of ``min_words`` words or more with an other line at least ``limit``
    alike (difflib ratio); one pair per text."""
    texts = [t for t in texts if len(t.split()) >= min_words]
    copies: dict[str, str] = {}
    matcher = difflib.SequenceMatcher(None)
    for other in others:
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


def copied_lines(texts: list[str], others: list[str], limit: float = MAX_SIMILARITY,
                 min_words: int = MIN_WORDS) -> list[str]:
    """The ``others`` lines that copy a held-out text, without the held-out text."""
    return sorted({o for _, o in pairs(texts, others, limit, min_words)})


def near_copies(texts: list[str], others: list[str]) -> list[str]:
    """Texts (four words or more) with an other line at least MAX_SIMILARITY alike, both shown: only
    for texts that are not held out."""
    return [f"{t!r} ~ {o!r}" for t, o in pairs(texts, others)]
