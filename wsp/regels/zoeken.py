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
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Literal, Sequence

import numpy as np
from scipy import sparse

from .model import Vraag

# Words that carry no meaning for telling questions apart (pronouns, articles, auxiliaries).
STOPWOORDEN = frozenset(
    """
    de het een en of van in op te aan voor met door bij als dan dat die dit deze er om uit naar
    ik je jij u uw we wij mij me mijn ons onze hij zij ze hem haar hun is zijn ben bent was waren
    wordt worden werd heb hebt heeft hebben had kan kun kunt kunnen zal zullen zou zouden moet moeten
    mag mogen wil wilt willen ook nog al wel niet geen maar dus toch even eigenlijk precies graag
    wat hoe waar welke welk ja nee oke ok hoi hallo beste vraag iets alles daar hier dan zo
    """.split()
)
# Spellings and near-synonyms employers use, folded to one word before matching (after normaliseer).
# Instrument names are folded too, so "no risk polis", "no-riskpolis" and "nrp" are one word.
VERVANGINGEN: tuple[tuple[str, str], ...] = (
    (r"\bno ?risk ?polis\b|\bnorisk ?polis\b|\bnrp\b", "noriskpolis"),
    (r"\bloonkosten ?subsidie\b|\bloon ?subsidie\b|\blks\b", "loonkostensubsidie"),
    (r"\bloonkosten ?voordeel\b|\blkv\b", "loonkostenvoordeel"),
    (r"\bdoelgroep(en)? ?register\b|\bdgr\b", "doelgroepregister"),
    (r"\bjob ?coach(ing|es|s)?\b", "jobcoach"),
    (r"\bhoelang\b", "hoe lang"),
    # separable verbs: "hoe vraag ik de subsidie aan" = "aanvragen", "waar meld ik me aan" = "aanmelden"
    (r"\b(?:vraag|vraagt|vragen) ((?:[a-z0-9]+ ){0,5}?)aan\b", r"aanvragen \1"),
    (r"\b(?:meld|meldt|melden) ((?:[a-z0-9]+ ){0,5}?)aan\b", r"aanmelden \1"),
    (r"\b(medewerk(er|ster)s?|werkneemster|personeelslid|personeel)\b", "werknemer"),
    (r"\b(baas|ondernemer|bedrijf)\b", "werkgever"),
    (r"\b(handicap|gehandicapt(e)?|arbeidsbeperking(en)?|arbeidsgehandicapt(e)?)\b", "beperking"),
    (r"\bwajonger(s)?\b", "wajong"),
    # abbreviations employers write ("ZW-ERD": a Ziektewet-eigenrisicodrager)
    (r"\b(erd|eigen risicodrager)\b", "eigenrisicodrager"),
    (r"\bzw\b", "ziektewet"),
    (r"\bwsw\b", "sociale werkvoorziening"),
)
_VERVANGINGEN = tuple((re.compile(patroon), door) for patroon, door in VERVANGINGEN)
_NIET_WOORD = re.compile(r"[^a-z0-9]+")

Soort = Literal["antwoord", "keuze", "geen"]


