"""Read YAML into a small tree that remembers line numbers (for editors' error messages)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .meldingen import Meldingen

Scalar = Union[str, int, float, bool, dt.date, None]


@dataclass(frozen=True)
class KScalar:
    waarde: Scalar
    regel: int
    ongeldige_datum: bool = False  # looked like a date but does not exist (2026-02-30)


@dataclass(frozen=True)
class KLijst:
    items: tuple[Knoop, ...]
    regel: int


@dataclass(frozen=True)
class KMap:
    # key -> (line of the key, value node); insertion order kept
    items: dict[str, tuple[int, Knoop]] = field(default_factory=dict)
    regel: int = 1


Knoop = Union[KScalar, KLijst, KMap]

_YAML_PROBLEMEN = {
    "mapping values are not allowed here": (
        "hier mag geen dubbele punt staan; zet tekst met een ':' tussen aanhalingstekens"
    ),
    "found character '\\t' that cannot start any token": "tab gevonden; gebruik spaties om in te springen",
    "could not find expected ':'": "er ontbreekt een dubbele punt ':' na een sleutel",
    "did not find expected key": "de inspringing klopt niet (te veel of te weinig spaties?)",
    "expected <block end>, but found": "de inspringing klopt niet (te veel of te weinig spaties?)",
    "did not find expected '-' indicator": "de inspringing van de lijst klopt niet",
    "found unexpected end of stream": "het bestand houdt onverwacht op (ontbreekt er een aanhalingsteken?)",
    "found undefined alias": "onbekende verwijzing (*naam)",
    "expected a single document in the stream": "het bestand mag maar één document bevatten (verwijder '---')",
}


def _vertaal_probleem(probleem: str) -> str:
    for engels, nederlands in _YAML_PROBLEMEN.items():
        if probleem.startswith(engels) or engels in probleem:
            return nederlands
    return f"de YAML-opmaak klopt niet ({probleem})"


class _Bouwer:
    def __init__(self, bestand: str, meldingen: Meldingen) -> None:
        self.bestand = bestand
        self.meldingen = meldingen
        self.constructor = SafeConstructor()

    def bouw(self, node: Node) -> Knoop:
        regel = node.start_mark.line + 1
        if isinstance(node, MappingNode):
            items: dict[str, tuple[int, Knoop]] = {}
            for sleutel_node, waarde_node in node.value:
                sleutel_regel = sleutel_node.start_mark.line + 1
                if not isinstance(sleutel_node, ScalarNode):
                    self.meldingen.fout(self.bestand, sleutel_regel, "een sleutel moet een kort woord zijn")
                    continue
                sleutel = self._scalar(sleutel_node).waarde
                naam = "" if sleutel is None else str(sleutel)
                if naam in items:
                    self.meldingen.fout(
                        self.bestand,
                        sleutel_regel,
                        f"sleutel '{naam}' staat er twee keer (eerder op regel {items[naam][0]})",
                    )
                    continue
                items[naam] = (sleutel_regel, self.bouw(waarde_node))
            return KMap(items, regel)
        if isinstance(node, SequenceNode):
            return KLijst(tuple(self.bouw(n) for n in node.value), regel)
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def _scalar(self, node: ScalarNode) -> KScalar:
        regel = node.start_mark.line + 1
        try:
            waarde = self.constructor.construct_object(node, deep=True)
        except (ValueError, ConstructorError):
            # e.g. 2026-02-30: matches the timestamp pattern but is not a real date
            return KScalar(str(node.value), regel, ongeldige_datum=True)
        if isinstance(waarde, dt.datetime):
            waarde = waarde.date()
        if not isinstance(waarde, (str, int, float, bool, dt.date, type(None))):
            return KScalar(str(node.value), regel)
        return KScalar(waarde, regel)


# libyaml composes the same node tree (tags, values, line numbers) about ten times faster.
_SNELLE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(tekst: str) -> Node | None:
    try:
        return yaml.compose(tekst, Loader=_SNELLE_LOADER)
    except yaml.YAMLError:
        # libyaml words its errors differently: the pure-Python parser gives the messages that
        # _vertaal_probleem translates.
        return yaml.compose(tekst, Loader=yaml.SafeLoader)


def lees_yaml(tekst: str, bestand: str, meldingen: Meldingen) -> Knoop | None:
    """Parse ``tekst``; syntax errors become Dutch messages with the line number."""
    try:
        node = _compose(tekst)
    except yaml.MarkedYAMLError as fout:
        mark = fout.problem_mark or fout.context_mark
        regel = mark.line + 1 if mark is not None else None
        meldingen.fout(bestand, regel, _vertaal_probleem(fout.problem or str(fout)))
        return None
    except yaml.YAMLError as fout:
        meldingen.fout(bestand, None, _vertaal_probleem(str(fout)))
        return None
    if node is None:
        meldingen.fout(bestand, None, "het bestand is leeg")
        return None
    return _Bouwer(bestand, meldingen).bouw(node)
