"""What the rules files hold once read and checked one by one, before they are linked into a
``Repository``: the input of both the cross-file checks (``controles``) and the builders (``bouwen``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .schema import Obj, Verwijzing


@dataclass
class Ruw:
    """Checked-but-not-yet-linked contents of every file (missing when a file could not be read)."""

    regeling_ids: tuple[str, ...] = ()  # one per knowledge/<id>.yml, read or not
    kennis: dict[str, Obj] = field(default_factory=dict)
    bedragen: Obj | None = None
    plaatsen: Obj | None = None
    regio: Obj | None = None
    gemeenten: dict[str, Obj] = field(default_factory=dict)
    rooster: Obj | None = None
    verwijzingen: list[Verwijzing] = field(default_factory=list)
    # files that are there but could not be read (syntax error, not UTF-8): never "missing"
    onleesbaar: set[str] = field(default_factory=set)
    # the text of every file read, to find the line of a word inside a folded text
    bronteksten: dict[str, str] = field(default_factory=dict)
