"""Group similar questions (standard library only).

Texts are normalised (lower case; accents, punctuation and privacy masks such as
"[BSN verwijderd]" removed; common Dutch function and question words dropped). The similarity of two texts is the mean of the Jaccard index of their words and the cosine
of their character-trigram counts (the trigrams catch typos and compound words). Grouping is greedy and deterministic: the most frequent
wording starts a group; every next wording joins the group it is on average most similar to, if
that average reaches the threshold, else it starts a new group.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Generic, Hashable, Sequence, TypeVar

DREMPEL = 0.5

STOPWOORDEN = frozenset(
    """
    de het een en of ik je jij u uw we wij ons onze mijn me mij is ben bent zijn was waren
    er dat die dit deze van voor met in op aan te bij om over naar tot uit door als dan
    ook nog wel al maar heel toch even graag eens hoor hallo hoi goedemorgen goedemiddag
    hoe wat wie waar wanneer welke welk waarom kan kun kunt mag moet moeten wil wilt zou
    krijg krijgen heb hebt heeft hebben doe doen wordt worden word zit gaat ga dus nou
    """.split()
)

_NIET_WOORD = re.compile(r"[^0-9a-z]+")
_MASKER = re.compile(r"\[[^\]]*verwijderd\]")  # what wsp.privacy.redact and schoon() put in

T = TypeVar("T", bound=Hashable)


def normaliseer(tekst: str) -> str:
    zonder_accenten = "".join(
        c for c in unicodedata.normalize("NFKD", _MASKER.sub(" ", tekst.lower()))
        if not unicodedata.combining(c)
    )
    woorden = _NIET_WOORD.sub(" ", zonder_accenten).split()
    kern = [w for w in woorden if w not in STOPWOORDEN]
    return " ".join(kern or woorden)


def _trigrammen(genormaliseerd: str) -> Counter[str]:
    tekst = f"  {genormaliseerd} "
    return Counter(tekst[i : i + 3] for i in range(len(tekst) - 2))


def _cosinus(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    kleinste, grootste = (a, b) if len(a) <= len(b) else (b, a)
    punt = sum(n * grootste.get(k, 0) for k, n in kleinste.items())
    return punt / (math.sqrt(sum(n * n for n in a.values())) * math.sqrt(sum(n * n for n in b.values())))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class _Vorm:
    tekst: str
    woorden: frozenset[str]
    trigrammen: Counter[str]


def _vorm(genormaliseerd: str) -> _Vorm:
    return _Vorm(genormaliseerd, frozenset(genormaliseerd.split()), _trigrammen(genormaliseerd))


def gelijkenis(a: str, b: str) -> float:
    """Similarity of two texts in [0, 1]."""
    return _gelijkenis(_vorm(normaliseer(a)), _vorm(normaliseer(b)))


def _gelijkenis(a: _Vorm, b: _Vorm) -> float:
    if a.tekst == b.tekst:
        return 1.0
    return (_jaccard(a.woorden, b.woorden) + _cosinus(a.trigrammen, b.trigrammen)) / 2


@dataclass
class Cluster(Generic[T]):
    leden: list[T]  # the items, in input order of their normalised form's first appearance
    vormen: list[str]  # distinct normalised texts


def groepeer(items: Sequence[T], tekst_van, drempel: float = DREMPEL) -> list[Cluster[T]]:
    """Group ``items`` by the similarity of ``tekst_van(item)``; largest groups first."""
    per_vorm: dict[str, list[T]] = {}
    for item in items:
        per_vorm.setdefault(normaliseer(tekst_van(item)), []).append(item)
    # most frequent wording first; ties in order of appearance (dicts keep insertion order)
    volgorde = sorted(per_vorm, key=lambda v: -len(per_vorm[v]))
    vormen = {v: _vorm(v) for v in volgorde}
    clusters: list[tuple[Cluster[T], list[_Vorm]]] = []
    for v in volgorde:
        beste, beste_score = None, 0.0
        for cluster, leden in clusters:
            score = sum(_gelijkenis(vormen[v], lid) for lid in leden) / len(leden)
            if score > beste_score:
                beste, beste_score = (cluster, leden), score
        if beste is not None and beste_score >= drempel:
            beste[0].leden.extend(per_vorm[v])
            beste[0].vormen.append(v)
            beste[1].append(vormen[v])
        else:
            clusters.append((Cluster(list(per_vorm[v]), [v]), [vormen[v]]))
    uit = [c for c, _ in clusters]
    uit.sort(key=lambda c: -len(c.leden))  # stable: equal sizes keep their order
    return uit
