"""Measure Rasa's ResponseSelector against the action server's search on the same data (issue #12).

The assistant answers questions with a retrieval step in the action server (wsp/regels/zoeken.py);
issue #12 asks to choose between that and Rasa's ResponseSelector by measurement. This script is the
one measurement of the ResponseSelector, (b) in docs/zoeken.md; scripts/vergelijk_zoeken.py measures
the search, (a), and a logistic regression, (c), and provides the data helpers imported here. It:

- builds, in a temporary directory, an NLU-only Rasa project whose training data is the answer
  library as one retrieval intent: ``vraag/<entry id, dots -> __>`` per entry of knowledge/*.yml
  (``vragen:``), examples = the entry's ``vraag`` + ``voorbeelden``, responses ``utter_vraag/<id>`` =
  its ``antwoord``; plus the project's regex features and lookup tables (so the RegexFeaturizer sees
  the same patterns as in the assistant);
- the pipeline is assistant/config.yml's up to and including its DIETClassifier (SpacyNLP with the
  project's spaCy model, SpacyTokenizer, RegexFeaturizer, LexicalSyntacticFeaturizer, the word and
  ``char_wb`` 2-5 CountVectorsFeaturizers, DIET) plus a ``ResponseSelector`` (``retrieval_intent:
  vraag``). With the library alone there is one intent (``vraag``), so DIET skips its training (Rasa
  logs "Need at least 2 different intent classes"); the ResponseSelector does not use DIET's output;
- trains it with ``rasa.model_training.train_nlu`` (what ``rasa train nlu`` runs), loads it with
  ``rasa.core.agent.Agent.load`` after ``assistant.addons.performance.install()`` and parses every
  question with ``Agent.parse_message``, one at a time (as a server would);
- cross-validation over the library's own examples with exactly the folds of
  scripts/vergelijk_zoeken.py (its ``folds`` and ``cv_gevallen`` are imported): a fold's example lines
  are left out of the Rasa training data and of the search index (``repo.maak_vraag_index(...,
  weglaten=...)`` through vergelijk_zoeken's ``bouw_index``) and asked as questions;
- the development set assistant/tests/antwoorden_dev.yml (real employer questions, labelled
  ``antwoord_id``; a list means any of them is right; null = the library has no answer, counted
  apart): one model trained on every example.

Reports top-1 / top-3 for both methods on the same questions, what the search's ``beslis`` would do,
and the ResponseSelector's training time, model load time and prediction time per message, and prints
the Markdown for docs/zoeken.md.

    nice -n 5 .venv/bin/python scripts/vergelijk_responseselector.py               # 2 folds + dev set (~40 min)
    nice -n 5 .venv/bin/python scripts/vergelijk_responseselector.py --folds 5     # all 5 folds (~75 min)
    nice -n 5 .venv/bin/python scripts/vergelijk_responseselector.py --schrijf     # also update docs/zoeken.md

One training (featurizers + ResponseSelector, 100 epochs, ~3300 lines) takes about 12 minutes on the
2-core machine (700 s CPU), so the default is 2 of the 5 folds plus the development set: 3 trainings.

Nothing is cached; nothing is written outside the temporary directory unless ``--werkmap`` or ``--schrijf``
is given.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import vergelijk_zoeken as vz  # noqa: E402

CONFIG = ROOT / "assistant" / "config.yml"
DEVSET = ROOT / "assistant" / "tests" / "antwoorden_dev.yml"
DOC = ROOT / "docs" / "zoeken.md"
RETRIEVAL = "vraag"
START, EINDE = "<!-- responseselector:begin -->", "<!-- responseselector:einde -->"
# the project's NLU files that hold no intents: regex features and lookup tables for the RegexFeaturizer
REGEX_BESTANDEN = ("regex.yml", "lookups")
OPWARMEN = 3  # the first messages after loading pay for tracing the TensorFlow graphs


# --------------------------------------------------------------------------------------------------
# data


def dev_gevallen(repo) -> tuple[list[vz.Geval], int, list[str]]:
    """The development set: (labelled questions, number with antwoord_id null, ids not in the library)."""
    return vz.eval_gevallen(repo, DEVSET)


def intent_naam(vraag_id: str) -> str:
    """The response key of an entry: its id with the dots as ``__``."""
    return vraag_id.replace(".", "__")


def schoon(tekst: str) -> str:
    """One line of Rasa YAML training data: no line breaks, no entity syntax ([..](..) / [..]{..})."""
    return " ".join(tekst.replace("[", " ").replace("]", " ").split())


def schrijf_project(repo, inhoud: Path, weg: frozenset[tuple[str, str]], map_: Path, epochs: int) -> int:
    """config.yml, domain.yml and data/ of the NLU-only project; returns the number of training lines.
    Left out are the (entry id, line) pairs in ``weg``: the same filter the search index applies."""
    if map_.exists():
        shutil.rmtree(map_)
    data = map_ / "data"
    data.mkdir(parents=True)
    nlu_bron = inhoud / "assistant" / "data" / "nlu"
    for naam in REGEX_BESTANDEN:
        bron = nlu_bron / naam
        if bron.is_dir():
            shutil.copytree(bron, data / naam)
        elif bron.is_file():
            shutil.copyfile(bron, data / naam)
    blokken, responses, aantal = [], {}, 0
    for v in repo.vragen.values():
        regels = [schoon(t) for t in (v.vraag, *v.voorbeelden) if (v.id, t) not in weg]
        regels = list(dict.fromkeys(r for r in regels if r))
        aantal += len(regels)
        intent = f"{RETRIEVAL}/{intent_naam(v.id)}"
        blokken.append({"intent": intent, "examples": "".join(f"- {r}\n" for r in regels)})
        responses[f"utter_{intent}"] = [{"text": v.antwoord}]

    class Blok(str):
        pass

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(Blok, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|"))
    for b in blokken:
        b["examples"] = Blok(b["examples"])
    (data / "bibliotheek.yml").write_text(
        yaml.dump({"version": "3.1", "nlu": blokken}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )
    (map_ / "domain.yml").write_text(
        yaml.safe_dump({"version": "3.1", "intents": [RETRIEVAL], "responses": responses},
                       allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    pipeline = []
    for comp in config["pipeline"]:
        comp = dict(comp)
        if comp["name"] == "SpacyNLP":
            comp["model"] = str(ROOT / comp["model"])
        pipeline.append(comp)
        if comp["name"] == "DIETClassifier":
            break
    pipeline.append({"name": "ResponseSelector", "retrieval_intent": RETRIEVAL, "epochs": epochs,
                     "constrain_similarities": True, "random_seed": 42})
    (map_ / "config.yml").write_text(
        yaml.safe_dump({"recipe": "default.v1", "language": config.get("language", "nl"),
                        "assistant_id": "vergelijk-responseselector", "pipeline": pipeline, "policies": []},
                       allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return aantal


# --------------------------------------------------------------------------------------------------
# Rasa: train, load, parse (in this process)


_tijden: dict[str, float] = defaultdict(float)


def _meet(naam: str, functie):
    """Wrap a Rasa method to add its wall-clock and CPU time to ``_tijden[naam]``.
    functools.wraps keeps the annotations Rasa's graph validation reads."""

    @functools.wraps(functie)
    def verpakt(self, *args, **kwargs):
        t, c = time.perf_counter(), time.process_time()
        try:
            return functie(self, *args, **kwargs)
        finally:
            _tijden[f"{naam}_{type(self).__name__}_s"] += time.perf_counter() - t
            _tijden[f"{naam}_{type(self).__name__}_cpu_s"] += time.process_time() - c

    return verpakt


