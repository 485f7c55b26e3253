"""Choose the question-level understanding by measurement: which answer-library entry answers a message?

Compares, on the same data, ways to rank the entries of the answer library (knowledge/*.yml,
``vragen:``):

(a) ``zoeken``: the action server's search, wsp/regels/zoeken.py as it is (TF-IDF over words and
    character n-grams plus a linear classifier, bonus for the instrument the message names or the
    conversation is about). The instrument named: a name match of the message against the instrument
    surface forms annotated in assistant/data/nlu (plus each instrument's naam, id and afkorting).
(a0) (a) without the classifier: similarity only.
(b) Rasa's ResponseSelector is not measured here: scripts/vergelijk_responseselector.py measures it
    against (a) on the same cross-validation folds (it imports this script's data helpers: ``folds``,
    ``cv_gevallen``, ``bouw_index``, ``meet_zoeken``, ``momentopname``, ``eval_gevallen``, ...).
(c) ``logreg``: scikit-learn LogisticRegression on TF-IDF word and character n-grams of the same examples.

Two measurements:

- ``--cv``: 5-fold leave-examples-out cross-validation on the library's own ``voorbeelden`` (each fold's
  lines are left out of training and asked as questions; ``vraag`` always stays in). Needs no evaluation
  set.
- ``--eval``: assistant/tests/antwoorden_eval.yml (real employer questions; READ ONLY, never used for
  training or tuning; lines whose antwoord_id is null are counted separately). Follow-ups
  (``voorafgaand``): (a) gets the instrument of its own top entry for the previous question as
  conversation context; (c) has no context mechanism and sees the text only.

Nothing is trained but the index and (c)'s fit, in this process; ``--cv`` takes a few minutes (mostly the
fits of (c); ``--zonder-logreg`` skips them).
Writes the results between the markers in docs/zoeken.md and prints them.

    .venv/bin/python scripts/vergelijk_zoeken.py --cv --eval
    .venv/bin/python scripts/vergelijk_zoeken.py --cv --niet-schrijven
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path(os.environ.get("WSP_CONTENT_ROOT") or ROOT)
sys.path.insert(0, str(ROOT))

EVALSET = ROOT / "assistant" / "tests" / "antwoorden_eval.yml"
DOC = ROOT / "docs" / "zoeken.md"
WERKMAP = Path(tempfile.gettempdir()) / "wsp_vergelijk_zoeken"
FOLDS = 5
START, EINDE = "<!-- resultaten:begin -->", "<!-- resultaten:einde -->"
MET_LOGREG = True
LR_C = 20.0  # fixed a priori, not tuned (see the doc)


# --------------------------------------------------------------------------------------------------
# data


@dataclass(frozen=True)
class Geval:
    """One question to rank: the expected entry ids (any of them is right), its group for the
    per-topic table, the previous question of the conversation (follow-ups)."""

    tekst: str
    verwacht: tuple[str, ...]
    groep: str
    voorafgaand: str | None = None


def momentopname(werkmap: Path) -> Path:
    """Copy the content the measurement reads (knowledge/, regional_rules/, assistant/data/nlu/) once per
    run: editors work in the same tree, and every method must see the same library."""
    import shutil

    doel = werkmap / "inhoud"
    if doel.exists():
        shutil.rmtree(doel)
    for rel in ("knowledge", "regional_rules", "assistant/data/nlu"):
        shutil.copytree(CONTENT / rel, doel / rel)
    return doel


def laad_repo(inhoud: Path):
    from wsp.regels import load_repository

    return load_repository(inhoud)


def oppervlaktevormen(repo, nlu_dir: Path) -> dict[str, str]:
    """Surface form (lower case) -> instrument id: every ``regeling`` span annotated in the NLU data
    (mapped through its synonyms) and each instrument's naam, id and afkorting."""
    from rasa.shared.nlu.training_data.loading import load_data

    td = load_data(str(nlu_dir))
    vormen: dict[str, str] = {}
    for m in td.training_examples:
        for e in m.get("entities") or []:
            if e.get("entity") == "regeling":
                waarde = td.entity_synonyms.get(e["value"], e["value"])
                if waarde in repo.regelingen:
                    vormen.setdefault(m.get("text")[e["start"] : e["end"]].lower(), waarde)
    for r in repo.regelingen.values():
        for vorm in (r.naam, r.id.replace("_", " "), r.afkorting):
            if vorm:
                vormen.setdefault(vorm.lower(), r.id)
    return vormen


