"""Declarative schema primitives and the checker that turns a YAML tree into plain values.

Every problem becomes a Dutch message naming the file and the line. The concrete file
types are described in ``schemas.py``; this module knows nothing about regelingen.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import urlparse

from .meldingen import Meldingen
from .opmaak import datum_nl
from .yamlbron import KLijst, KMap, Knoop, KScalar

Pad = tuple[str | int, ...]


class _Ongeldig:
    def __repr__(self) -> str:
        return "ONGELDIG"


ONGELDIG: Any = _Ongeldig()


class Lst(list):  # type: ignore[type-arg]
    """A checked list that remembers the line of each item."""

    regel: int
    regels: list[int]

    def __init__(self, regel: int) -> None:
        super().__init__()
        self.regel = regel
        self.regels = []


class Obj(dict):  # type: ignore[type-arg]
    """A checked mapping that remembers where it and its values were written."""

    regel: int
    regels: dict[str, int]

    def __init__(self, regel: int) -> None:
        super().__init__()
        self.regel = regel
        self.regels = {}


@dataclass(frozen=True)
class Verwijzing:
    """A reference to something defined in another file, checked after all files are read."""

    soort: str
    waarde: str
    bestand: str
    regel: int
    pad: Pad


@dataclass
class Context:
    bestand: str
    meldingen: Meldingen
    vandaag: dt.date
    max_dagen: int
    verwijzingen: list[Verwijzing] = field(default_factory=list)

    def fout(self, knoop_of_regel: Knoop | int | None, tekst: str) -> None:
        self.meldingen.fout(self.bestand, _regel(knoop_of_regel), tekst)

    def waarschuwing(self, knoop_of_regel: Knoop | int | None, tekst: str) -> None:
        self.meldingen.waarschuwing(self.bestand, _regel(knoop_of_regel), tekst)


def _regel(k: Knoop | int | None) -> int | None:
    if k is None or isinstance(k, int):
        return k
    return k.regel


def beschrijf(knoop: Knoop) -> str:
    """Dutch description of what was found, for 'wrong type' messages."""
    if isinstance(knoop, KMap):
        return "een blok met sleutels"
    if isinstance(knoop, KLijst):
        return "een lijst"
    w = knoop.waarde
    if w is None:
        return "niets (de waarde is leeg)"
    if isinstance(w, bool):
        return f"ja/nee ({'true' if w else 'false'})"
    if isinstance(w, (int, float)):
        return f"het getal {w}"
    if isinstance(w, dt.date):
        return f"de datum {w.isoformat()}"
    return f"de tekst '{w}'"


def naam_van(pad: Pad) -> str:
    for stap in reversed(pad):
        if isinstance(stap, str):
            return stap
    return "het bestand"


class Schema(Protocol):
    omschrijving: str

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any: ...


def _verkeerd_type(knoop: Knoop, ctx: Context, pad: Pad, verwacht: str) -> Any:
    ctx.fout(knoop, f"'{naam_van(pad)}' moet {verwacht} zijn, maar er staat {beschrijf(knoop)}")
    return ONGELDIG


@dataclass(frozen=True)
class Tekst:
    omschrijving: str = "een tekst"
    patroon: str | None = None
    patroon_uitleg: str = ""

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if not isinstance(knoop, KScalar) or not isinstance(knoop.waarde, str):
            if isinstance(knoop, KScalar) and isinstance(knoop.waarde, (int, float, dt.date)):
                ctx.fout(
                    knoop,
                    f"'{naam_van(pad)}' moet {self.omschrijving} zijn, maar er staat {beschrijf(knoop)}; "
                    "zet de waarde tussen aanhalingstekens",
                )
                return ONGELDIG
            return _verkeerd_type(knoop, ctx, pad, self.omschrijving)
        waarde = knoop.waarde.strip()
        if not waarde:
            ctx.fout(knoop, f"'{naam_van(pad)}' is leeg")
            return ONGELDIG
        if self.patroon and not re.fullmatch(self.patroon, waarde):
            ctx.fout(knoop, f"'{waarde}' is geen geldige waarde voor '{naam_van(pad)}': {self.patroon_uitleg}")
            return ONGELDIG
        return waarde


def Id(omschrijving: str = "een korte naam") -> Tekst:  # noqa: N802 - reads like a type
    return Tekst(omschrijving, r"[a-z][a-z0-9_-]*", "gebruik alleen kleine letters, cijfers, '-' en '_'")


def VraagId(omschrijving: str = "de id van een antwoord") -> Tekst:  # noqa: N802 - reads like a type
    return Tekst(
        omschrijving,
        r"[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_-]*",
        "schrijf <bestandsnaam>.<korte naam>, met kleine letters, cijfers, '-' en '_' (bijvoorbeeld no_risk_polis.duur)",
    )


@dataclass(frozen=True)
class Email(Tekst):
    omschrijving: str = "een e-mailadres"
    patroon: str | None = r"[^@\s]+@[^@\s]+\.[a-z]{2,}"
    patroon_uitleg: str = "dit lijkt geen e-mailadres"


@dataclass(frozen=True)
class Bron(Tekst):
    """A URL or the name of a document."""

    omschrijving: str = "een URL of de naam van een document"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        waarde = super().controleer(knoop, ctx, pad)
        if waarde is ONGELDIG:
            return waarde
        if waarde.lower().startswith(("http:", "https:", "www.")):
            deel = urlparse(waarde if "://" in waarde else "https://" + waarde)
            if not deel.netloc or "." not in deel.netloc or " " in waarde:
                ctx.fout(knoop, f"'{waarde}' is geen geldige URL")
                return ONGELDIG
        return waarde


@dataclass(frozen=True)
class Url(Bron):
    omschrijving: str = "een URL (https://...)"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        waarde = super().controleer(knoop, ctx, pad)
        if waarde is not ONGELDIG and not waarde.lower().startswith(("http://", "https://")):
            ctx.fout(knoop, f"'{waarde}' is geen URL; begin met https://")
            return ONGELDIG
        return waarde


@dataclass(frozen=True)
class Getal:
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    geheel: bool = False

    @property
    def omschrijving(self) -> str:
        return "een geheel getal" if self.geheel else "een getal"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if (
            not isinstance(knoop, KScalar)
            or isinstance(knoop.waarde, bool)
            or not isinstance(knoop.waarde, (int, float))
        ):
            extra = ""
            if isinstance(knoop, KScalar) and isinstance(knoop.waarde, str) and "," in knoop.waarde:
                extra = " (gebruik een punt voor decimalen, bijvoorbeeld 14.71)"
            ctx.fout(knoop, f"'{naam_van(pad)}' moet {self.omschrijving} zijn, maar er staat {beschrijf(knoop)}{extra}")
            return ONGELDIG
        if self.geheel and not isinstance(knoop.waarde, int):
            return _verkeerd_type(knoop, ctx, pad, self.omschrijving)
        waarde = Decimal(str(knoop.waarde))
        if self.minimum is not None and waarde < Decimal(self.minimum):
            ctx.fout(knoop, f"'{naam_van(pad)}' moet minstens {self.minimum} zijn, maar is {waarde}")
            return ONGELDIG
        if self.maximum is not None and waarde > Decimal(self.maximum):
            ctx.fout(knoop, f"'{naam_van(pad)}' mag hoogstens {self.maximum} zijn, maar is {waarde}")
            return ONGELDIG
        return int(waarde) if self.geheel else waarde


@dataclass(frozen=True)
class JaNee:
    omschrijving: str = "true of false"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if not isinstance(knoop, KScalar) or not isinstance(knoop.waarde, bool):
            return _verkeerd_type(knoop, ctx, pad, "true (ja) of false (nee)")
        return knoop.waarde


@dataclass(frozen=True)
class Datum:
    toekomst_toegestaan: bool = True
    omschrijving: str = "een datum (jjjj-mm-dd)"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if isinstance(knoop, KScalar) and knoop.ongeldige_datum:
            ctx.fout(knoop, f"de datum '{knoop.waarde}' bestaat niet")
            return ONGELDIG
        if not isinstance(knoop, KScalar) or not isinstance(knoop.waarde, dt.date):
            if isinstance(knoop, KScalar) and isinstance(knoop.waarde, str):
                ctx.fout(
                    knoop,
                    f"'{naam_van(pad)}' moet een datum zijn in de vorm jjjj-mm-dd (bijvoorbeeld 2026-11-23), "
                    f"maar er staat '{knoop.waarde}'",
                )
                return ONGELDIG
            return _verkeerd_type(knoop, ctx, pad, "een datum (jjjj-mm-dd)")
        if not self.toekomst_toegestaan and knoop.waarde > ctx.vandaag:
            ctx.fout(
                knoop,
                f"'{naam_van(pad)}' is {knoop.waarde.isoformat()}, maar die datum ligt in de toekomst; "
                "vul de datum in waarop u de bron echt hebt gecontroleerd",
            )
            return ONGELDIG
        return knoop.waarde


@dataclass(frozen=True)
class Geverifieerd(Datum):
    """The date a source was last checked: not in the future, and warned about when old."""

    toekomst_toegestaan: bool = False

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        waarde = super().controleer(knoop, ctx, pad)
        if waarde is not ONGELDIG and (ctx.vandaag - waarde).days > ctx.max_dagen:
            ctx.waarschuwing(
                knoop,
                f"de bron is op {datum_nl(waarde)} voor het laatst gecontroleerd, meer dan "
                f"{ctx.max_dagen} dagen geleden; controleer de bron opnieuw en pas 'geverifieerd_op' aan",
            )
        return waarde


def _suggestie(woord: str, opties: list[str]) -> str:
    dichtbij = difflib.get_close_matches(woord, opties, n=1, cutoff=0.6)
    if dichtbij:
        return f" (bedoelt u '{dichtbij[0]}'?)"
    if len(opties) <= 12:
        return " (toegestaan: " + ", ".join(f"'{o}'" for o in opties) + ")"
    return ""


@dataclass(frozen=True)
class Keuze:
    opties: tuple[str, ...]

    @property
    def omschrijving(self) -> str:
        return "één van " + ", ".join(self.opties)

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if not isinstance(knoop, KScalar) or not isinstance(knoop.waarde, str):
            return _verkeerd_type(knoop, ctx, pad, self.omschrijving)
        if knoop.waarde not in self.opties:
            ctx.fout(
                knoop,
                f"onbekende waarde '{knoop.waarde}' voor '{naam_van(pad)}'{_suggestie(knoop.waarde, list(self.opties))}",
            )
            return ONGELDIG
        return knoop.waarde


@dataclass(frozen=True)
class Ref:
    """A name defined elsewhere (gemeente, regeling, accountmanager, ...), checked later."""

    soort: str
    omschrijving: str = "een korte naam"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        waarde = Id(self.omschrijving).controleer(knoop, ctx, pad)
        if waarde is not ONGELDIG:
            ctx.verwijzingen.append(Verwijzing(self.soort, waarde, ctx.bestand, knoop.regel, pad))
        return waarde


@dataclass(frozen=True)
class Optioneel:
    """The inner schema, or an empty value (null)."""

    binnen: Schema

    @property
    def omschrijving(self) -> str:
        return self.binnen.omschrijving + " of leeg (null)"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if isinstance(knoop, KScalar) and knoop.waarde is None:
            return None
        return self.binnen.controleer(knoop, ctx, pad)


@dataclass(frozen=True)
class Lijst:
    item: Schema
    min_aantal: int = 0
    omschrijving: str = "een lijst"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if not isinstance(knoop, KLijst):
            return _verkeerd_type(knoop, ctx, pad, "een lijst (regels die beginnen met '- ')")
        if len(knoop.items) < self.min_aantal:
            ctx.fout(knoop, f"'{naam_van(pad)}' moet minstens {self.min_aantal} item(s) bevatten")
        uit = Lst(knoop.regel)
        for i, kind in enumerate(knoop.items):
            waarde = self.item.controleer(kind, ctx, (*pad, i))
            if waarde is not ONGELDIG:
                uit.append(waarde)
                uit.regels.append(kind.regel)
        return uit


@dataclass(frozen=True)
class Veld:
    schema: Schema
    verplicht: bool = True
    hint: str = ""


@dataclass(frozen=True)
class Object:
    velden: dict[str, Veld]
    omschrijving: str = "een blok met sleutels"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if not isinstance(knoop, KMap):
            return _verkeerd_type(knoop, ctx, pad, "een blok met sleutels")
        uit = Obj(knoop.regel)
        for sleutel, (regel, kind) in knoop.items.items():
            veld = self.velden.get(sleutel)
            if veld is None:
                ctx.fout(regel, f"onbekende sleutel '{sleutel}'{_suggestie(sleutel, list(self.velden))}")
                continue
            waarde = veld.schema.controleer(kind, ctx, (*pad, sleutel))
            if waarde is not ONGELDIG:
                uit[sleutel] = waarde
                uit.regels[sleutel] = kind.regel
        for sleutel, veld in self.velden.items():
            if veld.verplicht and sleutel not in knoop.items:
                waar = f" bij '{naam_van(pad)}'" if pad else ""
                hint = f" ({veld.hint})" if veld.hint else ""
                ctx.fout(knoop, f"verplichte sleutel '{sleutel}' ontbreekt{waar}{hint}")
        return uit


@dataclass(frozen=True)
class Sleutels:
    """A mapping whose keys are names chosen by the editor (ids), all with the same kind of value."""

    sleutel: Schema
    waarde: Schema
    min_aantal: int = 0
    omschrijving: str = "een blok met sleutels"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if isinstance(knoop, KScalar) and knoop.waarde is None and self.min_aantal == 0:
            return Obj(knoop.regel)
        if not isinstance(knoop, KMap):
            return _verkeerd_type(knoop, ctx, pad, "een blok met sleutels")
        if len(knoop.items) < self.min_aantal:
            ctx.fout(knoop, f"'{naam_van(pad)}' moet minstens {self.min_aantal} item(s) bevatten")
        uit = Obj(knoop.regel)
        for sleutel, (regel, kind) in knoop.items.items():
            naam = self.sleutel.controleer(KScalar(sleutel, regel), ctx, (*pad, sleutel))
            if naam is ONGELDIG:
                continue
            waarde = self.waarde.controleer(kind, ctx, (*pad, sleutel))
            if waarde is not ONGELDIG:
                uit[sleutel] = waarde
                uit.regels[sleutel] = regel
        return uit


SPECIALE_WAARDEN = ("maatwerk", "geen_regel")


@dataclass(frozen=True)
class Waarde:
    """A rule value: text, number, yes/no or a list of texts; or 'maatwerk' / 'geen_regel'."""

    omschrijving: str = "een tekst, getal, true/false of een lijst"

    def controleer(self, knoop: Knoop, ctx: Context, pad: Pad) -> Any:
        if isinstance(knoop, KLijst):
            return tuple(Lijst(Tekst()).controleer(knoop, ctx, pad))
        if isinstance(knoop, KScalar):
            w = knoop.waarde
            if isinstance(w, bool):
                return w
            if isinstance(w, (int, float)):
                return Decimal(str(w))
            if isinstance(w, str) and w.strip():
                return w.strip()
        return _verkeerd_type(knoop, ctx, pad, self.omschrijving)