def installeer() -> None:
    import structlog
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.nlu.selectors.response_selector import ResponseSelector

    from assistant.addons import performance

    performance.install()  # before any model is loaded: loading without a training step
    DIETClassifier.train = _meet("train", DIETClassifier.train)  # ResponseSelector inherits it
    ResponseSelector.process = _meet("process", ResponseSelector.process)
    for naam in ("rasa", "tensorflow", "absl"):
        logging.getLogger(naam).setLevel(logging.WARNING)
    # Rasa's structlog calls (e.g. processor.message.parse with the text) print at every level unless configured
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def train(map_: Path) -> tuple[Path, dict[str, float]]:
    from rasa.model_training import train_nlu

    _tijden.clear()
    t, c = time.perf_counter(), cpu()
    model = train_nlu(config=str(map_ / "config.yml"), nlu_data=str(map_ / "data"), output=str(map_ / "models"),
                      fixed_model_name="model", domain=str(map_ / "domain.yml"))
    if not model:
        raise RuntimeError(f"training in {map_} produced no model")
    tijden = {"train_s": time.perf_counter() - t, "train_cpu_s": cpu() - c,
              "train_rs_s": _tijden["train_ResponseSelector_s"], "train_rs_cpu_s": _tijden["train_ResponseSelector_cpu_s"],
              "train_diet_s": _tijden["train_DIETClassifier_s"]}
    return Path(model), tijden


