"""Names fixed by docs/contract.md and the layout of the content files."""

from __future__ import annotations

from pathlib import Path

# The regeling ids (entity values, slot values, YAML keys) are not listed in code: every
# knowledge/<id>.yml other than bedragen.yml and plaatsen.yml is one regeling (see kennis_ids).
SOORTEN: tuple[str, ...] = ("regeling", "onderwerp", "verwijzing")
VRAAG_STATUSSEN: tuple[str, ...] = ("geverifieerd", "onbevestigd")

STATUSSEN: tuple[str, ...] = ("voorbeeld", "concept", "geverifieerd")
WERKDAGEN: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")
# klein < 50, middel < 250, groot >= 250 employees (EU SME definition, as wsp.overdracht reads it)
BEDRIJFSGROOTTES: tuple[str, ...] = ("klein", "middel", "groot")
BEVOEGD: tuple[str, ...] = ("woongemeente_werknemer", "vestigingsgemeente_werkgever")

KENNIS_MAP = "knowledge"
REGELS_MAP = "regional_rules"
GEMEENTEN_MAP = "regional_rules/gemeenten"
BEDRAGEN = "knowledge/bedragen.yml"
PLAATSEN = "knowledge/plaatsen.yml"
REGIO = "regional_rules/regio.yml"
ROOSTER = "regional_rules/accountmanagers.yml"
LOOKUP_PLAATS = "assistant/data/nlu/lookups/plaats.yml"


def kennis_ids(root: Path) -> tuple[str, ...]:
    """The regeling ids: one per knowledge/<id>.yml, except the figures and places files."""
    anders = {Path(BEDRAGEN).name, Path(PLAATSEN).name}
    return tuple(sorted(p.stem for p in (root / KENNIS_MAP).glob("*.yml") if p.name not in anders))


def kennis_bestand(regeling: str) -> str:
    return f"{KENNIS_MAP}/{regeling}.yml"


def gemeente_bestand(gemeente: str) -> str:
    return f"{GEMEENTEN_MAP}/{gemeente}.yml"