class NaamHerkenner:
    """The instruments a text names, by whole-word match of the surface forms (normalised)."""

    def __init__(self, vormen: dict[str, str]) -> None:
        from wsp.regels.zoeken import normaliseer

        self._norm = normaliseer
        self.vormen = sorted(((normaliseer(v), r) for v, r in vormen.items() if normaliseer(v)), key=lambda t: -len(t[0]))

    def __call__(self, tekst: str) -> frozenset[str]:
        t = f" {self._norm(tekst)} "
        return frozenset(r for v, r in self.vormen if f" {v} " in t)


def cv_gevallen(repo) -> list[Geval]:
    """Every example line, in library order (the folds are every FOLDS-th line, as scripts/tune_zoeken.py)."""
    return [Geval(t, (v.id,), v.regeling) for v in repo.vragen.values() for t in v.voorbeelden]


def eval_gevallen(repo, pad: Path = EVALSET) -> tuple[list[Geval], int, list[str]]:
    """A question set (default the evaluation set): (labelled questions, number with antwoord_id
    null, ids that are not in the library)."""
    data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
    uit, zonder, onbekend = [], 0, []
    for item in data.get("vragen") or []:
        ids = item.get("antwoord_id")
        ids = tuple(ids) if isinstance(ids, list) else ((ids,) if ids else ())
        if not ids:
            zonder += 1
            continue
        onbekend += [i for i in ids if i not in repo.vragen]
        uit.append(Geval(str(item["vraag"]), ids, str(item.get("onderwerp") or "?"), item.get("voorafgaand")))
    return uit, zonder, onbekend


# --------------------------------------------------------------------------------------------------
# results


@dataclass
class Uitslag:
    """Per method: the ranking (entry ids, best first) for each case, and the timings."""

    naam: str
    rankings: list[list[str]] = field(default_factory=list)
    beslissingen: list[str] = field(default_factory=list)  # only (a): antwoord/keuze/geen
    keuzes: list[list[str]] = field(default_factory=list)  # only (a): the entries it sends/offers
    tijden: dict[str, float] = field(default_factory=dict)
    opmerking: str = ""


def top_k(gevallen: Sequence[Geval], rankings: Sequence[Sequence[str]], k: int) -> float:
    goed = sum(1 for g, r in zip(gevallen, rankings, strict=True) if set(g.verwacht) & set(r[:k]))
    return goed / len(gevallen) if gevallen else float("nan")


def pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.1f}%"


def beslis_telling(gevallen: Sequence[Geval], u: Uitslag) -> Counter[str]:
    c: Counter[str] = Counter()
    for g, soort, ids in zip(gevallen, u.beslissingen, u.keuzes, strict=True):
        goed = bool(set(g.verwacht) & set(ids))
        if soort == "antwoord":
            c["juist" if goed else "fout"] += 1
        elif soort == "keuze":
            c["keuze_juist" if goed else "keuze_fout"] += 1
        else:
            c["geen"] += 1
    return c


# --------------------------------------------------------------------------------------------------
# (a) the action server's search


def meet_zoeken(repo, train_weg: frozenset[tuple[str, str]], gevallen: Sequence[Geval], genoemd_van: Callable[[Geval], frozenset[str]],
                context_van: Callable[[Geval], str | None], naam: str, index=None) -> Uitslag:

    u = Uitslag(naam)
    if index is None:
        index, u.tijden["bouw_cpu_s"] = bouw_index(repo, train_weg)
    per = []
    for g in gevallen:
        genoemd, context = genoemd_van(g), context_van(g)
        t = time.process_time()
        b = index.beslis(g.tekst, genoemd, context)
        per.append(time.process_time() - t)
        u.rankings.append([k.vraag.id for k in index.zoek(g.tekst, genoemd, context)[:10]])
        u.beslissingen.append(b.soort)
        u.keuzes.append([k.vraag.id for k in b.kandidaten] if b.soort != "geen" else [])
    u.tijden["per_bericht_cpu_ms"] = 1000 * statistics.mean(per) if per else float("nan")
    return u


def bouw_index(repo, weg: frozenset[tuple[str, str]], zonder_classificatie: bool = False):
    """The search index and the CPU seconds it took to build (what a reload of knowledge/ costs).
    ``zonder_classificatie``: similarity only, without the linear classifier (how (a) was before)."""
    from wsp.regels.zoeken import Drempels

    t0 = time.process_time()
    index = repo.maak_vraag_index(Drempels(gewicht_classificatie=0.0) if zonder_classificatie else None, weglaten=weg)
    return index, time.process_time() - t0


# --------------------------------------------------------------------------------------------------
# (c) logistic regression