def parse(model: Path, teksten: Sequence[str], ids: dict[str, str]) -> tuple[list[list[str]], dict[str, float]]:
    """The ResponseSelector's ranking (entry ids, best first) for each text, and the timings.
    ``ids``: response key (after ``vraag/``) -> entry id."""
    from rasa.core.agent import Agent

    t, c = time.perf_counter(), cpu()
    agent = Agent.load(str(model))
    tijden = {"laden_s": time.perf_counter() - t, "laden_cpu_s": cpu() - c}
    prefix = f"{RETRIEVAL}/"

    async def alles() -> tuple[list[list[str]], dict[str, list[float]]]:
        rankings, per = [], defaultdict(list)
        for i, tekst in enumerate(teksten):
            _tijden.clear()
            t, c = time.perf_counter(), time.process_time()
            r = await agent.parse_message(tekst)
            if i >= OPWARMEN:
                per["parse_ms"].append(1000 * (time.perf_counter() - t))
                per["parse_cpu_ms"].append(1000 * (time.process_time() - c))
                per["rs_ms"].append(1000 * _tijden["process_ResponseSelector_s"])
                per["rs_cpu_ms"].append(1000 * _tijden["process_ResponseSelector_cpu_s"])
            sel = (r.get("response_selector") or {}).get(RETRIEVAL) or {}
            rankings.append([x["intent_response_key"].removeprefix(prefix) for x in sel.get("ranking") or []])
        return rankings, per

    rankings, per = asyncio.run(alles())
    rankings = [[ids.get(k, k) for k in r] for r in rankings]
    for k, v in per.items():
        tijden[k] = statistics.mean(v) if v else float("nan")
        if k == "parse_ms" and v:
            tijden["parse_p95_ms"] = sorted(v)[int(0.95 * (len(v) - 1))]
    return rankings, tijden


# --------------------------------------------------------------------------------------------------
# measurement


@dataclass
class Meting:
    """One setting (the CV folds taken together, or the dev set): the questions and per method the rankings."""

    naam: str
    gevallen: list[vz.Geval] = field(default_factory=list)
    methoden: dict[str, vz.Uitslag] = field(default_factory=dict)
    rs_tijden: list[dict[str, float]] = field(default_factory=list)
    zoek_tijden: list[dict[str, float]] = field(default_factory=list)
    trainregels: list[int] = field(default_factory=list)

    def voeg_toe(self, u: vz.Uitslag) -> None:
        doel = self.methoden.setdefault(u.naam, vz.Uitslag(u.naam, opmerking=u.opmerking))
        doel.rankings += u.rankings
        doel.beslissingen += u.beslissingen
        doel.keuzes += u.keuzes


