"""Write the Rasa NLU lookup table of place names from knowledge/plaatsen.yml."""

from __future__ import annotations

from pathlib import Path

from .repository import Repository

KOP = (
    "# Gegenereerd door `python -m wsp.regels lookups` uit knowledge/plaatsen.yml; niet met de hand bewerken.\n"
    "# Namen van gemeenten en plaatsen in de regio, en bekende plaatsen buiten de regio (zodat de\n"
    "# assistent ook die herkent en kan zeggen dat een andere regio erover gaat).\n"
)


def plaatsnamen(repo: Repository) -> list[str]:
    namen = set(repo.plaatsindex.namen)
    return sorted(namen, key=lambda n: (n.lower().lstrip("'"), n))


def lookup_yaml(repo: Repository) -> str:
    regels = [KOP + 'version: "3.1"', "nlu:", "- lookup: plaats", "  examples: |"]
    regels += [f"    - {naam}" for naam in plaatsnamen(repo)]
    return "\n".join(regels) + "\n"


def schrijf(repo: Repository, pad: Path) -> Path:
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(lookup_yaml(repo), encoding="utf-8")
    return pad