def normaliseer(tekst: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    zonder = unicodedata.normalize("NFKD", tekst.lower())
    zonder = "".join(c for c in zonder if not unicodedata.combining(c))
    return _NIET_WOORD.sub(" ", zonder).strip()


def stam(woord: str) -> str:
    """A light Dutch stemmer: plural and verb endings off ("werknemers", "aanvragen", "kosten")."""
    for uitgang in ("heden", "ingen", "en", "s", "e"):
        if len(woord) > len(uitgang) + 3 and woord.endswith(uitgang):
            return woord[: -len(uitgang)]
    return woord


def vervang(norm: str) -> str:
    """A normalised text with the spellings and near-synonyms of ``VERVANGINGEN`` folded."""
    for patroon, door in _VERVANGINGEN:
        norm = patroon.sub(door, norm)
    return norm


def _woorden(norm: str) -> list[str]:
    return [stam(w) for w in vervang(norm).split() if w not in STOPWOORDEN and len(w) > 1]


# Question words: what kind of question it is ("hoe lang", "wie betaalt", "waar ... aanvragen") tells
# entries of one instrument apart. Most of them are stop words on their own.
VRAAGWOORDEN = frozenset("hoe wat waar wanneer wie hoeveel welke welk waarom".split())


def vraagsoort(norm: str) -> list[str]:
    """Each question word joined with the content word that follows it: "hoe lang duurt de polis"
    -> ["hoe_lang"], "wie betaalt de jobcoach" -> ["wie_betaalt"], "waar kan ik het aanvragen" ->
    ["waar_aanvrag"]. Features of the classifier, next to its word and character n-grams (it sees
    "hoe lang" as a word bigram already, not "waar ... aanvragen" or "wie ... betaalt")."""
    woorden = vervang(norm).split()
    uit = []
    for i, w in enumerate(woorden):
        if w in VRAAGWOORDEN:
            volgend = next((v for v in woorden[i + 1 :] if v not in STOPWOORDEN and len(v) > 1), None)
            if volgend is not None:
                uit.append(f"{w}_{stam(volgend)}")
    return uit


PLAATS = "gemeente"  # what a place name stands for in the search: the question is about a municipality


def plaatspatroon(namen: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for the (normalised) place names of the region and around it, longest first."""
    namen = sorted({normaliseer(n) for n in namen if normaliseer(n)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in namen) + r")\b") if namen else None


def zinnen(tekst: str) -> list[str]:
    """The sentences of a message (on . ! ? and line breaks)."""
    return [z.strip() for z in re.split(r"(?<=[.!?])\s+|\n+", tekst) if z.strip()]


def vraagzin(tekst: str) -> str:
    """The part of a message that asks: the last sentence ending in a question mark, else the last
    sentence. "We hebben sinds maart iemand in dienst. Hoe lang geldt de polis?" -> the question."""
    delen = zinnen(tekst)
    vragen = [z for z in delen if z.endswith("?")]
    return (vragen or delen or [tekst])[-1]


# "en voor iemand met een Wajong?", "ook bij een uitzendkracht?": the previous question, asked again
# for someone or something else. A follow-up with a question word of its own ("en hoe lang duurt
# dat?") is a new question and is searched as it is.
_AANVULLING = re.compile(r"^(?:en |maar |en ook |ook )?(?:voor|bij|met|in|zonder|tijdens|na|vanaf|op) ")
_EIGEN_VRAAGWOORDEN = frozenset(
    "hoe wat wanneer waar wie hoeveel welke welk waarom kan kun kunt mag moet krijg krijgt geldt "
    "betaal betaalt duurt kost".split()
)


def is_aanvulling(tekst: str) -> bool:
    """A follow-up that only changes whom or what the previous question was about ("en voor iemand
    met een Wajong-uitkering?"): it means nothing without that question."""
    norm = normaliseer(tekst)
    woorden = norm.split()
    return bool(woorden and woorden[0] in ("en", "maar", "ook") and _AANVULLING.match(norm)
                and not set(woorden) & _EIGEN_VRAAGWOORDEN and len(woorden) <= 12)


def is_vraag(tekst: str) -> bool:
    """Whether the message asks something: its question sentence (``vraagzin``) ends in a question
    mark or opens with a question word ("Hoe zorg je ervoor dat ...?", "wat kost dat"). For the intents
    that are not questions (feedback such as "dat vroeg ik niet"): when such a message asks, the
    answer library is tried first."""
    zin = vraagzin(tekst)
    woorden = normaliseer(zin).split()
    return zin.rstrip().endswith("?") or bool(woorden and woorden[0] in _EIGEN_VRAAGWOORDEN)


def als_aanvulling(tekst: str, vorige_vraag: str) -> str | None:
    """The text to search for such a follow-up (``is_aanvulling``: "Hoelang geldt de no-riskpolis?" -
    "en voor iemand met een Wajong-uitkering?"): the previous question with the follow-up in place of
    its question mark. None for any other message."""
    return f"{vorige_vraag.rstrip(' ?')} {tekst.strip()}" if is_aanvulling(tekst) else None


def normaliseer_plaatsen(tekst: str, plaatsen: re.Pattern[str] | None) -> str:
    """``normaliseer``, with every place name as one word (``PLAATS``): which municipality is the
    slot's business, that one is named is the search's."""
    norm = normaliseer(tekst)
    return plaatsen.sub(PLAATS, norm) if plaatsen is not None else norm


def kenmerken(tekst: str, plaatsen: re.Pattern[str] | None = None) -> tuple[Counter[str], Counter[str]]:
    """Word features and character 3-5-gram features of content words."""
    norm = normaliseer_plaatsen(tekst, plaatsen)
    woorden = _woorden(norm)
    ngrams: Counter[str] = Counter()
    for w in woorden:
        w = f" {w} "
        for n in (3, 4, 5):
            ngrams.update(w[i : i + n] for i in range(max(1, len(w) - n + 1)))
    return Counter(woorden), ngrams


class _Ruimte:
    """One TF-IDF vector space (sparse matrices): cosine similarity of a question to every document
    and to every entry's centroid (the normalised, weighted sum of its documents)."""

    def __init__(self, documenten: Sequence[Counter[str]], eigenaar: Sequence[int], gewichten: Sequence[float]) -> None:
        df: Counter[str] = Counter()
        for doc in documenten:
            df.update(doc.keys())
        n = len(documenten)
        self.kolom = {k: i for i, k in enumerate(df)}
        self.idf = np.array([math.log((1 + n) / (1 + df[k])) + 1.0 for k in df])
        docs = _normaliseer_rijen(self._matrix(documenten))
        # only full-weight documents (questions and examples) count as "closest example"
        volledig = np.array([g >= 1.0 for g in gewichten])
        self.docs = docs[np.flatnonzero(volledig)].tocsc().T.tocsr()  # features x documents
        self.doc_eigenaar = np.asarray(eigenaar)[volledig]
        entries = max(eigenaar) + 1 if len(eigenaar) else 0
        toewijzing = sparse.csr_matrix(
            (np.asarray(gewichten, dtype=float), (np.asarray(eigenaar), np.arange(n))), shape=(entries, n)
        )
        self.centra = _normaliseer_rijen(toewijzing @ docs).T.tocsr()  # features x entries

    def _matrix(self, documenten: Sequence[Counter[str]]) -> sparse.csr_matrix:
        rijen, kolommen, waarden = [], [], []
        for r, doc in enumerate(documenten):
            for k, tf in doc.items():
                c = self.kolom.get(k)
                if c is not None:
                    rijen.append(r)
                    kolommen.append(c)
                    waarden.append((1 + math.log(tf)) * self.idf[c])
        return sparse.csr_matrix((waarden, (rijen, kolommen)), shape=(len(documenten), len(self.kolom)))

    def gelijkenis(self, doc: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """(similarity per full-weight document, similarity per entry centroid)."""
        kolommen = [self.kolom[k] for k in doc if k in self.kolom]
        if not kolommen:
            return np.zeros(self.docs.shape[1]), np.zeros(self.centra.shape[1])
        tf = np.array([doc[k] for k in doc if k in self.kolom], dtype=float)
        w = (1 + np.log(tf)) * self.idf[kolommen]
        w /= np.linalg.norm(w)
        return self.docs[kolommen].T @ w, self.centra[kolommen].T @ w


def _normaliseer_rijen(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norm[norm == 0] = 1.0
    return sparse.diags(1.0 / norm) @ m


@dataclass(frozen=True)
class Kandidaat:
    vraag: Vraag
    score: float


@dataclass(frozen=True)
class Beslissing:
    """What to send: one answer, a choice between a few ("Bedoelt u...?"), or nothing fitting."""

    soort: Soort
    kandidaten: tuple[Kandidaat, ...]
    # a choice: the entries that fit next, after the offered ones ("Mijn vraag staat er niet bij")
    overige: tuple[Kandidaat, ...] = ()

    @property
    def beste(self) -> Vraag | None:
        return self.kandidaten[0].vraag if self.kandidaten else None


@dataclass(frozen=True)
class Drempels:
    """Tuned with 5-fold cross-validation on the entries' own examples (scripts/tune_zoeken.py --grid),
    never on the evaluation set: a wrong answer costs more than a "Bedoelt u...?" choice."""

    # A direct answer needs a clear lead: with marge 0.3 instead of 0.2 half of the wrong direct answers
    # become a "Bedoelt u...?" choice (cross-validation: wrong answers 9.2 -> 4.7 %, right entry or right
    # choice 77.5 -> 80.0 %, direct right answers 42.2 -> 34.0 %; development set: wrong 5.9 -> 1.0 %).
    # An answer that is confidently wrong misleads the employer; a choice costs one click.
    antwoord: float = 0.75  # top score needed to answer directly ...
    marge: float = 0.3  # ... with this lead over the best entry of another question
    keuze: float = 0.28  # from here up, offer the closest entries as buttons
    keuze_venster: float = 0.5  # entries this close to the top are offered too (0.5: the top three that fit)
    # The NLU model thought the message was out of scope or not understood: a choice is offered only
    # from ``antwoord`` up, or from here up when its best entry is an out-of-scope referral (soort:
    # verwijzing; actions/regelingen.py). Among the NLU's own out-of-scope and chitchat examples one in
    # 337 gets such a choice at 0.5 ("ik wil mijn abonnement opzeggen" -> proeftijd), 39 would with any
    # entry (docs/zoeken.md).
    verwijzing_strikt: float = 0.5
    # ... and nothing at all when fewer than this share of the message's words occur anywhere in the
    # library: one shared word is then all there is ("vergunning voor een terras bij mijn café" ->
    # the work permit referral). Of the library's own examples 0.4 % fall below it (asked with their
    # fold left out), of the development set none, of the NLU's out-of-scope and chitchat examples half.
    bekend_strikt: float = 0.5
    max_keuzes: int = 3
    max_overige: int = 5  # "Mijn vraag staat er niet bij": this many more entries that fit
    genoemd_bonus: float = 0.2  # the message names the entry's instrument
    context_bonus: float = 0.25  # the conversation is about the entry's instrument (and the message names none)
    # ... and more when the message asks nothing that instrument's entries do not speak of ("Wie komt in
    # aanmerking?", "Hoeveel kan het opleveren?"): its specific words all occur in them (a word is not
    # specific when the entries of ``algemeen_aandeel`` of all instruments use it). A topic switch without
    # a name ("Hoe zorg je ervoor dat je niet verdrinkt in subsidies?") keeps the plain bonus. Development
    # set follow-ups (in process): right entry or right choice 12 -> 14 of 15; cross-validation (folds 1-2,
    # lines naming no instrument) with the entry's own instrument as context 80.0 -> 80.5 %, with a random
    # other instrument as context, a topic switch, 65.4 -> 64.3 % (docs/zoeken.md).
    context_binnen_bonus: float = 0.2
    algemeen_aandeel: float = 0.6
    ander_malus: float = 0.10  # the message names another instrument
    gewicht_woorden: float = 0.35  # word vs character n-gram similarity
    gewicht_centrum: float = 0.7  # an entry's centroid vs its single closest example
    gewicht_antwoord: float = 0.8  # how much the answer text counts in an entry's centroid (docs/zoeken.md)
    gewicht_classificatie: float = 0.5  # the linear classifier's decision value added to the similarity


class _Classificatie:
    """A linear classifier (scikit-learn's LinearSVC, one-vs-rest) over TF-IDF word 1-2-grams and
    character 2-5-grams of every entry's question and examples (``VERVANGINGEN`` folded, plus the
    ``vraagsoort`` features): it learns which words tell an entry
    apart from its neighbours, which plain similarity cannot. Fitting takes a few seconds of CPU per
    version of the files; the decision values are added to the similarity (``gewicht_classificatie``,
    chosen by cross-validation on the examples: docs/zoeken.md)."""

    def __init__(self, teksten: Sequence[str], labels: Sequence[int], voorbewerking: Callable[[str], str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_union
        from sklearn.svm import LinearSVC

        self.vec = make_union(
            TfidfVectorizer(preprocessor=voorbewerking, sublinear_tf=True, ngram_range=(1, 2)),
            TfidfVectorizer(preprocessor=voorbewerking, analyzer="char_wb", ngram_range=(2, 5),
                            sublinear_tf=True, min_df=2),
        )
        self.clf = LinearSVC(C=0.5, random_state=0)
        self.clf.fit(self.vec.fit_transform(teksten), list(labels))
        self.klassen = np.asarray(self.clf.classes_)

    def waarden(self, tekst: str, aantal: int) -> np.ndarray:
        """Decision value per entry (entries the classifier never saw get its lowest value)."""
        d = np.asarray(self.clf.decision_function(self.vec.transform([tekst])))[0]
        if d.ndim == 0:  # two classes: one value, for the second
            d = np.array([-d, d])
        uit = np.full(aantal, float(d.min()))
        uit[self.klassen] = d
        return uit


class VraagIndex:
    """All entries of the answer library, ready to be searched. Build once per repository version.
    ``weglaten``: (entry id, example) pairs left out of the index (cross-validation while tuning)."""

    def __init__(
        self,
        vragen: Iterable[Vraag],
        drempels: Drempels | None = None,
        weglaten: frozenset[tuple[str, str]] = frozenset(),
        plaatsnamen: Iterable[str] = (),
    ) -> None:
        self.vragen: tuple[Vraag, ...] = tuple(vragen)
        self.drempels = d = drempels or Drempels()
        self._plaatsen = plaatspatroon(plaatsnamen)
        self._eigenaar: list[int] = []
        gewichten: list[float] = []
        woord_docs: list[Counter[str]] = []
        char_docs: list[Counter[str]] = []
        voorbeelden: list[tuple[str, int]] = []  # questions and examples: what the classifier learns
        woordenschat: dict[str, set[str]] = {}  # per instrument: the words its entries use
        for i, v in enumerate(self.vragen):
            teksten = [(t, 1.0) for t in (v.vraag, *v.voorbeelden) if (v.id, t) not in weglaten]
            voorbeelden += [(t, i) for t, _ in teksten]
            teksten.append((v.antwoord, d.gewicht_antwoord))  # answers name the terms of the question
            for tekst, gewicht in teksten:
                w, c = kenmerken(tekst, self._plaatsen)
                woordenschat.setdefault(v.regeling, set()).update(w)
                woord_docs.append(w)
                char_docs.append(c)
                self._eigenaar.append(i)
                gewichten.append(gewicht)
        self._woordenschat = {r: frozenset(w) for r, w in woordenschat.items()}
        self._alle_woorden = frozenset().union(*self._woordenschat.values())
        gebruik = Counter(w for ws in woordenschat.values() for w in ws)
        self._algemeen = frozenset(w for w, n in gebruik.items() if n >= d.algemeen_aandeel * len(woordenschat))
        self._woorden = _Ruimte(woord_docs, self._eigenaar, gewichten)
        self._chars = _Ruimte(char_docs, self._eigenaar, gewichten)
        self._classificatie = (
            _Classificatie([t for t, _ in voorbeelden], [i for _, i in voorbeelden],
                           self._voor_classificatie)
            if d.gewicht_classificatie and len({i for _, i in voorbeelden}) > 1 else None
        )

    def _voor_classificatie(self, tekst: str) -> str:
        """The classifier's text: synonyms folded (as for the similarity), question-type features added."""
        norm = normaliseer_plaatsen(tekst, self._plaatsen)
        return " ".join([vervang(norm), *vraagsoort(norm)])

    def scores(self, tekst: str) -> list[float]:
        """Similarity of ``tekst`` to each entry: its closest example and its centroid, in words and
        character n-grams. A message of several sentences is also compared by its question sentence
        alone (context first, then the question: the context must not drown it); the higher counts."""
        totaal = self._scores(tekst)
        vraag = vraagzin(tekst)
        if vraag != tekst.strip():
            totaal = np.maximum(totaal, self._scores(vraag))
        return totaal.tolist()

    def _scores(self, tekst: str) -> np.ndarray:
        d = self.drempels
        w, c = kenmerken(tekst, self._plaatsen)
        (dw, cw), (dc, cc) = self._woorden.gelijkenis(w), self._chars.gelijkenis(c)
        beste_w = np.zeros(len(self.vragen))
        beste_c = np.zeros(len(self.vragen))
        np.maximum.at(beste_w, self._woorden.doc_eigenaar, dw)
        np.maximum.at(beste_c, self._chars.doc_eigenaar, dc)
        g, m = d.gewicht_woorden, d.gewicht_centrum
        totaal = g * ((1 - m) * beste_w + m * cw) + (1 - g) * ((1 - m) * beste_c + m * cc)
        passend = totaal >= d.keuze
        if self._classificatie is not None and passend.any():
            # The classifier re-ranks the entries that fit at all (similarity from ``keuze`` up): a
            # message nothing fits stays unanswered. Its decision values lie around -1 (not this
            # entry) .. +1, shifted so a score only grows.
            waarden = self._classificatie.waarden(tekst, len(self.vragen))
            totaal = totaal + passend * d.gewicht_classificatie * np.maximum(waarden + 1.0, 0.0)
        return totaal

    def _woordenset(self, tekst: str) -> set[str]:
        """The words of ``tekst`` as the index counts them (``kenmerken``'s words, without its n-grams)."""
        return set(_woorden(normaliseer_plaatsen(tekst, self._plaatsen)))

    def bekend_aandeel(self, tekst: str) -> float:
        """The share of the message's words (stop words left out) that any entry uses; 1.0 for a
        message without such words."""
        woorden = self._woordenset(tekst)
        return len(woorden & self._alle_woorden) / len(woorden) if woorden else 1.0

    def binnen_onderwerp(self, tekst: str, regeling: str) -> bool:
        """Whether every specific word of ``tekst`` occurs in the entries of ``regeling``: the message
        asks nothing beyond the instrument under discussion ("Wie komt in aanmerking?")."""
        return self._woordenset(tekst) - self._algemeen <= self._woordenschat.get(regeling, frozenset())

    def zoek(self, tekst: str, genoemd: Iterable[str] = (), context: str | None = None) -> list[Kandidaat]:
        """Entries ranked for ``tekst``. ``genoemd``: instruments the message names (NLU entities);
        ``context``: the instrument the conversation is about (slot)."""
        d = self.drempels
        genoemd = set(genoemd)
        bonus = 0.0
        if context and not genoemd:
            bonus = d.context_bonus + (d.context_binnen_bonus if self.binnen_onderwerp(tekst, context) else 0.0)
        uit: list[Kandidaat] = []
        for v, s in zip(self.vragen, self.scores(tekst), strict=True):
            if s <= 0:
                continue
            if genoemd:
                s += d.genoemd_bonus if v.regeling in genoemd else -d.ander_malus
            elif v.regeling == context:
                s += bonus
            uit.append(Kandidaat(v, s))
        # A named instrument weighs in through the bonus and the malus, not as a filter: a word like
        # "doelgroepregister" also appears in questions about another instrument ("Ben ik verplicht iemand
        # uit het doelgroepregister aan te nemen?" is the banenafspraak's), and an entry of another
        # instrument that fits much better must not be hidden behind every entry of the named one
        # (cross-validation: right entry or right choice 75.9 -> 77.9 %, docs/zoeken.md).
        uit.sort(key=lambda k: k.score, reverse=True)
        return uit

    def beslis(self, tekst: str, genoemd: Iterable[str] = (), context: str | None = None,
               herhaald: str | None = None) -> Beslissing:
        """``herhaald``: the entry of the previous question when the message asks it again for
        someone else ("en voor iemand met een Wajong-uitkering?", see ``als_aanvulling``). The
        employer just chose that question, so it is answered, not offered, while it ranks first."""
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
        if dichtbij[0].vraag.id == herhaald:
            return Beslissing("antwoord", (top,))
        return Beslissing("keuze", tuple(dichtbij), self._overige(ranking, {k.vraag.id for k in dichtbij}))

    def overige(self, tekst: str, aangeboden: Iterable[str], genoemd: Iterable[str] = (),
                context: str | None = None) -> tuple[Kandidaat, ...]:
        """The entries that fit ``tekst`` next when none of ``aangeboden`` was what the employer meant
        ("Mijn vraag staat er niet bij" under a "Bedoelt u...?")."""
        return self._overige(self.zoek(tekst, genoemd, context), set(aangeboden))

    def _overige(self, ranking: Sequence[Kandidaat], aangeboden: set[str]) -> tuple[Kandidaat, ...]:
        d = self.drempels
        return tuple(k for k in ranking if k.score >= d.keuze and k.vraag.id not in aangeboden)[: d.max_overige]
