"""From a word the NLU marked as an instrument (entity ``regeling``) to the instrument's id.

The NLU model usually gives the canonical id (its synonym mapper turns "lks" into
``loonkostensubsidie``), but not for a spelling it never saw ("loonkostensubsidy", "LKS?",
"<b>no risk</b>"): then the entity value is the typed text itself. Insights count instruments, not
typed words, so every value is mapped first, using only what the project already keeps:

- the registry of instruments (``wsp.regels``: each ``knowledge/<id>.yml``, its ``naam`` and ``afkorting``);
- the NLU training data in ``assistant/data/nlu/``: the synonyms (``synonyms.yml``) and the spans annotated
  with a ``regeling`` value in the examples -- exactly what Rasa's synonym mapper learns;
- a typo tolerance for longer words (difflib ratio >= 0.85, one instrument only).

A word that maps to none is no instrument: it goes to the editors' list (``wsp.inzichten.redactie``),
never into a chart.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from wsp.db import REPO_ROOT

NLU_MAP = REPO_ROOT / "assistant" / "data" / "nlu"
ENTITEIT = "regeling"
TIKFOUT_DREMPEL = 0.85
MIN_LENGTE_TIKFOUT = 5  # "lks" and "lkv" are one letter apart and mean different things

_ANNOTATIE = re.compile(r"\[([^\]]+)\]\{([^}]*)\}")
_MARKUP = re.compile(r"<[^>]*>")
_LIDWOORD = re.compile(r"^(?:de|het|een|die|dat)\s+")


def sleutel(tekst: str) -> str:
    """A spelling without what does not tell instruments apart: markup, case, accents, articles,
    spaces, hyphens, punctuation. 'De No-Risk polis!' -> 'noriskpolis'."""
    tekst = _MARKUP.sub(" ", html.unescape(str(tekst)))
    tekst = "".join(c for c in unicodedata.normalize("NFKD", tekst.casefold()) if not unicodedata.combining(c))
    tekst = " ".join(re.sub(r"[^0-9a-z]+", " ", tekst).split())
    return _LIDWOORD.sub("", tekst).replace(" ", "")


@dataclass(frozen=True)
class Herkenner:
    """Spelling (``sleutel``) -> instrument id."""

    spellingen: Mapping[str, str]

    @classmethod
    def maak(cls, namen: Mapping[str, str], synoniemen: Iterable[tuple[str, str]]) -> Herkenner:
        """``namen``: id -> names it goes by (its id, name, abbreviation); ``synoniemen``: (spelling, id)
        pairs. Spellings of ids that are not in ``namen`` are ignored (other entities share the file)."""
        spellingen: dict[str, str] = {}
        dubbel: set[str] = set()

        def voeg_toe(spelling: str, rid: str) -> None:
            s = sleutel(spelling)
            if not s:
                return
            if spellingen.get(s, rid) != rid:
                dubbel.add(s)  # two instruments share a spelling: it names neither
            spellingen.setdefault(s, rid)

        for rid, naam in namen.items():
            for spelling in (rid, naam):
                voeg_toe(spelling, rid)
        for spelling, rid in synoniemen:
            if rid in namen:
                voeg_toe(spelling, rid)
        return cls({s: r for s, r in spellingen.items() if s not in dubbel})

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.spellingen.values())

    def regeling(self, woord: str) -> str | None:
        """The instrument ``woord`` names, or None."""
        s = sleutel(woord)
        if not s:
            return None
        if s in self.spellingen:
            return self.spellingen[s]
        if len(s) < MIN_LENGTE_TIKFOUT:
            return None
        dichtbij = difflib.get_close_matches(s, list(self.spellingen), n=5, cutoff=TIKFOUT_DREMPEL)
        ids = {self.spellingen[d] for d in dichtbij}
        return ids.pop() if len(ids) == 1 else None


def nlu_synoniemen(nlu_map: Path = NLU_MAP, entiteit: str = ENTITEIT) -> list[tuple[str, str]]:
    """(spelling, value) pairs Rasa learns for ``entiteit``: ``synonym`` blocks and annotated spans
    ``[lks]{"entity": "regeling", "value": "loonkostensubsidie"}`` in the examples."""
    paren: list[tuple[str, str]] = []
    for pad in sorted(nlu_map.glob("*.yml")):
        try:
            data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue  # the NLU data is checked by `rasa data validate`; here it only adds spellings
        for blok in data.get("nlu") or ():
            if not isinstance(blok, dict):
                continue
            voorbeelden = str(blok.get("examples") or "")
            if "synonym" in blok:
                doel = str(blok["synonym"])
                paren += [(regel.lstrip("- ").strip(), doel) for regel in voorbeelden.splitlines() if regel.strip()]
                continue
            for tekst, kenmerken in _ANNOTATIE.findall(voorbeelden):
                try:
                    k = yaml.safe_load("{" + kenmerken + "}")
                except yaml.YAMLError:
                    continue
                if isinstance(k, dict) and k.get("entity") == entiteit and isinstance(k.get("value"), str):
                    paren.append((tekst, k["value"]))
    return paren


_cache: list[tuple[object, tuple[object, ...], Herkenner]] = []


def herkenner() -> Herkenner:
    """The recogniser for the current knowledge files and NLU data (rebuilt when either changed)."""
    from wsp.regels import default_store

    repo = default_store().current()
    nlu = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in NLU_MAP.glob("*.yml")))
    if _cache and _cache[0][0] is repo and _cache[0][1] == nlu:
        return _cache[0][2]
    regelingen = repo.regelingen.values()
    afkortingen = [(r.afkorting, r.id) for r in regelingen if r.afkorting]
    nieuw = Herkenner.maak({r.id: r.naam for r in regelingen}, [*afkortingen, *nlu_synoniemen()])
    _cache[:] = [(repo, nlu, nieuw)]
    return nieuw
