"""Validation messages for editors: Dutch text that names the file and the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# fout: the file is not used (the last valid version keeps serving);
# verlopen: a dated statutory figure has lapsed -- the assistant keeps serving (and says which date its figure
#   is from) but `check` fails, so editors cannot miss it;
# waarschuwing: worth fixing, nothing breaks.
Ernst = Literal["fout", "verlopen", "waarschuwing"]


@dataclass(frozen=True)
class Melding:
    """One finding about a data file. ``str()`` gives the text editors see."""

    bestand: str  # path relative to the content root, with forward slashes
    regel: int | None  # 1-based line number, None when it concerns the whole file
    tekst: str  # Dutch
    ernst: Ernst = "fout"
    # a known state the editors have already chosen (a file's 'status: voorbeeld', an answer's 'status:
    # onbevestigd'): `check` counts these in one line so the findings that need work stand out
    groep: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        if self.regel is None:
            return f"{self.bestand}: {self.tekst}"
        return f"{self.bestand}, regel {self.regel}: {self.tekst}"

    @property
    def is_fout(self) -> bool:
        return self.ernst == "fout"


class Meldingen:
    """Collects findings while files are read and checked."""

    def __init__(self) -> None:
        self._items: list[Melding] = []

    def fout(self, bestand: str, regel: int | None, tekst: str) -> None:
        self._items.append(Melding(bestand, regel, tekst, "fout"))

    def verlopen(self, bestand: str, regel: int | None, tekst: str) -> None:
        self._items.append(Melding(bestand, regel, tekst, "verlopen"))

    def waarschuwing(self, bestand: str, regel: int | None, tekst: str, groep: str | None = None) -> None:
        self._items.append(Melding(bestand, regel, tekst, "waarschuwing", groep))

    @property
    def fouten(self) -> tuple[Melding, ...]:
        return tuple(m for m in self._sorted() if m.is_fout)

    @property
    def waarschuwingen(self) -> tuple[Melding, ...]:
        return tuple(m for m in self._sorted() if not m.is_fout)

    def _sorted(self) -> list[Melding]:
        return sorted(self._items, key=lambda m: (m.bestand, m.regel or 0))


class OngeldigeGegevens(Exception):
    """Raised when the content files contain errors; ``fouten`` holds the Dutch messages."""

    def __init__(self, fouten: tuple[Melding, ...], waarschuwingen: tuple[Melding, ...] = ()) -> None:
        self.fouten = fouten
        self.waarschuwingen = waarschuwingen
        regels = "\n".join(str(f) for f in fouten)
        super().__init__(f"{len(fouten)} fout(en) in de regelbestanden:\n{regels}")