class LogReg:
    def __init__(self, teksten: Sequence[str], labels: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union

        from wsp.regels.zoeken import normaliseer

        self.vec = make_union(
            TfidfVectorizer(preprocessor=normaliseer, sublinear_tf=True, ngram_range=(1, 2), min_df=2),
            TfidfVectorizer(preprocessor=normaliseer, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        )
        x = self.vec.fit_transform(teksten)
        self.clf = LogisticRegression(C=LR_C, max_iter=3000)
        self.clf.fit(x, labels)

    def rangschik(self, teksten: Sequence[str], k: int = 10) -> list[list[str]]:
        p = self.clf.predict_proba(self.vec.transform(teksten))
        klassen = self.clf.classes_
        return [[str(klassen[i]) for i in rij.argsort()[::-1][:k]] for rij in p]


def meet_logreg(repo, weg: frozenset[tuple[str, str]], gevallen: Sequence[Geval], naam: str = "(c) logreg") -> Uitslag:
    teksten, labels = [], []
    for v in repo.vragen.values():
        for t in (v.vraag, *v.voorbeelden):
            if (v.id, t) not in weg:
                teksten.append(t)
                labels.append(v.id)
    u = Uitslag(naam)
    t0 = time.process_time()
    model = LogReg(teksten, labels)
    u.tijden["train_cpu_s"] = time.process_time() - t0
    u.rankings = model.rangschik([g.tekst for g in gevallen]) if gevallen else []
    # one at a time, as a server would
    per = []
    for g in gevallen[:200]:
        t = time.process_time()
        model.rangschik([g.tekst], 3)
        per.append(time.process_time() - t)
    u.tijden["per_bericht_cpu_ms"] = 1000 * statistics.mean(per) if per else float("nan")
    return u


# --------------------------------------------------------------------------------------------------
# the two measurements


def folds(gevallen: Sequence[Geval]) -> list[tuple[frozenset[tuple[str, str]], list[Geval]]]:
    uit = []
    for f in range(FOLDS):
        deel = list(gevallen[f::FOLDS])
        uit.append((frozenset((g.verwacht[0], g.tekst) for g in deel), deel))
    return uit


def samenvoegen(naam: str, delen: list[Uitslag]) -> Uitslag:
    u = Uitslag(naam, opmerking=delen[0].opmerking if delen else "")
    for d in delen:
        u.rankings += d.rankings
        u.beslissingen += d.beslissingen
        u.keuzes += d.keuzes
    for k in {k for d in delen for k in d.tijden}:
        u.tijden[k] = statistics.mean(d.tijden[k] for d in delen if k in d.tijden)
    return u


@dataclass
class CV:
    """Cross-validation results: the cases of each fold, and per method its result on the folds it ran."""

    folds: list[list[Geval]]
    methoden: dict[str, dict[int, Uitslag]]

    def op(self, naam: str, welke: Iterable[int]) -> tuple[list[Geval], Uitslag]:
        welke = [f for f in welke if f in self.methoden[naam]]
        delen = [self.methoden[naam][f] for f in welke]
        return [g for f in welke for g in self.folds[f]], samenvoegen(naam, delen)


def meet_cv(repo, herken: NaamHerkenner) -> CV:
    fs = folds(cv_gevallen(repo))
    cv = CV([deel for _, deel in fs], defaultdict(dict))
    for f, (weg, deel) in enumerate(fs):
        index, bouw = bouw_index(repo, weg)
        for naam, opmerking, genoemd_van, context_van in (
            ("(a) zoeken", "instrument named: name match", lambda g: herken(g.tekst), lambda g: None),
            ("(a) zoeken, text only", "no instrument information", lambda g: frozenset(), lambda g: None),
            ("(a) zoeken, as follow-up", "context = the entry's own instrument (optimistic)", lambda g: herken(g.tekst),
             lambda g: None if herken(g.tekst) else repo.vragen[g.verwacht[0]].regeling),
        ):
            u = meet_zoeken(repo, weg, deel, genoemd_van, context_van, naam, index=index)
            u.tijden["bouw_cpu_s"] = bouw
            u.opmerking = opmerking
            cv.methoden[naam][f] = u
        kaal, kaal_bouw = bouw_index(repo, weg, zonder_classificatie=True)
        u = meet_zoeken(repo, weg, deel, lambda g: herken(g.tekst), lambda g: None, "(a0) similarity only",
                        index=kaal)
        u.tijden["bouw_cpu_s"] = kaal_bouw
        u.opmerking = "instrument named: name match; without the classifier"
        cv.methoden[u.naam][f] = u
        if MET_LOGREG:
            u = meet_logreg(repo, weg, deel)
            u.opmerking = "text only"
            cv.methoden[u.naam][f] = u
    return cv


def meet_eval(repo, herken: NaamHerkenner) -> tuple[list[Geval], int, list[str], list[Uitslag]]:
    gevallen, zonder, onbekend = eval_gevallen(repo)
    if not gevallen:
        return gevallen, zonder, onbekend, []
    index, bouw = bouw_index(repo, frozenset())

    def context_via(genoemd_van: Callable[[str], frozenset[str]]) -> Callable[[Geval], str | None]:
        def context(g: Geval) -> str | None:
            if not g.voorafgaand or genoemd_van(g.tekst):
                return None
            vorige = index.zoek(g.voorafgaand, genoemd_van(g.voorafgaand))
            return vorige[0].vraag.regeling if vorige else None

        return context

    uitslagen = []
    u = meet_zoeken(repo, frozenset(), gevallen, lambda g: herken(g.tekst), context_via(herken), "(a) zoeken", index=index)
    u.tijden["bouw_cpu_s"] = bouw
    u.opmerking = "instrument named: name match"
    uitslagen.append(u)
    kaal, kaal_bouw = bouw_index(repo, frozenset(), zonder_classificatie=True)
    u = meet_zoeken(repo, frozenset(), gevallen, lambda g: herken(g.tekst), context_via(herken),
                    "(a0) similarity only", index=kaal)
    u.tijden["bouw_cpu_s"] = kaal_bouw
    u.opmerking = "instrument named: name match; without the classifier"
    uitslagen.append(u)
    if MET_LOGREG:
        u = meet_logreg(repo, frozenset(), gevallen)
        u.opmerking = "text only"
        uitslagen.append(u)
    return gevallen, zonder, onbekend, uitslagen


# --------------------------------------------------------------------------------------------------
# report


def tabel_hoofd(rijen: Sequence[tuple[Sequence[Geval], Uitslag]]) -> list[str]:
    regels = [
        "| method | setting | n | top-1 | top-3 | (a) decision: right answer / right among buttons / wrong answer / buttons without it / nothing |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for gevallen, u in rijen:
        beslis = ""
        if u.beslissingen:
            c = beslis_telling(gevallen, u)
            n = len(gevallen)
            beslis = " / ".join(pct(c[k] / n) for k in ("juist", "keuze_juist", "fout", "keuze_fout", "geen"))
        regels.append(
            f"| {u.naam} | {u.opmerking} | {len(gevallen)} | {pct(top_k(gevallen, u.rankings, 1))} | "
            f"{pct(top_k(gevallen, u.rankings, 3))} | {beslis} |"
        )
    return regels


def tabel_groepen(gevallen: Sequence[Geval], uitslagen: Sequence[Uitslag], kop: str) -> list[str]:
    groepen = sorted({g.groep for g in gevallen})
    regels = [f"| {kop} | n | " + " | ".join(f"{u.naam} top-1" for u in uitslagen) + " |",
              "| --- | ---: | " + " | ".join("---:" for _ in uitslagen) + " |"]
    for groep in groepen:
        idx = [i for i, g in enumerate(gevallen) if g.groep == groep]
        sub = [gevallen[i] for i in idx]
        cellen = [pct(top_k(sub, [u.rankings[i] for i in idx], 1)) for u in uitslagen]
        regels.append(f"| {groep} | {len(sub)} | " + " | ".join(cellen) + " |")
    return regels


def fmt(x: float | None, eenheid: str = "") -> str:
    if x is None or x != x:
        return "–"
    return f"{x:.0f}{eenheid}" if x >= 100 else f"{x:.1f}{eenheid}" if x >= 1 else f"{x:.2f}{eenheid}"


def tabel_kosten(cv: Sequence[Uitslag], ev: Sequence[Uitslag]) -> list[str]:
    per_naam: dict[str, dict[str, float]] = {}
    for bron, lijst in (("cv", cv), ("ev", ev)):
        for u in lijst:
            for k, v in u.tijden.items():
                per_naam.setdefault(u.naam, {}).setdefault(f"{bron}:{k}", v)
    def waarde(d: dict[str, float], k: str) -> float | None:
        return d.get(f"ev:{k}", d.get(f"cv:{k}"))

    regels = [
        "CPU seconds of the process (wall-clock time in brackets where it differs much: the machine was shared).",
        "",
        "| method | training | added load time | added time per message | new entry live by |",
        "| --- | --- | --- | --- | --- |",
    ]
    a = per_naam.get("(a) zoeken", {})
    regels.append(
        f"| (a) zoeken | none | index build {fmt(waarde(a, 'bouw_cpu_s'), ' s')} at every (re)load of knowledge/ | "
        f"{fmt(waarde(a, 'per_bericht_cpu_ms'), ' ms')} (`beslis`) | "
        "hot reload of knowledge/ (seconds, no training) |"
    )
    c = per_naam.get("(c) logreg")
    if c:
        regels.append(
            f"| (c) logreg | fit {fmt(waarde(c, 'train_cpu_s'), ' s')} | the fit, at every (re)load if done in the action server | "
            f"{fmt(waarde(c, 'per_bericht_cpu_ms'), ' ms')} | refit at reload; adds scikit-learn to the action server image |"
        )
    return regels


def rapport(repo, cv: CV | None, ev) -> str:
    regels = [START, ""]
    aantal_vb = sum(len(v.voorbeelden) for v in repo.vragen.values())
    regels.append(
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {len(repo.vragen)} entries ({aantal_vb} voorbeelden) with "
        "`scripts/vergelijk_zoeken.py` ((b), the ResponseSelector, is measured by `scripts/vergelijk_responseselector.py`: "
        f"see below); load average at the end "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (timings are indicative on a shared machine)."
    )
    cv_kosten: list[Uitslag] = []
    if cv:
        regels += ["", f"### Cross-validation on the library's own voorbeelden ({FOLDS}-fold, leave examples out)", ""]
        rijen = [cv.op(naam, range(FOLDS)) for naam in cv.methoden]
        cv_kosten = [u for _, u in rijen]
        regels += tabel_hoofd(rijen)
        groep_rijen = [cv.op(naam, range(FOLDS)) for naam in ("(a) zoeken", "(c) logreg") if naam in cv.methoden]
        regels += ["", "Top-1 per instrument (cross-validation):", ""]
        regels += tabel_groepen(groep_rijen[0][0], [u for _, u in groep_rijen], "instrument")
    if ev is not None:
        gevallen, zonder, onbekend, uitslagen = ev
        regels += ["", "### Evaluation set (assistant/tests/antwoorden_eval.yml)", ""]
        regels.append(
            f"{len(gevallen)} labelled questions; {zonder} with `antwoord_id: null` (the library has no answer yet) "
            f"are left out of the figures"
            + (f"; unknown ids in the labels: {', '.join(sorted(set(onbekend)))}" if onbekend else "")
            + "."
        )
        if len(gevallen) < 100:
            regels.append("Fewer than ~100 labelled questions: the figures below are not yet a basis for the choice.")
        if uitslagen:
            regels += [""] + tabel_hoofd([(gevallen, u) for u in uitslagen])
            regels += ["", "Top-1 per onderwerp (evaluation set):", ""]
            regels += tabel_groepen(gevallen, uitslagen, "onderwerp")
    regels += ["", "### Cost", ""]
    regels += tabel_kosten(cv_kosten, ev[3] if ev else [])
    regels += ["", EINDE]
    return "\n".join(regels)


def schrijf_doc(blok: str) -> None:
    if DOC.exists():
        tekst = DOC.read_text(encoding="utf-8")
        if START in tekst and EINDE in tekst:
            voor, rest = tekst.split(START, 1)
            na = rest.split(EINDE, 1)[1]
            DOC.write_text(voor + blok + na, encoding="utf-8")
            return
        DOC.write_text(tekst.rstrip() + "\n\n## Results\n\n" + blok + "\n", encoding="utf-8")
        return
    DOC.write_text("# Question-level understanding: search vs ResponseSelector\n\n## Results\n\n" + blok + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="5-fold cross-validation on the library's voorbeelden")
    parser.add_argument("--eval", action="store_true", help="the evaluation set")
    parser.add_argument("--zonder-logreg", action="store_true", help="skip (c)")
    parser.add_argument("--niet-schrijven", action="store_true", help="print only, leave docs/zoeken.md alone")
    parser.add_argument("--werkmap", type=Path, default=WERKMAP,
                        help=f"where the snapshot of the content is copied (default {WERKMAP})")
    args = parser.parse_args()
    if not (args.cv or args.eval):
        args.cv = args.eval = True
    global MET_LOGREG
    MET_LOGREG = not args.zonder_logreg
    args.werkmap.mkdir(parents=True, exist_ok=True)
    inhoud = momentopname(args.werkmap)
    repo = laad_repo(inhoud)
    herken = NaamHerkenner(oppervlaktevormen(repo, inhoud / "assistant" / "data" / "nlu"))
    ev = meet_eval(repo, herken) if args.eval else None
    cv = meet_cv(repo, herken) if args.cv else None
    blok = rapport(repo, cv, ev)
    print(blok)
    if not args.niet_schrijven:
        schrijf_doc(blok)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
