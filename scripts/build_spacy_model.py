"""Build the Dutch spaCy pipeline the Rasa NLU pipeline loads (SpacyNLP).

spaCy 3.4 ships no Dutch model through the registries we can reach, so we save ``spacy.blank("nl")``
with the lookup lemmatizer from ``spacy-lookups-data``. Rasa fingerprints the model *path string*
only, so the directory name carries a version: bump ``VERSION`` when this recipe changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

VERSION = "1"
TARGET = Path(__file__).resolve().parent.parent / "build" / "spacy" / f"nl_wsp_lookup-{spacy.__version__}-v{VERSION}"


def build(target: Path = TARGET) -> Path:
    if (target / "meta.json").exists():
        return target
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "wsp_lookup"
    nlp.meta["version"] = f"{VERSION}.0.0"
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target


if __name__ == "__main__":
    path = build()
    sys.stdout.write(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}\n")
