"""Choose the question-level understanding by measurement: which answer-library entry answers a message?

Compares, on the same data, three ways to rank the entries of the answer library (knowledge/*.yml,
``vragen:``):

(a) ``zoeken``: the action server's search, wsp/regels/zoeken.py as it is (TF-IDF over words and
    character n-grams, bonus for the instrument the message names or the conversation is about).
    The instrument named: a name match of the message against the instrument surface forms annotated
    in assistant/data/nlu (plus each instrument's naam, id and afkorting) in the cross-validation; on the
    evaluation set both that and the ``regeling`` entity of the trained NLU model (b).
(b) ``responseselector``: Rasa's ResponseSelector with one retrieval intent ``faq/<entry id>`` per entry
    (its vraag + voorbeelden), trained next to the normal NLU data of assistant/data/nlu with the
    project's pipeline (assistant/config.yml) in a temporary directory, never in assistant/data.
(c) ``logreg``: scikit-learn LogisticRegression on TF-IDF word and character n-grams of the same examples.

Two measurements:

- ``--cv``: 5-fold leave-examples-out cross-validation on the library's own ``voorbeelden`` (each fold's
  lines are left out of training and asked as questions; ``vraag`` always stays in). Needs no evaluation
  set. For (b) each fold trains featurizers + ResponseSelector only (DIET does not feed the
  ResponseSelector, so its result is the same without it and the fold trains in a fraction of the time).
- ``--eval``: assistant/tests/antwoorden_eval.yml (real employer questions; READ ONLY, never used for
  training or tuning; lines whose antwoord_id is null are counted separately). (b) is the full project
  pipeline + ResponseSelector, trained once on all examples. Follow-ups (``voorafgaand``): (a) gets the
  instrument of its own top entry for the previous question as conversation context; (b) and (c) have no
  context mechanism and see the text only.

Rasa models and parse results are cached in the work directory (by a hash of everything that goes into
them), so a second run with unchanged data trains nothing. Training and parsing run in child processes
under ``nice -n 10``. The cache never stores evaluation questions: parse results are keyed by a hash.

Writes the results between the markers in docs/zoeken.md and prints them.

    .venv/bin/python scripts/vergelijk_zoeken.py --cv --eval            # everything (trains up to 6 models once)
    .venv/bin/python scripts/vergelijk_zoeken.py --cv --zonder-rasa     # (a) and (c) only, seconds
    .venv/bin/python scripts/vergelijk_zoeken.py --eval --niet-schrijven
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path(os.environ.get("WSP_CONTENT_ROOT") or ROOT)
sys.path.insert(0, str(ROOT))

NLU_DIR = ROOT / "assistant" / "data" / "nlu"
CONFIG = ROOT / "assistant" / "config.yml"
EVALSET = ROOT / "assistant" / "tests" / "antwoorden_eval.yml"
DOC = ROOT / "docs" / "zoeken.md"
WERKMAP = Path(tempfile.gettempdir()) / "wsp_vergelijk_zoeken"
FOLDS = 5
RETRIEVAL = "faq"
RS_EPOCHS = 100
START, EINDE = "<!-- resultaten:begin -->", "<!-- resultaten:einde -->"
# Components the ResponseSelector does not need in the cross-validation folds (it is trained on the
# featurizers' output only; these train their own models and feed nothing to it).
NIET_IN_FOLD = {"DIETClassifier", "EntitySynonymMapper", "FallbackClassifier"}
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


def sleutel(*delen: Any) -> str:
    h = hashlib.sha256()
    for d in delen:
        h.update(d if isinstance(d, bytes) else json.dumps(d, sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


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
# (b) Rasa ResponseSelector


def intent_naam(vraag_id: str) -> str:
    return vraag_id.replace(".", "__")


_ENTITEIT_SYNTAX = re.compile(r"[\[\]{}]")


def annoteer(tekst: str, vormen: list[tuple[re.Pattern[str], str]]) -> str:
    """Mark the instrument names in a training line as ``regeling`` entities (as the project's NLU data
    does), longest form first, so the ResponseSelector's training lines do not teach DIET that a named
    instrument is no entity."""
    tekst = _ENTITEIT_SYNTAX.sub(" ", tekst).strip()
    spans: list[tuple[int, int, str]] = []
    for patroon, waarde in vormen:
        for m in patroon.finditer(tekst):
            if all(m.end() <= s or m.start() >= e for s, e, _ in spans):
                spans.append((m.start(), m.end(), waarde))
    for s, e, waarde in sorted(spans, reverse=True):
        tekst = f'{tekst[:s]}[{tekst[s:e]}]{{"entity": "regeling", "value": "{waarde}"}}{tekst[e:]}'
    return tekst


def schrijf_rasa_project(repo, vormen: dict[str, str], weg: frozenset[tuple[str, str]], map_: Path, volledig: bool) -> None:
    """NLU data (project's + one retrieval intent per entry), a minimal domain with the responses, config."""
    patronen = [
        (re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE), r)
        for v, r in sorted(vormen.items(), key=lambda t: -len(t[0]))
    ]
    data = map_ / "data"
    if map_.exists():
        import shutil

        shutil.rmtree(map_)
    (data / "nlu").mkdir(parents=True)
    for pad in sorted(NLU_DIR.rglob("*")):
        if pad.is_file():
            doel = data / "nlu" / pad.relative_to(NLU_DIR)
            doel.parent.mkdir(parents=True, exist_ok=True)
            doel.write_bytes(pad.read_bytes())
    blokken = []
    responses = {}
    for v in repo.vragen.values():
        regels = [annoteer(t, patronen) for t in (v.vraag, *v.voorbeelden) if (v.id, t) not in weg]
        regels = list(dict.fromkeys(r for r in regels if r))
        blokken.append({"intent": f"{RETRIEVAL}/{intent_naam(v.id)}", "examples": "".join(f"- {r}\n" for r in regels)})
        responses[f"utter_{RETRIEVAL}/{intent_naam(v.id)}"] = [{"text": v.antwoord}]

    class _Letterlijk(str):
        pass

    yaml.add_representer(_Letterlijk, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|"), Dumper=yaml.SafeDumper)
    for b in blokken:
        b["examples"] = _Letterlijk(b["examples"])
    (data / "nlu" / "zz_faq.yml").write_text(
        yaml.safe_dump({"version": "3.1", "nlu": blokken}, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
    )
    (map_ / "domain.yml").write_text(
        yaml.safe_dump({"version": "3.1", "intents": [RETRIEVAL], "responses": responses}, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    pipeline = []
    for comp in config["pipeline"]:
        comp = dict(comp)
        if comp["name"] == "SpacyNLP":
            comp["model"] = str(ROOT / comp["model"])
        if volledig or comp["name"] not in NIET_IN_FOLD:
            pipeline.append(comp)
    pipeline.append({
        "name": "ResponseSelector", "epochs": RS_EPOCHS, "retrieval_intent": RETRIEVAL,
        "constrain_similarities": True, "random_seed": 42,
    })
    (map_ / "config.yml").write_text(
        yaml.safe_dump({"recipe": "default.v1", "language": config.get("language", "nl"), "assistant_id": "vergelijk-zoeken",
                        "pipeline": pipeline, "policies": []}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )


def project_sleutel(map_: Path) -> str:
    delen: list[Any] = [RS_EPOCHS]
    for pad in sorted(map_.rglob("*.yml")):
        delen += [str(pad.relative_to(map_)), pad.read_bytes()]
    return sleutel(*delen)


def nice() -> list[str]:
    """Children run at niceness 10 (not more: under a niced parent, another `nice -n 10` would give 19)."""
    extra = 10 - os.nice(0)
    return ["nice", "-n", str(extra)] if extra > 0 else []


def train_rasa(repo, vormen, weg, naam: str, volledig: bool, werkmap: Path) -> tuple[Path, dict[str, float]]:
    """Train (or reuse) an NLU model with the ResponseSelector; returns its path and the training times."""
    map_ = werkmap / "projecten" / naam
    schrijf_rasa_project(repo, vormen, weg, map_, volledig)
    k = project_sleutel(map_)
    modellen = werkmap / "modellen"
    modellen.mkdir(parents=True, exist_ok=True)
    model = modellen / f"{naam}-{k}.tar.gz"
    info = modellen / f"{naam}-{k}.json"
    if model.exists() and info.exists():
        print(f"  {naam}: cached model {model.name}", file=sys.stderr, flush=True)
        return model, json.loads(info.read_text())
    print(f"  {naam}: training (nice -n 10) ...", file=sys.stderr, flush=True)
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    log = map_ / "train.log"
    with log.open("w") as fh:
        subprocess.run(
            [*nice(), sys.executable, __file__, "--_train", str(map_), str(modellen), model.name.removesuffix(".tar.gz"), str(info)],
            cwd=ROOT, check=True, stdout=fh, stderr=subprocess.STDOUT,
        )
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    tijden = json.loads(info.read_text())
    tijden.update(wand_s=time.perf_counter() - t0, cpu_s=(na.ru_utime - voor.ru_utime) + (na.ru_stime - voor.ru_stime))
    info.write_text(json.dumps(tijden))
    for oud in modellen.glob(f"{naam}-*"):
        if k not in oud.name:
            oud.unlink()
    return model, tijden


def _kind_train(map_: str, uit: str, naam: str, info: str) -> None:
    """Child process: rasa.model_training.train_nlu (what `rasa train nlu` runs), timing each classifier."""
    from rasa.model_training import train_nlu
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier

    tijden: dict[str, float] = defaultdict(float)
    origineel = DIETClassifier.train

    # functools.wraps keeps the annotations (and the module they resolve in) that Rasa validates
    @functools.wraps(origineel)
    def train(self, training_data):
        t, c = time.perf_counter(), time.process_time()
        try:
            return origineel(self, training_data)
        finally:
            tijden[f"train_{type(self).__name__}_s"] += time.perf_counter() - t
            tijden[f"train_{type(self).__name__}_cpu_s"] += time.process_time() - c

    DIETClassifier.train = train
    p = Path(map_)
    train_nlu(config=str(p / "config.yml"), nlu_data=str(p / "data"), output=uit, fixed_model_name=naam, domain=str(p / "domain.yml"))
    Path(info).write_text(json.dumps(tijden))


def parse_rasa(model: Path, teksten: Sequence[str], werkmap: Path) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Parse texts with the trained model in a child process; results cached by a hash of model + texts."""
    k = sleutel(model.name, list(teksten))
    cache = werkmap / "parses" / f"{k}.json"
    if cache.exists():
        data = json.loads(cache.read_text())
        return data["resultaten"], data["tijden"]
    cache.parent.mkdir(parents=True, exist_ok=True)
    print(f"  parsing {len(teksten)} messages with {model.name} ...", file=sys.stderr, flush=True)
    uitvoer = cache.with_suffix(".tmp")
    log = cache.with_suffix(".log")
    with log.open("w") as fh:
        subprocess.run(
            [*nice(), sys.executable, __file__, "--_parse", str(model), str(uitvoer)],
            input=json.dumps(list(teksten)).encode(), cwd=ROOT, check=True, stdout=fh, stderr=subprocess.STDOUT,
        )
    data = json.loads(uitvoer.read_text())
    uitvoer.rename(cache)
    return data["resultaten"], data["tijden"]


def _kind_parse(model: str, uit: str) -> None:
    """Child process: load the model with rasa.core.agent.Agent and parse every text from stdin; stores
    only the ranking of the response selector and the regeling entities (no texts), with timings."""
    teksten = json.loads(sys.stdin.read())
    from rasa.core.agent import Agent
    from rasa.nlu.selectors.response_selector import ResponseSelector

    tijden: dict[str, float] = defaultdict(float)
    orig_load, orig_process = ResponseSelector.load.__func__, ResponseSelector.process

    @functools.wraps(orig_load)
    def load(cls, *a, **k):
        t = time.perf_counter()
        try:
            return orig_load(cls, *a, **k)
        finally:
            tijden["rs_laden_s"] += time.perf_counter() - t

    @functools.wraps(orig_process)
    def process(self, messages):
        t, c = time.perf_counter(), time.process_time()
        try:
            return orig_process(self, messages)
        finally:
            tijden["_rs_process"] = time.perf_counter() - t
            tijden["_rs_process_cpu"] = time.process_time() - c

    ResponseSelector.load = classmethod(load)
    ResponseSelector.process = process
    t0, c0 = time.perf_counter(), time.process_time()
    agent = Agent.load(model)
    tijden["model_laden_s"] = time.perf_counter() - t0
    tijden["model_laden_cpu_s"] = time.process_time() - c0

    async def alles() -> list[dict[str, Any]]:
        uit, totaal, totaal_cpu, rs, rs_cpu = [], [], [], [], []
        for i, tekst in enumerate(teksten):
            t, c = time.perf_counter(), time.process_time()
            r = await agent.parse_message(tekst)
            dt = time.perf_counter() - t
            if i >= 3:  # the first messages pay for tracing the TensorFlow graphs
                totaal.append(dt)
                totaal_cpu.append(time.process_time() - c)
                rs.append(tijden["_rs_process"])
                rs_cpu.append(tijden["_rs_process_cpu"])
            else:
                tijden["opwarmen_s"] += dt
            sel = (r.get("response_selector") or {}).get(RETRIEVAL) or {}
            uit.append({
                "ranking": [x["intent_response_key"] for x in sel.get("ranking") or []],
                "confidence": [round(float(x["confidence"]), 5) for x in sel.get("ranking") or []],
                "intent": (r.get("intent") or {}).get("name"),
                "regeling": sorted({e["value"] for e in r.get("entities") or [] if e.get("entity") == "regeling"}),
            })
        tijden["parse_per_bericht_ms"] = 1000 * statistics.mean(totaal) if totaal else float("nan")
        tijden["rs_per_bericht_ms"] = 1000 * statistics.mean(rs) if rs else float("nan")
        tijden["parse_per_bericht_cpu_ms"] = 1000 * statistics.mean(totaal_cpu) if totaal_cpu else float("nan")
        tijden["rs_per_bericht_cpu_ms"] = 1000 * statistics.mean(rs_cpu) if rs_cpu else float("nan")
        return uit

    resultaten = asyncio.run(alles())
    tijden.pop("_rs_process", None)
    tijden.pop("_rs_process_cpu", None)
    Path(uit).write_text(json.dumps({"resultaten": resultaten, "tijden": tijden}))


def rs_ranking(resultaat: dict[str, Any], ids: dict[str, str]) -> list[str]:
    return [ids[k.split("/", 1)[1]] for k in resultaat["ranking"] if "/" in k and k.split("/", 1)[1] in ids]


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


def meet_cv(repo, vormen, herken: NaamHerkenner, rs_folds: int, werkmap: Path) -> CV:
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
        if f < rs_folds:
            model, tijden = train_rasa(repo, vormen, weg, f"fold{f}", volledig=False, werkmap=werkmap)
            res, ptijden = parse_rasa(model, [g.tekst for g in deel], werkmap)
            ids = {intent_naam(i): i for i in repo.vragen}
            u = Uitslag("(b) responseselector", rankings=[rs_ranking(r, ids) for r in res], opmerking="text only")
            u.tijden.update(tijden)
            u.tijden.update(ptijden)
            cv.methoden[u.naam][f] = u
    return cv


def meet_eval(repo, vormen, herken: NaamHerkenner, met_rasa: bool, werkmap: Path) -> tuple[list[Geval], int, list[str], list[Uitslag]]:
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
    if met_rasa:
        model, tijden = train_rasa(repo, vormen, frozenset(), "volledig", volledig=True, werkmap=werkmap)
        teksten = list(dict.fromkeys([g.tekst for g in gevallen] + [g.voorafgaand for g in gevallen if g.voorafgaand]))
        res, ptijden = parse_rasa(model, teksten, werkmap)
        per_tekst = dict(zip(teksten, res, strict=True))

        def entiteit(tekst: str) -> frozenset[str]:
            return frozenset(r for r in per_tekst[tekst]["regeling"] if r in repo.regelingen)

        u = meet_zoeken(repo, frozenset(), gevallen, lambda g: entiteit(g.tekst), context_via(entiteit), "(a) zoeken", index=index)
        u.tijden["bouw_cpu_s"] = bouw
        u.opmerking = "instrument named: NLU entity of model (b)"
        uitslagen.append(u)
        ids = {intent_naam(i): i for i in repo.vragen}
        u = Uitslag("(b) responseselector", rankings=[rs_ranking(per_tekst[g.tekst], ids) for g in gevallen])
        u.tijden.update(tijden)
        u.tijden.update(ptijden)
        u.opmerking = "full pipeline + ResponseSelector; text only"
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
    b = per_naam.get("(b) responseselector")
    if b:
        full = (
            f"full pipeline + RS (eval model): {fmt(b.get('ev:cpu_s'), ' s')} ({fmt(b.get('ev:wand_s'), ' s')}), "
            f"of which RS {fmt(b.get('ev:train_ResponseSelector_cpu_s'), ' s')} ({fmt(b.get('ev:train_ResponseSelector_s'), ' s')}) "
            f"and DIET {fmt(b.get('ev:train_DIETClassifier_cpu_s'), ' s')} ({fmt(b.get('ev:train_DIETClassifier_s'), ' s')})"
            if "ev:cpu_s" in b else ""
        )
        fold = (
            f"CV fold (featurizers + RS): {fmt(b.get('cv:cpu_s'), ' s')} ({fmt(b.get('cv:wand_s'), ' s')}), "
            f"of which RS {fmt(b.get('cv:train_ResponseSelector_cpu_s'), ' s')}"
            if "cv:cpu_s" in b else ""
        )
        regels.append(
            f"| (b) responseselector | {'; '.join(x for x in (full, fold) if x)} | RS component {fmt(waarde(b, 'rs_laden_s'), ' s')} "
            f"(whole NLU model {fmt(waarde(b, 'model_laden_cpu_s'), ' s')} ({fmt(waarde(b, 'model_laden_s'), ' s')})) | "
            f"RS {fmt(waarde(b, 'rs_per_bericht_cpu_ms'), ' ms')} ({fmt(waarde(b, 'rs_per_bericht_ms'), ' ms')}); "
            f"whole parse {fmt(waarde(b, 'parse_per_bericht_cpu_ms'), ' ms')} ({fmt(waarde(b, 'parse_per_bericht_ms'), ' ms')}) | "
            "retraining (`make train`) and a new Rasa model deployed: the entry id is a label of the model |"
        )
    c = per_naam.get("(c) logreg")
    if c:
        regels.append(
            f"| (c) logreg | fit {fmt(waarde(c, 'train_cpu_s'), ' s')} | the fit, at every (re)load if done in the action server | "
            f"{fmt(waarde(c, 'per_bericht_cpu_ms'), ' ms')} | refit at reload; adds scikit-learn to the action server image |"
        )
    return regels


def rapport(repo, cv: CV | None, ev, met_rasa: bool) -> str:
    regels = [START, ""]
    aantal_vb = sum(len(v.voorbeelden) for v in repo.vragen.values())
    regels.append(
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {len(repo.vragen)} entries ({aantal_vb} voorbeelden) with "
        f"`scripts/vergelijk_zoeken.py`{' (without Rasa)' if not met_rasa else ''}; load average at the end "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (timings are indicative on a shared machine)."
    )
    cv_kosten: list[Uitslag] = []
    if cv:
        alle = range(FOLDS)
        rs_naam = "(b) responseselector"
        rs_folds = sorted(cv.methoden.get(rs_naam, {}))
        regels += ["", f"### Cross-validation on the library's own voorbeelden ({FOLDS}-fold, leave examples out)", ""]
        if rs_folds and len(rs_folds) < FOLDS:
            regels += [
                f"(b) was trained on {len(rs_folds)} of the {FOLDS} folds only (each fold is a training run); "
                "the rows marked *same folds as (b)* compare on exactly those lines.", "",
            ]
        rijen = [cv.op(naam, alle) for naam in cv.methoden if naam != rs_naam]
        cv_kosten = [u for _, u in rijen]
        if rs_folds:
            rijen.append(cv.op(rs_naam, rs_folds))
            cv_kosten.append(rijen[-1][1])
            if len(rs_folds) < FOLDS:
                for naam in ("(a) zoeken", "(c) logreg"):
                    if naam not in cv.methoden:
                        continue
                    g, u = cv.op(naam, rs_folds)
                    u.naam, u.opmerking = naam, f"{u.opmerking}; same folds as (b)"
                    rijen.append((g, u))
        regels += tabel_hoofd(rijen)
        welke = rs_folds or list(alle)
        groep_rijen = [cv.op(naam, welke) for naam in ("(a) zoeken", rs_naam, "(c) logreg") if naam in cv.methoden]
        regels += ["", f"Top-1 per instrument (cross-validation{', folds of (b)' if rs_folds and len(rs_folds) < FOLDS else ''}):", ""]
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
    if len(sys.argv) > 1 and sys.argv[1] == "--_train":
        _kind_train(*sys.argv[2:6])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--_parse":
        _kind_parse(*sys.argv[2:4])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="5-fold cross-validation on the library's voorbeelden")
    parser.add_argument("--eval", action="store_true", help="the evaluation set")
    parser.add_argument("--zonder-rasa", action="store_true", help="skip (b): no training")
    parser.add_argument("--zonder-logreg", action="store_true", help="skip (c)")
    parser.add_argument("--rs-folds", type=int, default=2,
                        help="cross-validation folds (b) is trained on (each is a training run; default 2 of 5)")
    parser.add_argument("--niet-schrijven", action="store_true", help="print only, leave docs/zoeken.md alone")
    parser.add_argument("--werkmap", type=Path, default=WERKMAP, help=f"models and caches (default {WERKMAP})")
    args = parser.parse_args()
    if not (args.cv or args.eval):
        args.cv = args.eval = True
    global NLU_DIR, MET_LOGREG
    MET_LOGREG = not args.zonder_logreg
    args.werkmap.mkdir(parents=True, exist_ok=True)
    inhoud = momentopname(args.werkmap)
    NLU_DIR = inhoud / "assistant" / "data" / "nlu"
    repo = laad_repo(inhoud)
    vormen = oppervlaktevormen(repo, NLU_DIR)
    herken = NaamHerkenner(vormen)
    met_rasa = not args.zonder_rasa
    # the evaluation set first: its model is the one that matters most if the machine is slow
    ev = meet_eval(repo, vormen, herken, met_rasa, args.werkmap) if args.eval else None
    cv = meet_cv(repo, vormen, herken, args.rs_folds if met_rasa else 0, args.werkmap) if args.cv else None
    blok = rapport(repo, cv, ev, met_rasa)
    print(blok)
    if not args.niet_schrijven:
        schrijf_doc(blok)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
