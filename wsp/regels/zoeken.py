"""Find the answer-library entry that answers an employer's question.

The NLU model decides *that* the message is a question about the instruments and which instrument it
names; this module decides *which question* it is. It compares the message with each entry's question
and its examples (``vragen[].vraag`` and ``voorbeelden`` in knowledge/) as TF-IDF vectors of words and of
character n-grams (typos, Dutch compounds), and prefers entries of the instrument the employer named or
the conversation is about. Editors' new entries and examples count as soon as the files are reloaded:
no model training is involved.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

from .model import Vraag

# Words that carry no meaning for telling questions apart (pronouns, articles, auxiliaries).
STOPWOORDEN = frozenset(
    """
    de het een en of van in op te aan voor met door bij als dan dat die dit deze er om uit naar
    ik je jij u uw we wij mij me mijn ons onze hij zij ze hem haar hun is zijn ben bent was waren
    wordt worden werd heb hebt heeft hebben had kan kun kunt kunnen zal zullen zou zouden moet moeten
    mag mogen wil wilt willen ook nog al wel niet geen maar dus toch even eigenlijk precies graag
    wat hoe waar wanneer wie welke welk waarom hoeveel hoelang ja nee oke ok hoi hallo beste vraag
    iets iemand alles daar hier dan zo
    """.split()
)
_NIET_WOORD = re.compile(r"[^a-z0-9]+")

Soort = Literal["antwoord", "keuze", "geen"]


def normaliseer(tekst: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    zonder = unicodedata.normalize("NFKD", tekst.lower())
    zonder = "".join(c for c in zonder if not unicodedata.combining(c))
    return _NIET_WOORD.sub(" ", zonder).strip()


def _woorden(norm: str) -> list[str]:
    return [w for w in norm.split() if w not in STOPWOORDEN and len(w) > 1]


def kenmerken(tekst: str) -> tuple[Counter[str], Counter[str]]:
    """Word features and character 3-5-gram features of content words."""
    woorden = _woorden(normaliseer(tekst))
    ngrams: Counter[str] = Counter()
    for w in woorden:
        w = f" {w} "
        for n in (3, 4, 5):
            ngrams.update(w[i : i + n] for i in range(max(1, len(w) - n + 1)))
    return Counter(woorden), ngrams


class _Ruimte:
    """One TF-IDF vector space: cosine similarity of a question to every document (by an inverted
    index) and to every entry's centroid (the normalised sum of its documents)."""

    def __init__(self, documenten: Sequence[Counter[str]], eigenaar: Sequence[int], gewichten: Sequence[float]) -> None:
        df: Counter[str] = Counter()
        for doc in documenten:
            df.update(doc.keys())
        n = len(documenten)
        self.idf = {k: math.log((1 + n) / (1 + v)) + 1.0 for k, v in df.items()}
        self.index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.centra: dict[str, list[tuple[int, float]]] = defaultdict(list)
        som: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for i, (doc, e, g) in enumerate(zip(documenten, eigenaar, gewichten, strict=True)):
            vec = self._vector(doc)
            for k, w in vec.items():
                if g >= 1.0:
                    self.index[k].append((i, w))
                som[e][k] += g * w
        for e, vec in som.items():
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            for k, w in vec.items():
                self.centra[k].append((e, w / norm))

    def _vector(self, doc: Counter[str]) -> dict[str, float]:
        vec = {k: (1 + math.log(tf)) * self.idf.get(k, 0.0) for k, tf in doc.items() if k in self.idf}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {k: w / norm for k, w in vec.items()}

    def gelijkenis(self, doc: Counter[str]) -> tuple[dict[int, float], dict[int, float]]:
        """(similarity per document, similarity per entry centroid)."""
        docs: dict[int, float] = defaultdict(float)
        centra: dict[int, float] = defaultdict(float)
        for k, w in self._vector(doc).items():
            for i, dw in self.index.get(k, ()):
                docs[i] += w * dw
            for e, cw in self.centra.get(k, ()):
                centra[e] += w * cw
        return docs, centra


@dataclass(frozen=True)
class Kandidaat:
    vraag: Vraag
    score: float


@dataclass(frozen=True)
class Beslissing:
    """What to send: one answer, a choice between a few ("Bedoelt u...?"), or nothing fitting."""

    soort: Soort
    kandidaten: tuple[Kandidaat, ...]

    @property
    def beste(self) -> Vraag | None:
        return self.kandidaten[0].vraag if self.kandidaten else None


