"""Names fixed by docs/contract.md and the layout of the content files."""

from __future__ import annotations

# Canonical regeling ids (entity values, slot values, YAML keys, file names).
REGELINGEN: tuple[str, ...] = (
    "doelgroepregister",
    "no_risk_polis",
    "loonkostensubsidie",
    "jobcoaching",
    "loonkostenvoordeel",
    "proefplaatsing",
    "werkplekaanpassing",
    "banenafspraak",
)

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


def kennis_bestand(regeling: str) -> str:
    return f"{KENNIS_MAP}/{regeling}.yml"


def gemeente_bestand(gemeente: str) -> str:
    return f"{GEMEENTEN_MAP}/{gemeente}.yml"
