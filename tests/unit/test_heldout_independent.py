"""The held-out NLU test set must stay independent of the training data, or `make eval` measures
memory instead of understanding. Longer utterances in the two sets may not be (near) copies."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
MIN_WORDS = 4  # short replies such as "ja graag" or "Arnhem" overlap naturally
MAX_SIMILARITY = 0.85


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


def test_heldout_utterances_are_not_copies_of_training_utterances() -> None:
    training = [t for p in sorted((ROOT / "assistant/data/nlu").glob("*.yml")) for t in examples(p)]
    heldout = examples(ROOT / "assistant/tests/nlu_heldout.yml")
    assert len(heldout) >= 150 and len(training) > len(heldout)
    copies = []
    for text in heldout:
        if len(text.split()) < MIN_WORDS:
            continue
        for other in training:
            matcher = difflib.SequenceMatcher(None, text, other)
            if matcher.real_quick_ratio() < MAX_SIMILARITY or matcher.quick_ratio() < MAX_SIMILARITY:
                continue
            if matcher.ratio() >= MAX_SIMILARITY:
                copies.append(f"{text!r} ~ {other!r}")
                break
    assert not copies, "held-out lines copied into the training data:\n" + "\n".join(copies)