@dataclass(frozen=True)
class Drempels:
    """Tuned with leave-one-out on the entries' own examples (scripts/tune_zoeken.py), never on the
    evaluation set."""

    antwoord: float = 0.42  # top score needed to answer directly ...
    marge: float = 0.06  # ... with this lead over the best entry of another question
    keuze: float = 0.28  # from here up, offer the closest entries as buttons
    keuze_venster: float = 0.12  # entries this close to the top are offered too
    max_keuzes: int = 3
    genoemd_bonus: float = 0.12  # the message names the entry's instrument
    context_bonus: float = 0.08  # the conversation is about the entry's instrument (and the message names none)
    ander_malus: float = 0.10  # the message names another instrument
    gewicht_woorden: float = 0.5  # word vs character n-gram similarity
    gewicht_centrum: float = 0.5  # an entry's centroid vs its single closest example
    gewicht_antwoord: float = 0.5  # how much the answer text counts in an entry's centroid


class VraagIndex:
    """All entries of the answer library, ready to be searched. Build once per repository version.
    ``weglaten``: (entry id, example) pairs left out of the index (cross-validation while tuning)."""

    def __init__(
        self,
        vragen: Iterable[Vraag],
        drempels: Drempels | None = None,
        weglaten: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.vragen: tuple[Vraag, ...] = tuple(vragen)
        self.drempels = d = drempels or Drempels()
        self._eigenaar: list[int] = []
        gewichten: list[float] = []
        woord_docs: list[Counter[str]] = []
        char_docs: list[Counter[str]] = []
        for i, v in enumerate(self.vragen):
            teksten = [(t, 1.0) for t in (v.vraag, *v.voorbeelden) if (v.id, t) not in weglaten]
            teksten.append((v.antwoord, d.gewicht_antwoord))  # answers name the terms of the question
            for tekst, gewicht in teksten:
                w, c = kenmerken(tekst)
                woord_docs.append(w)
                char_docs.append(c)
                self._eigenaar.append(i)
                gewichten.append(gewicht)
        self._woorden = _Ruimte(woord_docs, self._eigenaar, gewichten)
        self._chars = _Ruimte(char_docs, self._eigenaar, gewichten)

    def scores(self, tekst: str) -> list[float]:
        """Similarity of ``tekst`` to each entry: its closest example and its centroid, in words and
        character n-grams."""
        d = self.drempels
        w, c = kenmerken(tekst)
        (dw, cw), (dc, cc) = self._woorden.gelijkenis(w), self._chars.gelijkenis(c)
        beste_w = [0.0] * len(self.vragen)
        beste_c = [0.0] * len(self.vragen)
        for doc, s in dw.items():
            e = self._eigenaar[doc]
            beste_w[e] = max(beste_w[e], s)
        for doc, s in dc.items():
            e = self._eigenaar[doc]
            beste_c[e] = max(beste_c[e], s)
        g, m = d.gewicht_woorden, d.gewicht_centrum
        return [
            g * ((1 - m) * beste_w[e] + m * cw.get(e, 0.0)) + (1 - g) * ((1 - m) * beste_c[e] + m * cc.get(e, 0.0))
            for e in range(len(self.vragen))
        ]

    def zoek(self, tekst: str, genoemd: Iterable[str] = (), context: str | None = None) -> list[Kandidaat]:
        """Entries ranked for ``tekst``. ``genoemd``: instruments the message names (NLU entities);
        ``context``: the instrument the conversation is about (slot)."""
        d = self.drempels
        genoemd = set(genoemd)
        uit: list[Kandidaat] = []
        for v, s in zip(self.vragen, self.scores(tekst), strict=True):
            if s <= 0:
                continue
            if genoemd:
                s += d.genoemd_bonus if v.regeling in genoemd else -d.ander_malus
            elif context and v.regeling == context:
                s += d.context_bonus
            uit.append(Kandidaat(v, s))
        uit.sort(key=lambda k: k.score, reverse=True)
        return uit

    def beslis(self, tekst: str, genoemd: Iterable[str] = (), context: str | None = None) -> Beslissing:
        d = self.drempels
        ranking = self.zoek(tekst, genoemd, context)
        if not ranking or ranking[0].score < d.keuze:
            return Beslissing("geen", tuple(ranking[:1]))
        top = ranking[0]
        tweede = ranking[1].score if len(ranking) > 1 else 0.0
        if top.score >= d.antwoord and top.score - tweede >= d.marge:
            return Beslissing("antwoord", (top,))
        dichtbij = [k for k in ranking[: d.max_keuzes] if k.score >= top.score - d.keuze_venster]
        if len(dichtbij) == 1:
            soort: Soort = "antwoord" if top.score >= d.antwoord else "keuze"
            return Beslissing(soort, (top,))
        return Beslissing("keuze", tuple(dichtbij))