def log(tekst: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {tekst}", file=sys.stderr, flush=True)


def meet_rs(repo, inhoud: Path, weg, gevallen, werkmap: Path, naam: str, epochs: int, m: Meting) -> None:
    map_ = werkmap / naam
    m.trainregels.append(schrijf_project(repo, inhoud, weg, map_, epochs))
    log(f"{naam}: training on {m.trainregels[-1]} lines ...")
    model, tijden = train(map_)
    log(f"{naam}: trained in {tijden['train_s']:.0f} s (CPU {tijden['train_cpu_s']:.0f} s); parsing {len(gevallen)} questions ...")
    rankings, ptijden = parse(model, [g.tekst for g in gevallen], {intent_naam(i): i for i in repo.vragen})
    tijden.update(ptijden)
    log(f"{naam}: model loaded in {ptijden['laden_s']:.1f} s, {ptijden['parse_ms']:.1f} ms per message")
    m.rs_tijden.append(tijden)
    m.voeg_toe(vz.Uitslag("(b) ResponseSelector", rankings=rankings, opmerking="text only"))
    shutil.rmtree(map_ / "models", ignore_errors=True)


def meet_cv(repo, inhoud: Path, herken, aantal: int, werkmap: Path, epochs: int) -> Meting:
    m = Meting(f"cross-validation, folds 1-{aantal} of {vz.FOLDS}" if aantal < vz.FOLDS else f"cross-validation, {vz.FOLDS} folds")
    for f, (weg, deel) in enumerate(vz.folds(vz.cv_gevallen(repo))[:aantal]):
        m.gevallen += deel
        index, bouw = vz.bouw_index(repo, weg)
        for naam, opmerking, genoemd in (
            ("(a) zoeken, text only", "no instrument information (as (b))", lambda g: frozenset()),
            ("(a) zoeken", "instrument named: name match", lambda g: herken(g.tekst)),
        ):
            u = vz.meet_zoeken(repo, weg, deel, genoemd, lambda g: None, naam, index=index)
            u.opmerking = opmerking
            m.voeg_toe(u)
            m.zoek_tijden.append({"bouw_cpu_s": bouw, "per_bericht_cpu_ms": u.tijden["per_bericht_cpu_ms"]})
        meet_rs(repo, inhoud, weg, deel, werkmap, f"fold{f}", epochs, m)
    return m


def meet_dev(repo, inhoud: Path, herken, werkmap: Path, epochs: int) -> tuple[Meting, int, list[str]]:
    gevallen, zonder, onbekend = dev_gevallen(repo)
    m = Meting("development set", gevallen=list(gevallen))
    index, bouw = vz.bouw_index(repo, frozenset())

    def context(g: vz.Geval) -> str | None:
        """As scripts/vergelijk_zoeken.py on the evaluation set: a follow-up that names no instrument gets
        the instrument of the search's own top entry for the previous question."""
        if not g.voorafgaand or herken(g.tekst):
            return None
        vorige = index.zoek(g.voorafgaand, herken(g.voorafgaand))
        return vorige[0].vraag.regeling if vorige else None

    for naam, opmerking, genoemd, ctx in (
        ("(a) zoeken, text only", "no instrument information, no context (as (b))", lambda g: frozenset(), lambda g: None),
        ("(a) zoeken", "instrument named: name match; follow-ups: context of the previous question", lambda g: herken(g.tekst), context),
    ):
        u = vz.meet_zoeken(repo, frozenset(), gevallen, genoemd, ctx, naam, index=index)
        u.opmerking = opmerking
        m.voeg_toe(u)
        m.zoek_tijden.append({"bouw_cpu_s": bouw, "per_bericht_cpu_ms": u.tijden["per_bericht_cpu_ms"]})
    meet_rs(repo, inhoud, frozenset(), gevallen, werkmap, "alles", epochs, m)
    return m, zonder, onbekend


# --------------------------------------------------------------------------------------------------
# report


def gem(rijen: Sequence[dict[str, float]], k: str) -> float:
    waarden = [r[k] for r in rijen if k in r and r[k] == r[k]]
    return statistics.mean(waarden) if waarden else float("nan")


def tabel(m: Meting) -> list[str]:
    regels = [
        f"| {m.naam} | setting | n | top-1 | top-3 | (a) `beslis`: right answer / right among buttons / wrong answer / buttons without it / nothing |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    n = len(m.gevallen)
    for naam in ("(b) ResponseSelector", "(a) zoeken, text only", "(a) zoeken"):
        u = m.methoden.get(naam)
        if u is None:
            continue
        beslis = ""
        if u.beslissingen:
            c = vz.beslis_telling(m.gevallen, u)
            beslis = " / ".join(vz.pct(c[k] / n) for k in ("juist", "keuze_juist", "fout", "keuze_fout", "geen"))
        regels.append(f"| {naam} | {u.opmerking} | {n} | {vz.pct(vz.top_k(m.gevallen, u.rankings, 1))} | "
                      f"{vz.pct(vz.top_k(m.gevallen, u.rankings, 3))} | {beslis} |")
    return regels


def mcnemar(m: Meting, a: str, b: str) -> str:
    """Top-1 disagreements between two methods on the same questions: (a right, b wrong) / (a wrong, b right),
    with an exact two-sided sign-test p-value."""
    from math import comb

    ua, ub = m.methoden[a], m.methoden[b]
    alleen_a = alleen_b = 0
    for g, ra, rb in zip(m.gevallen, ua.rankings, ub.rankings, strict=True):
        ga, gb = bool(set(g.verwacht) & set(ra[:1])), bool(set(g.verwacht) & set(rb[:1]))
        alleen_a += ga and not gb
        alleen_b += gb and not ga
    n, k = alleen_a + alleen_b, min(alleen_a, alleen_b)
    p = min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2**n) if n else 1.0
    return f"{a} right where {b} is wrong: {alleen_a}; the reverse: {alleen_b} (sign test p = {p:.2g})"


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.rstrip("\n")

    h = git("rev-parse", "--short", "HEAD")
    vuil = git("status", "--porcelain", "--", "knowledge", "regional_rules", "wsp", "assistant/config.yml",
               "assistant/data/nlu", "assistant/tests/antwoorden_dev.yml", "scripts/vergelijk_zoeken.py",
               "scripts/vergelijk_responseselector.py")
    paden = sorted({regel[3:].strip() for regel in vuil.splitlines()})
    return f"{h} (working tree with uncommitted edits of {', '.join(paden)})" if paden else h


def rapport(repo, cv: Meting | None, dev, epochs: int, duur: float, args: argparse.Namespace, versie: str) -> str:
    aantal_vb = sum(len(v.voorbeelden) for v in repo.vragen.values())
    opties = " ".join(x for x in (f"--folds {args.folds}" if args.folds != 2 else "",
                                  "--zonder-dev" if args.zonder_dev else "",
                                  f"--epochs {epochs}" if epochs != 100 else "") if x)
    regels = [START, "",
              f"Measured {time.strftime('%Y-%m-%d %H:%M')} at commit {versie} on {len(repo.vragen)} entries "
              f"({aantal_vb} voorbeelden) with `nice -n 5 .venv/bin/python scripts/vergelijk_responseselector.py"
              f"{' ' + opties if opties else ''}` (ResponseSelector {epochs} epochs; whole run {duur / 60:.0f} min; "
              f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)."]
    for m in (cv, dev[0] if dev else None):
        if m is None:
            continue
        regels += ["", f"#### {m.naam[0].upper()}{m.naam[1:]}", ""]
        if m is cv:
            regels.append(f"Training lines of (b) per fold: {', '.join(map(str, m.trainregels))}; the search indexes "
                          "the same lines (plus each entry's antwoord).")
        else:
            _, zonder, onbekend = dev
            regels.append(f"`assistant/tests/antwoorden_dev.yml`: {len(m.gevallen)} labelled questions "
                          f"({sum(1 for g in m.gevallen if g.voorafgaand)} of them follow-ups); {zonder} with "
                          "`antwoord_id: null` left out" + (f"; unknown ids: {', '.join(sorted(set(onbekend)))}" if onbekend else "")
                          + f"; (b) trained on all {m.trainregels[0]} lines. Top-1 = the expected entry ranked first.")
        regels += [""] + tabel(m) + ["", "Top-1, paired: " + mcnemar(m, "(b) ResponseSelector", "(a) zoeken, text only")
                                     + "; " + mcnemar(m, "(b) ResponseSelector", "(a) zoeken") + "."]
    rs = (cv.rs_tijden if cv else []) + (dev[0].rs_tijden if dev else [])
    zk = (cv.zoek_tijden if cv else []) + (dev[0].zoek_tijden if dev else [])
    f = vz.fmt
    regels += [
        "", "#### Cost", "",
        "Wall-clock time (CPU time of the process in brackets; TensorFlow uses both cores).", "",
        "| | training | model load | per message |",
        "| --- | --- | --- | --- |",
        f"| (b) ResponseSelector | {f(gem(rs, 'train_s'), ' s')} ({f(gem(rs, 'train_cpu_s'), ' s')}) per model, mean of {len(rs)}; "
        f"of which the ResponseSelector {f(gem(rs, 'train_rs_s'), ' s')}, the featurizers and spaCy the rest "
        f"(DIET {f(gem(rs, 'train_diet_s'), ' s')}: one intent, skipped) | {f(gem(rs, 'laden_s'), ' s')} "
        f"({f(gem(rs, 'laden_cpu_s'), ' s')}), with the performance patches | whole NLU parse {f(gem(rs, 'parse_ms'), ' ms')} "
        f"({f(gem(rs, 'parse_cpu_ms'), ' ms')}; p95 {f(gem(rs, 'parse_p95_ms'), ' ms')}), of which the ResponseSelector "
        f"{f(gem(rs, 'rs_ms'), ' ms')} ({f(gem(rs, 'rs_cpu_ms'), ' ms')}) |",
        f"| (a) zoeken | none; index build {f(gem(zk, 'bouw_cpu_s'), ' s')} CPU at every (re)load of knowledge/ | (the index build) | "
        f"`beslis` {f(gem(zk, 'per_bericht_cpu_ms'), ' ms')} CPU (plus the NLU parse the assistant does anyway) |",
        "", EINDE,
    ]
    return "\n".join(regels)


def schrijf_doc(blok: str) -> None:
    tekst = DOC.read_text(encoding="utf-8")
    if START not in tekst or EINDE not in tekst:
        raise SystemExit(f"{DOC} has no {START} ... {EINDE} block: add the section first")
    voor, rest = tekst.split(START, 1)
    DOC.write_text(voor + blok + rest.split(EINDE, 1)[1], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=2,
                        help=f"cross-validation folds to train (each is a training run of ~10 min on 2 cores; "
                             f"0 to {vz.FOLDS}, default 2)")
    parser.add_argument("--zonder-dev", action="store_true", help="skip the development set")
    parser.add_argument("--epochs", type=int, default=100, help="ResponseSelector epochs (default 100)")
    parser.add_argument("--werkmap", type=Path, help="keep the projects here (default: a temporary directory, removed)")
    parser.add_argument("--schrijf", action="store_true", help=f"also replace the block between the markers in {DOC.name}")
    args = parser.parse_args()
    args.folds = max(0, min(args.folds, vz.FOLDS))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wsp_rs_") as tmp:
        werkmap = args.werkmap or Path(tmp)
        werkmap.mkdir(parents=True, exist_ok=True)
        versie = commit()  # of the snapshot, not of the end of the run: others commit meanwhile
        inhoud = vz.momentopname(werkmap)  # one snapshot: editors work in the same tree
        repo = vz.laad_repo(inhoud)
        herken = vz.NaamHerkenner(vz.oppervlaktevormen(repo, inhoud / "assistant" / "data" / "nlu"))
        installeer()
        dev = None if args.zonder_dev else meet_dev(repo, inhoud, herken, werkmap, args.epochs)
        cv = meet_cv(repo, inhoud, herken, args.folds, werkmap, args.epochs) if args.folds else None
    blok = rapport(repo, cv, dev, args.epochs, time.perf_counter() - t0, args, versie)
    print(blok)
    if args.schrijf:
        schrijf_doc(blok)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
