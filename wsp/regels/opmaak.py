"""Dutch formatting of dates, amounts, percentages, sources and rule values."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlparse

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

CENT = Decimal("0.01")


def datum_nl(d: dt.date) -> str:
    """2026-11-03 -> '3 november 2026'."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def maand_nl(d: dt.date) -> str:
    return f"{MAANDEN[d.month - 1]} {d.year}"


def centen(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)


def getal_nl(waarde: Decimal, decimalen: int | None = None) -> str:
    """Dutch number: thousands with '.', decimals with ','; trailing zeros dropped unless decimalen."""
    if decimalen is None:
        tekst = format(waarde.normalize(), "f")
        if "." in tekst:
            heel, deel = tekst.split(".")
        else:
            heel, deel = tekst, ""
    else:
        tekst = f"{waarde:.{decimalen}f}"
        heel, _, deel = tekst.partition(".")
    teken = ""
    if heel.startswith("-"):
        teken, heel = "-", heel[1:]
    groepen = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    return teken + ".".join(groepen) + ("," + deel if deel else "")


def euro(bedrag: Decimal) -> str:
    """Decimal('1007.66') -> '€ 1.007,66'."""
    return "€ " + getal_nl(centen(bedrag), 2)


def euro_kort(bedrag: Decimal) -> str:
    """Whole amounts without cents: '€ 2.000'; otherwise like euro()."""
    if bedrag == bedrag.to_integral_value():
        return "€ " + getal_nl(bedrag.to_integral_value(), 0)
    return euro(bedrag)


def pct(waarde: Decimal) -> str:
    return getal_nl(waarde) + "%"


def kort_bron(bron: str) -> str:
    """A short form of a source for the 'Bron:' line: the web site for a URL; for a document its
    title without the part after the first comma and without a '(seed ...)' reference."""
    if bron.lower().startswith(("http://", "https://", "www.")):
        host = urlparse(bron if "://" in bron else "https://" + bron).netloc.lower()
        return host[4:] if host.startswith("www.") else host
    titel = bron.split(", ")[0]
    titel = re.sub(r"\s*\(seed [^)]*\)", "", titel)
    return titel.strip() or bron


def opsomming(delen: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b en c'."""
    if not delen:
        return ""
    if len(delen) == 1:
        return delen[0]
    return ", ".join(delen[:-1]) + " en " + delen[-1]


def waarde_tekst(waarde: object, eenheid: str | None = None) -> str:
    """How a rule value reads in a sentence."""
    if waarde == "maatwerk":
        return "maatwerk (hangt af van de situatie)"
    if waarde == "geen_regel":
        return "geen regel vastgesteld"
    if isinstance(waarde, bool):
        tekst = "ja" if waarde else "nee"
    elif isinstance(waarde, Decimal):
        tekst = getal_nl(waarde)
    elif isinstance(waarde, tuple):
        tekst = opsomming([str(w) for w in waarde])
    else:
        tekst = str(waarde)
    if not eenheid:
        return tekst
    return f"{tekst}{eenheid}" if eenheid.startswith("%") else f"{tekst} {eenheid}"
