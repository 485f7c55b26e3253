"""Figures that knowledge texts may quote as {naam}; filled in from knowledge/bedragen.yml."""

from __future__ import annotations

import datetime as dt
import string

from .model import Bedragen
from .opmaak import centen, datum_nl, euro, euro_kort, getal_nl, pct


def plaatshouders(bedragen: Bedragen, op: dt.date) -> dict[str, str]:
    waarden: dict[str, str] = {
        "voltijd_uren": getal_nl(bedragen.voltijd_uren_per_week),
        "lks_werkgeverslasten_pct": pct(bedragen.werkgeverslasten.waarde),
        "lks_maximum_pct": pct(bedragen.maximum_wml.waarde),
    }
    wml = bedragen.wml_op(op) or bedragen.perioden[0]
    # A lapsed figure (no period for today's half-year) is never presented as current: it carries its date.
    wml_oud = wml.ingangsdatum < dt.date(op.year, 1 if op.month < 7 else 7, 1)
    wml_let_op = f" (het minimumloon van {datum_nl(wml.ingangsdatum)}; het nieuwe bedrag is nog niet ingevoerd)"
    waarden["wml_per_uur"] = euro(wml.per_uur) + (wml_let_op if wml_oud else "")
    waarden["wml_ingangsdatum"] = datum_nl(wml.ingangsdatum)
    waarden["wml_per_maand_voltijd"] = euro(
        centen(wml.per_uur * bedragen.voltijd_uren_per_week * bedragen.weken_per_jaar / 12)
    ) + (wml_let_op if wml_oud else "")
    for lkv in bedragen.lkv(op.year):
        let_op = f" (bedrag van {lkv.jaar}; het bedrag voor {op.year} is nog niet ingevoerd)" if lkv.jaar < op.year else ""
        waarden[f"lkv_{lkv.soort}_per_uur"] = euro(lkv.per_uur) + let_op
        waarden[f"lkv_{lkv.soort}_max_per_jaar"] = euro_kort(lkv.max_per_jaar) + let_op
        waarden[f"lkv_{lkv.soort}_duur"] = lkv.duur
    for tarief in bedragen.tarieven:
        waarden[f"tarief_{tarief.naam}"] = euro_kort(tarief.bedrag)
    return waarden


def namen_in(tekst: str) -> list[str]:
    """The {names} used in a text; raises ValueError on a lone brace."""
    return [veld for _, veld, _, _ in string.Formatter().parse(tekst) if veld is not None]


def vul_in(tekst: str, waarden: dict[str, str]) -> str:
    return tekst.format_map(waarden)
