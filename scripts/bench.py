"""Performance benchmark of the WSP assistant against a minimal Rasa baseline (``make bench``).

What is measured, on this machine, one system after the other (never both at once):

* **wsp** — the assistant as ``make run`` starts it (``--topologie lokaal``, the default): one Rasa
  server with two worker processes (``WSP_RASA_WORKERS``), the redacting SQL tracker store on
  SQLite and the SQLite lock store they share, plus the action server.
  ``--topologie productie``: two Rasa replicas sharing a PostgreSQL tracker store
  (``docker/endpoints.yml``) and the Redis lock store, the action server writing handovers to
  PostgreSQL; fresh throwaway databases, a unique Redis key prefix, and the load generator sends
  message after message round-robin to the replicas (what nginx's round-robin upstream does).
* **baseline** — plain Rasa of the same version serving a minimal model (six intents, rules, no
  custom actions; trained in a temporary folder during the run), one process, in-memory tracker
  store and lock store.

For 1, 10 and 50 concurrent conversations (closed loop: each virtual employer sends its next
message as soon as the answer arrives, conversations back to back for a fixed time) it reports
throughput (messages/s), p50/p95/p99 latency, error rate, resident memory (VmRSS, peak VmHWM) of
every process, the model load time (start until the server answers ``/``) and the time to the first
answer, and the CPU time per message of all the system's processes. Then one long conversation
(``--beurten``, default 150 messages) per system: the growth figure is the median latency of its last
ten turns divided by that of its first ten (and the same for CPU time). The wsp figures are given as
ratios to the baseline measured in the same run, and checked against the targets of issue #16.
Results: ``results/bench/bench.json`` and ``results/bench/bench.png``.

    .venv/bin/python scripts/bench.py            # full run (~10 minutes on 2 cores)
    .venv/bin/python scripts/bench.py --quick    # short run (~5 minutes)
    .venv/bin/python scripts/bench.py --profile  # also sample Rasa and the action server with
                                                 # py-spy at the highest concurrency (pip install py-spy)
    .venv/bin/python scripts/bench.py --alleen wsp --quick --levels 10   # A/B of one change

Needs the trained model; ``--topologie productie`` also PostgreSQL (``WSP_TEST_PG_URL``, default
``postgresql://postgres@127.0.0.1:5432/test``) and Redis (``WSP_TEST_REDIS_URL``, default
``redis://127.0.0.1:6379/1``).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train import model_path  # noqa: E402

from wsp.devstack import (  # noqa: E402
    LAADTEST_ENV,
    PY,
    Stack,
    StackConfig,
    free_port,
    procesboom,
    production_endpoints_env,
)


class PlainRasaStack(Stack):
    """A stack whose Rasa server uses Rasa's own REST channel (``rest:``), as a plain Rasa bot does,
    instead of the WSP channel of assistant/credentials.yml."""

    def _spawn(self, name: str, cmd: list[str]) -> None:
        if name.startswith("rasa") and "--credentials" in cmd:
            plain = self.config.var_dir / "credentials.plain.yml"
            plain.write_text("rest:\n")
            cmd = list(cmd)
            cmd[cmd.index("--credentials") + 1] = str(plain)
        super()._spawn(name, cmd)

PG_ADMIN_URL = os.environ.get("WSP_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("WSP_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
OUT = ROOT / "results" / "bench"

# ---- workloads ------------------------------------------------------------------------------

ESCALATIE = [
    "Ik wil graag iemand spreken", "Arnhem", "ja", "Petra Bakker", "Bakkerij De Korenschoof",
    "petra@korenschoof-voorbeeld.nl", "overslaan", "overslaan", "bellen",
    "Kan ik loonkostensubsidie krijgen voor een nieuwe medewerker?", "ja",
]
WSP_GESPREKKEN: list[list[str]] = [
    # questions about instruments, with a follow-up
    ["Hallo", "Wat is het doelgroepregister?", "En hoe zit het met de no-riskpolis?",
     '/kies_vraag{"vraag_id": "no_risk_polis.vooraf_aanvragen"}', "bedankt", "doei"],
    # municipality look-ups, with places that are not municipalities (Velp, Elst)
    ["Ik zit in Velp, kan ik loonkostensubsidie krijgen?", "wie betaalt de jobcoach?",
     "/ask_gemeente_rules", '/inform_gemeente{"plaats": "Elst"}', "dank je"],
    # a comparison of two municipalities
    ["Goedemorgen", "wat is het verschil tussen Arnhem en Zevenaar bij jobcoaching?",
     "Wij zitten in Elst, hoe zit het met jobcoaching?", "wat is het LKV eigenlijk", "top"],
    # an LKS calculation, once through the form and once in one sentence
    ["kun je uitrekenen hoeveel loonkostensubsidie ik krijg?", "32", "60 procent",
     "Hoeveel loonkostensubsidie krijg ik bij 24 uur en loonwaarde 50%?", "bedankt"],
    # an escalation through the contact form
    ESCALATIE,
]

# One long conversation for the growth figure: questions, follow-ups, municipalities and thanks
# that never open a form, so every turn is an ordinary answer turn (repeated to --beurten).
GROEI_WSP = [
    "Wat is het doelgroepregister?", "Ik zit in Velp, kan ik loonkostensubsidie krijgen?",
    "wie betaalt de jobcoach?", "wat is het verschil tussen Arnhem en Zevenaar bij jobcoaching?",
    "Hoe lang duurt de no-riskpolis?", "wat is het LKV eigenlijk", "bedankt",
    "Wij zitten in Elst, hoe zit het met jobcoaching?", "Wat is een proefplaatsing?", "top",
]
GROEI_BASELINE = ["hallo", "wat doen jullie eigenlijk?", "ja graag", "bedankt", "kun je me helpen?",
                  "nee", "dank je wel", "ik heb een vraag", "ja", "top, bedankt"]

BASELINE_GESPREKKEN: list[list[str]] = [
    ["hallo", "wat doen jullie eigenlijk?", "ja graag", "bedankt", "doei"],
    ["goedemiddag", "kun je me informatie geven?", "nee", "dank je wel", "tot ziens"],
    ["hoi", "ik heb een vraag", "ja", "top, bedankt", "fijne dag"],
]

# The minimal baseline project: six intents, one response each, rules, no custom actions.
BASELINE_INTENTS = {
    "greet": ["hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond", "hey", "dag",
              "hallo daar", "hoi hoi", "goeiedag"],
    "goodbye": ["doei", "tot ziens", "dag dag", "fijne dag", "tot later", "houdoe", "later",
                "ik ga ervandoor", "tot de volgende keer", "bye"],
    "thank": ["bedankt", "dank je", "dank je wel", "dank u wel", "top, bedankt", "thanks",
              "heel erg bedankt", "merci", "fijn, dank", "super bedankt"],
    "affirm": ["ja", "ja graag", "klopt", "zeker", "prima", "goed", "oke", "jazeker", "dat klopt",
               "graag"],
    "deny": ["nee", "nee dank je", "liever niet", "niet nodig", "nope", "zeker niet",
             "nee hoor", "klopt niet", "helemaal niet", "nee, laat maar"],
    "ask_info": ["wat doen jullie eigenlijk?", "kun je me informatie geven?", "ik heb een vraag",
                 "waar kan ik terecht met vragen?", "wat kun je allemaal?", "help",
                 "ik zoek informatie", "kun je me helpen?", "wat is dit?", "vertel eens meer"],
}


def write_baseline_project(folder: Path, epochs: int) -> None:
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    intents = list(BASELINE_INTENTS)
    domain = {
        "version": "3.1",
        "intents": intents,
        "responses": {f"utter_{i}": [{"text": f"Antwoord op {i}."}] for i in intents},
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    }
    nlu = {"version": "3.1", "nlu": [
        {"intent": i, "examples": "".join(f"- {e}\n" for e in examples)}
        for i, examples in BASELINE_INTENTS.items()
    ]}
    rules = {"version": "3.1", "rules": [
        {"rule": f"antwoord op {i}", "steps": [{"intent": i}, {"action": f"utter_{i}"}]}
        for i in intents
    ]}
    config = {
        "recipe": "default.v1", "language": "nl", "assistant_id": "bench-baseline",
        "pipeline": [
            {"name": "WhitespaceTokenizer"},
            {"name": "CountVectorsFeaturizer"},
            {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1,
             "max_ngram": 4},
            {"name": "DIETClassifier", "epochs": epochs, "random_seed": 1},
        ],
        "policies": [{"name": "MemoizationPolicy"}, {"name": "RulePolicy"}],
    }
    (folder / "domain.yml").write_text(yaml.safe_dump(domain, allow_unicode=True, sort_keys=False))
    (folder / "data" / "nlu.yml").write_text(yaml.safe_dump(nlu, allow_unicode=True,
                                                            sort_keys=False))
    (folder / "data" / "rules.yml").write_text(yaml.safe_dump(rules, sort_keys=False))
    (folder / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))


def train_baseline(folder: Path, epochs: int) -> tuple[Path, float]:
    write_baseline_project(folder, epochs)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    start = time.monotonic()
    subprocess.run(
        [PY, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
         "--data", "data", "--out", "models", "--fixed-model-name", "baseline"],
        cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    return folder / "models" / "baseline.tar.gz", time.monotonic() - start


# ---- measuring ------------------------------------------------------------------------------

@dataclass
class Level:
    concurrency: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    conversations: int = 0

    @property
    def messages(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def summary(self) -> dict[str, Any]:
        ok = sorted(self.latencies)

        def pct(p: float) -> float | None:
            if not ok:
                return None
            return round(1000 * ok[min(len(ok) - 1, int(round(p / 100 * (len(ok) - 1))))], 1)

        return {
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 2),
            "conversations": self.conversations,
            "messages": self.messages,
            "throughput_msg_s": round(len(ok) / self.seconds, 2) if self.seconds else 0.0,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": round(1000 * statistics.fmean(ok), 1) if ok else None,
            "error_rate": round(sum(self.errors.values()) / self.messages, 4)
            if self.messages else 0.0,
            "errors": dict(self.errors),
        }


async def run_level(urls: list[str], scripts: list[list[str]], concurrency: int,
                    seconds: float, tag: str) -> Level:
    import aiohttp

    level = Level(concurrency)
    replicas = itertools.cycle(urls)  # round-robin over the replicas, message by message
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=concurrency + 4)

    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.monotonic()
        deadline = start + seconds

        async def employer(number: int) -> None:
            for round_ in itertools.count():
                script = scripts[(number + round_) % len(scripts)]
                sender = f"bench-{tag}-{concurrency}-{number}-{round_}-{uuid.uuid4().hex[:6]}"
                level.conversations += 1
                for message in script:
                    if time.monotonic() >= deadline:
                        return
                    url = next(replicas)
                    sent = time.perf_counter()
                    try:
                        async with session.post(f"{url}/webhooks/rest/webhook",
                                                json={"sender": sender, "message": message}) as r:
                            body = await r.json(content_type=None)
                            if r.status != 200 or not isinstance(body, list):
                                level.errors[f"http_{r.status}"] += 1
                                break
                            if not body:
                                level.errors["empty_answer"] += 1
                                break
                    except asyncio.TimeoutError:
                        level.errors["timeout"] += 1
                        break
                    except aiohttp.ClientError as error:
                        level.errors[type(error).__name__] += 1
                        break
                    level.latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(employer(n) for n in range(concurrency)))
        level.seconds = time.monotonic() - start
    return level


def _process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pids: list[int], limit: float = 120.0, window: float = 1.0) -> float:
    """Wait until the processes (and their children) use under 5 % of a core over ``window``
    seconds; returns the seconds waited (at most ``limit``)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        before = sum(cpu_seconds(pid) for pid in pids)
        time.sleep(window)
        if sum(cpu_seconds(pid) for pid in pids) - before < 0.05 * window:
            break
    return time.monotonic() - start


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its descendants (independent of other
    load on the machine)."""
    return sum(_process_cpu_seconds(proces) for proces in procesboom(pid))


def worker_cpu_seconds(pid: int) -> float:
    """CPU time so far on a server's critical path to its first answer: the server process (with
    Sanic workers it imports Rasa before it forks them) plus its busiest descendant (a worker that
    loaded its own copy of the model, in parallel with the other)."""
    boom = procesboom(pid)
    return _process_cpu_seconds(pid) + max((_process_cpu_seconds(p) for p in boom[1:]), default=0.0)


def thread_cpu_seconds(pid: int) -> dict[tuple[int, int], float]:
    """User + system CPU time so far of each thread of a process and its descendants
    ((process id, thread id) -> seconds)."""
    tck = os.sysconf("SC_CLK_TCK")
    out = {}
    for proces in procesboom(pid):
        for stat in Path(f"/proc/{proces}/task").glob("*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            out[(proces, int(stat.parent.name))] = (int(fields[11]) + int(fields[12])) / tck
    return out


def per_thread_ms(before: dict[tuple[int, int], float], after: dict[tuple[int, int], float],
                  answered: int) -> dict[str, float]:
    """CPU ms per message of a server's main threads (one per worker process), its busiest other
    thread and the rest. A sampling profiler cannot tell a thread that waits inside a C call
    (SQLite, a socket) from one that computes; this can (the Rasa server's busiest other thread
    is the tracker store's)."""
    delta = {t: after[t] - before.get(t, 0.0) for t in after}
    main = sum(delta.pop(t) for t in list(delta) if t[0] == t[1])
    others = sorted(delta.values(), reverse=True)
    busiest = others[0] if others else 0.0
    return {"main": round(1000 * main / answered, 1),
            "busiest_other": round(1000 * busiest / answered, 1),
            "rest": round(1000 * sum(others[1:]) / answered, 1)}


def memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) in MiB of a process and its descendants."""
    total = {"rss_mib": 0.0, "peak_rss_mib": 0.0, "processes": 0}
    for current in procesboom(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total["rss_mib"] += int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                total["peak_rss_mib"] += int(line.split()[1]) / 1024
        total["processes"] += 1
    return {k: round(v, 1) for k, v in total.items()}


# ---- profiling (optional) -------------------------------------------------------------------

# Components of a message, matched on the file of a stack frame. A sample counts once, for the
# innermost frame that matches (TensorFlow under TED counts as TED, JSON under the tracker store as
# the tracker store); first matching rule wins for one frame.
PROFILE_COMPONENTS = [
    ("NLU: DIET (TensorFlow)", ("rasa/nlu/classifiers/diet_classifier",)),
    ("NLU: count-vector featurizers", ("count_vectors_featurizer",)),
    ("NLU: lexical-syntactic featurizer", ("lexical_syntactic_featurizer",)),
    ("NLU: regex featurizer", ("regex_featurizer",)),
    ("NLU: spaCy tokenizer and lemmas", ("rasa/nlu/utils/spacy_utils", "rasa/nlu/tokenizers",
                                         "spacy/", "thinc/")),
    ("NLU: other components", ("rasa/nlu/",)),
    ("policy: TED (TensorFlow)", ("ted_policy",)),
    ("policy: RulePolicy", ("rule_policy",)),
    ("policy: Memoization", ("memoization",)),
    ("policy: ensemble", ("rasa/core/policies/ensemble",)),
    ("policy: featurizing the tracker history (states)", ("rasa/core/featurizers",
                                                          "rasa/shared/core/domain.py")),
    ("tracker store: SQL (SQLAlchemy, driver)", ("tracker_store", "sqlalchemy", "psycopg2",
                                                "sqlite3")),
    ("redaction (wsp.privacy)", ("wsp/privacy",)),
    ("lock store", ("lock_store", "redis/")),
    ("action server calls (HTTP, JSON, response validation)", ("rasa/core/actions/action.py",
                                                               "rasa/utils/endpoints", "jsonschema",
                                                               "aiohttp")),
    ("tracker copies and event replay", ("rasa/shared/core/trackers", "rasa/shared/core/events",
                                         "rasa/shared/core/slots")),
    ("graph runner (dask) and model plumbing", ("rasa/engine/", "dask/")),
    ("REST channel (WSP channel, Sanic)", ("assistant/addons/channel", "rasa/core/channels",
                                           "sanic/")),
    ("processor and agent (rest)", ("rasa/core/processor", "rasa/core/agent",
                                    "rasa/core/actions/")),
    ("rasa-sdk: action code (actions/, wsp/)", ("(actions/", "(wsp/")),
    ("rasa-sdk: executor, tracker, JSON", ("rasa_sdk/",)),
    ("logging", ("logging/", "structlog")),
    ("event loop, other", ("asyncio/", "uvloop")),
]


def profile_start(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    spy = shutil.which("py-spy") or str(Path(PY).with_name("py-spy"))
    if not Path(spy).exists():
        print("py-spy not installed (pip install py-spy): no profile", flush=True)
        return None
    return subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "50",
         "--format", "raw", "--nonblocking", "--gil", "--subprocesses", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


# Leaf frames of a thread that waits rather than computes (py-spy counts some as active).
_WACHTEN = ("select (selectors.py", "poll (selectors.py", "serve (sanic/server/runners.py",
            "_worker (concurrent/futures/thread.py", "wait (threading.py")


def _component(frames: list[str]) -> str:
    if frames[-1].startswith(_WACHTEN):
        return "idle"
    for frame in reversed(frames):  # innermost first
        for name, needles in PROFILE_COMPONENTS:
            if any(needle in frame for needle in needles):
                return name
    return "other"


def profile_summary(raw: Path) -> dict[str, Any]:
    """Share of CPU samples per component (exclusive) and the top leaf frames."""
    samples = 0
    components: Counter = Counter()
    leaves: Counter = Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = stack.split(";")
        component = _component(frames)
        if component == "idle":
            samples -= n
            continue
        leaves[frames[-1][:140]] += n
        components[component] += n
    return {
        "samples": samples,
        "components": {k: round(v / samples, 3) for k, v in components.most_common()}
        if samples else {},
        "top_leaf_frames": [(k, round(v / samples, 3)) for k, v in leaves.most_common(15)]
        if samples else [],
    }


# ---- the two systems ------------------------------------------------------------------------

@dataclass
class System:
    name: str
    stack: Stack
    scripts: list[list[str]]
    groei: list[str]
    cleanup: list[Any] = field(default_factory=list)

    def close(self) -> None:
        self.stack.stop()
        for step in reversed(self.cleanup):
            try:
                step()
            except Exception as error:  # noqa: BLE001 - report and go on cleaning
                print(f"cleanup: {type(error).__name__}: {error}", file=sys.stderr)


def start_wsp(var_dir: Path, model: Path) -> System:
    import psycopg2
    import redis

    if not model.exists():
        raise SystemExit(f"No trained model ({model.name}): run 'make train' first.")
    admin = psycopg2.connect(PG_ADMIN_URL, connect_timeout=3)
    admin.autocommit = True
    suffix = uuid.uuid4().hex[:10]
    tracker_db, handover_db = f"wsp_bench_tracker_{suffix}", f"wsp_bench_overdracht_{suffix}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{tracker_db}"')
        cur.execute(f'CREATE DATABASE "{handover_db}"')
    red = redis.Redis.from_url(REDIS_URL)
    prefix = f"wspbench{suffix}"

    def drop() -> None:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{tracker_db}" WITH (FORCE)')
            cur.execute(f'DROP DATABASE IF EXISTS "{handover_db}" WITH (FORCE)')
        admin.close()
        for key in red.scan_iter(match=f"{prefix}:*"):
            red.delete(key)
        red.close()

    action_port = free_port()
    config = StackConfig(
        model=model,
        var_dir=var_dir,
        rasa_port=free_port(),
        extra_rasa_ports=(free_port(),),
        rasa_workers=1,  # one process per replica, as in docker/compose.yml
        action_port=action_port,
        auth_token=uuid.uuid4().hex,
        database_url=f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{handover_db}",
        with_inbox=False,
        with_web=False,
        with_outbox=False,
        endpoints=ROOT / "docker" / "endpoints.yml",
        extra_env={
            "WSP_MAIL_SPOOL": str(var_dir / "mail"),
            **LAADTEST_ENV,
            **production_endpoints_env(
                PG_ADMIN_URL, tracker_db, REDIS_URL, prefix, action_port
            ),
        },
    )
    system = System("wsp", Stack(config), WSP_GESPREKKEN, GROEI_WSP, cleanup=[drop])
    system.stack.start()
    return system


def start_wsp_lokaal(var_dir: Path, model: Path) -> System:
    """The assistant as ``make run`` starts it: one Rasa server with its worker processes,
    redacting SQL tracker store and lock store on SQLite, action server with its SQLite handover
    database."""
    if not model.exists():
        raise SystemExit(f"No trained model ({model.name}): run 'make train' first.")
    config = StackConfig(
        model=model,
        var_dir=var_dir,
        rasa_port=free_port(),
        action_port=free_port(),
        auth_token=uuid.uuid4().hex,
        with_inbox=False,
        with_web=False,
        with_outbox=False,
        extra_env={"WSP_MAIL_SPOOL": str(var_dir / "mail"), **LAADTEST_ENV},
    )
    system = System("wsp", Stack(config), WSP_GESPREKKEN, GROEI_WSP)
    system.stack.start()
    return system


def start_baseline(var_dir: Path, model: Path) -> System:
    config = StackConfig(
        model=model,
        var_dir=var_dir,
        rasa_port=free_port(),
        action_port=free_port(),
        auth_token=uuid.uuid4().hex,
        with_actions=False,
        with_inbox=False,
        with_web=False,
        with_outbox=False,
        rasa_workers=1,  # plain `rasa run`: one process
        tracker_store={"type": "in_memory"},
        lock_store={"type": "in_memory"},
    )
    system = System("baseline", PlainRasaStack(config), BASELINE_GESPREKKEN, GROEI_BASELINE)
    system.stack.start()
    return system


def measure(system: System, levels: list[int], seconds: float,
            profile: Path | None = None, turns: int = 150) -> dict[str, Any]:
    stack = system.stack
    print(f"[{system.name}] starting {', '.join(stack.processes)} ...", flush=True)
    stack.wait_ready(timeout=1200)
    urls = stack.config.rasa_urls
    _check_model_loaded(stack)
    rasa_names = [n for n in stack.processes if n.startswith("rasa")]
    result: dict[str, Any] = {
        "replicas": len(urls),
        "model": stack.config.model.name,
        "model_load_s": {n: round(stack.ready_after[n], 1) for n in rasa_names},
        # CPU time the server used to start, load the model and answer the warm-up message: unlike
        # the wall time it does not depend on other work on the machine
        "model_load_cpu_s": {n: round(worker_cpu_seconds(stack.processes[n].pid), 1)
                             for n in rasa_names},
        "first_answer_s": {n: round(stack.first_answer[u], 2) for n, u in zip(rasa_names, urls,
                                                                            strict=True)},
        "levels": [],
    }
    # one unmeasured pass through every conversation, so lazy initialisation is not measured
    for number, script in enumerate(system.scripts):
        asyncio.run(_one_pass(urls, script, f"{system.name}{number}"))
    # work the servers do after their first messages (TED's model loads in the background, item 9 of
    # assistant/addons/performance.py) is not measured either: wait until they are idle
    rustig = wait_idle([p.pid for p in stack.processes.values()])
    print(f"[{system.name}] idle {rustig:.1f} s after the warm-up pass", flush=True)
    for concurrency in levels:
        spies = []
        if profile and concurrency == max(levels):
            for name in ("rasa", "actions"):
                if name in stack.processes:
                    out = profile.with_name(f"profile-{name}.txt")
                    spies.append(profile_start(stack.processes[name].pid, max(5.0, seconds - 5),
                                               out))
        cpu_before = {n: cpu_seconds(p.pid) for n, p in stack.processes.items()}
        threads_before = {n: thread_cpu_seconds(p.pid) for n, p in stack.processes.items()}
        level = asyncio.run(run_level(urls, system.scripts, concurrency, seconds, system.name))
        cpu = {n: cpu_seconds(p.pid) - cpu_before[n] for n, p in stack.processes.items()}
        threads_after = {n: thread_cpu_seconds(p.pid) for n, p in stack.processes.items()}
        for spy in spies:
            if spy is not None:
                spy.wait(timeout=120)
        summary = level.summary()
        answered = max(1, len(level.latencies))
        # CPU time the system's processes used per answered message: the cost of a message,
        # unaffected by other work on the machine (unlike throughput and latency)
        summary["cpu_ms_per_msg"] = round(1000 * sum(cpu.values()) / answered, 1)
        summary["cpu_ms_per_msg_by_process"] = {n: round(1000 * c / answered, 1)
                                                for n, c in cpu.items()}
        summary["cpu_ms_per_msg_by_thread"] = {
            n: per_thread_ms(threads_before[n], threads_after[n], answered)
            for n, p in stack.processes.items()}
        summary["memory"] = {n: memory(p.pid) for n, p in stack.processes.items()}
        result["levels"].append(summary)
        print(f"[{system.name}] {concurrency:>3} concurrent: {summary['throughput_msg_s']:6.2f} "
              f"msg/s  p50 {summary['p50_ms']} ms  p95 {summary['p95_ms']} ms  "
              f"errors {summary['error_rate']:.1%}  CPU {summary['cpu_ms_per_msg']} ms/msg",
              flush=True)
        for n, t in summary["cpu_ms_per_msg_by_thread"].items():
            print(f"[{system.name}]      {n}: main thread(s) {t['main']} ms, busiest other thread "
                  f"{t['busiest_other']} ms, other threads {t['rest']} ms per message", flush=True)
    if turns >= 20:
        result["growth"] = measure_growth(system, turns, profile)
        for window in ("first40", "last40"):
            raw = profile.with_name(f"profile-growth-{window}.txt") if profile else None
            if raw is not None and raw.exists():
                result["growth"][f"profile_{window}"] = profile_summary(raw)
    result["memory_end"] = {n: memory(p.pid) for n, p in stack.processes.items()}
    return result


def _check_model_loaded(stack: Stack) -> None:
    """Rasa answers ``/`` and the channel answers every message even without a model: make sure
    the model really is loaded, or the figures would measure the channel's fallback message."""
    import urllib.parse
    import urllib.request

    for url in stack.config.rasa_urls:
        token = urllib.parse.quote(stack.config.auth_token)
        with urllib.request.urlopen(f"{url}/status?token={token}", timeout=30) as response:
            status = json.loads(response.read())
        if not status.get("model_id"):
            raise SystemExit(f"{url}: Rasa runs without a model ({stack.config.model}); see "
                             f"{stack.log_dir}/rasa.log")


def measure_growth(system: System, turns: int, profile: Path | None = None) -> dict[str, Any]:
    """One conversation of ``turns`` messages, one after the other: latency and CPU time (all the
    system's processes) of every turn; growth = last ten turns / first ten turns. ``profile``:
    py-spy output for the Rasa server during the first and the last 40 turns."""
    stack = system.stack
    script = [system.groei[i % len(system.groei)] for i in range(turns)]
    answers: list[list[str]] = []
    by_process: dict[str, list[int]] = {}
    latencies, cpu_ms = asyncio.run(_long_conversation(stack, script, system.name, profile,
                                                       answers, by_process))
    first, last = slice(0, 10), slice(max(10, turns - 10), turns)
    p50_first = statistics.median(latencies[first])
    p50_last = statistics.median(latencies[last])
    # medians, like the latencies: one turn with a garbage collection or a SQLite checkpoint
    # should not decide the figure
    cpu_first = statistics.median(cpu_ms[first])
    cpu_last = statistics.median(cpu_ms[last])
    result = {
        "turns": turns,
        "p50_first10_ms": round(1000 * p50_first, 1),
        "p50_last10_ms": round(1000 * p50_last, 1),
        "latency_growth_x": round(p50_last / p50_first, 2),
        "cpu_ms_first10": round(cpu_first, 1),
        "cpu_ms_last10": round(cpu_last, 1),
        "cpu_growth_x": round(cpu_last / cpu_first, 2) if cpu_first else None,
        "latency_ms_per_turn": [round(1000 * x, 1) for x in latencies],
        "cpu_ms_per_turn": [round(x) for x in cpu_ms],
        # the same per process (rasa, actions, ...): which one grows
        "cpu_ms_per_turn_by_process": by_process,
        # what the assistant answered, turn by turn: compare runs to see that a change kept behaviour
        "answers": answers,
    }
    print(f"[{system.name}] {turns} turns in one conversation: median latency first ten "
          f"{result['p50_first10_ms']} ms, last ten {result['p50_last10_ms']} ms "
          f"({result['latency_growth_x']}×); CPU {result['cpu_ms_first10']} → "
          f"{result['cpu_ms_last10']} ms/msg ({result['cpu_growth_x']}×)", flush=True)
    return result


async def _long_conversation(stack: Stack, script: list[str], tag: str,
                             profile: Path | None = None,
                             answers: list[list[str]] | None = None,
                             cpu_by_process: dict[str, list[int]] | None = None,
                             ) -> tuple[list[float], list[float]]:
    import aiohttp

    urls = stack.config.rasa_urls
    sender = f"bench-groei-{tag}-{uuid.uuid4().hex[:6]}"
    latencies: list[float] = []
    cpu_ms: list[float] = []
    spy: subprocess.Popen[bytes] | None = None
    windows = {0: "first", max(40, len(script) - 40): "last"} if profile else {}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for turn, (url, message) in enumerate(zip(itertools.cycle(urls), script, strict=False)):
            if spy is not None and turn in (40, *windows):
                spy.send_signal(2)  # py-spy writes its output on SIGINT
                spy.wait(timeout=60)
                spy = None
            if turn in windows and profile is not None:
                spy = profile_start(stack.processes["rasa"].pid, 3600,
                                    profile.with_name(f"profile-growth-{windows[turn]}40.txt"))
                await asyncio.sleep(1.0)
            cpu_before = {name: cpu_seconds(p.pid) for name, p in stack.processes.items()}
            sent = time.perf_counter()
            async with session.post(f"{url}/webhooks/rest/webhook",
                                    json={"sender": sender, "message": message}) as r:
                body = await r.json(content_type=None)
                if r.status != 200 or not body:
                    raise RuntimeError(f"growth conversation: no answer to turn "
                                       f"{len(latencies) + 1} (HTTP {r.status})")
                if answers is not None:
                    answers.append([str(m.get("text") or m.get("buttons") or "") for m in body])
            latencies.append(time.perf_counter() - sent)
            per_process = {name: 1000 * (cpu_seconds(p.pid) - cpu_before[name])
                           for name, p in stack.processes.items()}
            cpu_ms.append(sum(per_process.values()))
            if cpu_by_process is not None:
                for name, ms in per_process.items():
                    cpu_by_process.setdefault(name, []).append(round(ms))
    if spy is not None:
        spy.send_signal(2)
        spy.wait(timeout=60)
    return latencies, cpu_ms


async def _one_pass(urls: list[str], script: list[str], tag: str) -> None:
    import aiohttp

    sender = f"bench-warm-{tag}-{uuid.uuid4().hex[:6]}"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for url, message in zip(itertools.cycle(urls), script, strict=False):
            async with session.post(f"{url}/webhooks/rest/webhook",
                                    json={"sender": sender, "message": message}) as r:
                await r.read()


# ---- report ---------------------------------------------------------------------------------

def ratios(wsp: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for ours, theirs in zip(wsp["levels"], base["levels"], strict=True):
        def ratio(key: str, a: dict = ours, b: dict = theirs) -> float | None:
            if a.get(key) is None or not b.get(key):
                return None
            return round(a[key] / b[key], 2)

        rows.append({
            "concurrency": ours["concurrency"],
            "throughput_x": ratio("throughput_msg_s"),
            "p50_x": ratio("p50_ms"),
            "p95_x": ratio("p95_ms"),
            "p99_x": ratio("p99_ms"),
            "cpu_per_msg_x": ratio("cpu_ms_per_msg"),
        })
    return rows


TARGETS = {
    # name: (description, check on the report)
    "throughput_at_max": "throughput at the highest concurrency ≥ 0.7× plain Rasa",
    "p95_at_max": "p95 latency at the highest concurrency ≤ 1.5× plain Rasa",
    "growth": "median latency of turns 141-150 ≤ 1.5× that of turns 1-10 (one conversation)",
    "model_load": "model load (start until the server answers) ≤ 30 s",
    "model_load_cpu": "CPU time to load the model and answer the warm-up message (server process + one worker) ≤ 30 s "
                      "(the same target, independent of other work on the machine)",
}


def targets(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target of issue #16 with the measured figure and whether it is met."""
    out: dict[str, dict[str, Any]] = {}
    if "baseline" in report and "ratios" in report:
        top = report["ratios"][-1]
        out["throughput_at_max"] = {"measured": top["throughput_x"],
                                    "met": (top["throughput_x"] or 0) >= 0.7}
        out["p95_at_max"] = {"measured": top["p95_x"],
                             "met": top["p95_x"] is not None and top["p95_x"] <= 1.5}
    growth = report["wsp"].get("growth")
    if growth:
        out["growth"] = {"measured": growth["latency_growth_x"],
                         "met": growth["latency_growth_x"] <= 1.5}
    loads = [v for k, v in report["wsp"]["model_load_s"].items() if k.startswith("rasa")]
    if loads:
        out["model_load"] = {"measured": max(loads), "met": max(loads) <= 30}
    loads_cpu = list(report["wsp"].get("model_load_cpu_s", {}).values())
    if loads_cpu:
        out["model_load_cpu"] = {"measured": max(loads_cpu), "met": max(loads_cpu) <= 30}
    return out


def table(report: dict[str, Any]) -> str:
    lines = [
        "| system | conc. | msg/s | p50 ms | p95 ms | p99 ms | errors | messages | CPU ms/msg |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    systems = [n for n in ("baseline", "wsp") if n in report]
    for name in systems:
        for row in report[name]["levels"]:
            lines.append(
                f"| {name} | {row['concurrency']} | {row['throughput_msg_s']:.2f} | "
                f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
                f"{row['error_rate']:.1%} | {row['messages']} | {row['cpu_ms_per_msg']} |"
            )
    if "ratios" in report:
        lines += ["", "| conc. | throughput wsp/baseline | p50 wsp/baseline | p95 wsp/baseline | "
                  "p99 wsp/baseline | CPU per msg wsp/baseline |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in report["ratios"]:
            lines.append(f"| {r['concurrency']} | {r['throughput_x']}× | {r['p50_x']}× | "
                         f"{r['p95_x']}× | {r['p99_x']}× | {r['cpu_per_msg_x']}× |")
    growth_rows = [(n, report[n]["growth"]) for n in systems if report[n].get("growth")]
    if growth_rows:
        lines += ["", "| system | turns | p50 turns 1-10 ms | p50 last ten ms | latency growth | "
                  "p50 CPU ms turns 1-10 | p50 CPU ms last ten | CPU growth |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, g in growth_rows:
            lines.append(f"| {name} | {g['turns']} | {g['p50_first10_ms']} | {g['p50_last10_ms']} | "
                         f"{g['latency_growth_x']}× | {g['cpu_ms_first10']} | "
                         f"{g['cpu_ms_last10']} | {g['cpu_growth_x']}× |")
    lines.append("")
    lines.append("| process | model load s | CPU s to load and warm up (server + one worker) | first answer s | "
                 "RSS MiB (end) | peak RSS MiB |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in systems:
        result = report[name]
        for process, mem in result["memory_end"].items():
            load = result["model_load_s"].get(process, "")
            load_cpu = result.get("model_load_cpu_s", {}).get(process, "")
            first = result["first_answer_s"].get(process, "")
            lines.append(f"| {name} {process} | {load} | {load_cpu} | {first} | {mem['rss_mib']} | "
                         f"{mem['peak_rss_mib']} |")
    if report.get("targets"):
        lines += ["", "| target (issue #16) | measured | met |", "| --- | ---: | --- |"]
        for key, t in report["targets"].items():
            unit = " s" if key.startswith("model_load") else "×"
            lines.append(f"| {TARGETS[key]} | {t['measured']}{unit} | "
                         f"{'yes' if t['met'] else 'NO'} |")
    return "\n".join(lines)


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right, cpu) = plt.subplots(1, 3, figsize=(15, 4.2))
    for name, style in (("baseline", "o--"), ("wsp", "s-")):
        levels = report[name]["levels"]
        x = [row["concurrency"] for row in levels]
        label = ("baseline: minimal model, 1 process, in memory" if name == "baseline"
                 else f"wsp: {report.get('meta', {}).get('topology', 'lokaal')}, action server")
        left.plot(x, [row["throughput_msg_s"] for row in levels], style, label=label)
        for key, alpha in (("p50_ms", 0.5), ("p95_ms", 1.0)):
            right.plot(x, [row[key] for row in levels], style, alpha=alpha,
                       label=f"{name} {key[:3]}")
    width = 0.38
    for offset, (name, colour) in enumerate((("baseline", "tab:blue"), ("wsp", "tab:orange"))):
        levels = report[name]["levels"]
        cpu.bar([i + (offset - 0.5) * width for i in range(len(levels))],
                [row["cpu_ms_per_msg"] for row in levels], width, color=colour, label=name)
    cpu.set_xticks(range(len(report["wsp"]["levels"])),
                   [str(row["concurrency"]) for row in report["wsp"]["levels"]])
    cpu.set(xlabel="concurrent conversations", ylabel="CPU ms per message (all processes)",
            title="Cost per message (independent of other load)")
    cpu.grid(True, axis="y", alpha=0.3)
    cpu.legend(fontsize=8)
    left.set(xscale="log", xlabel="concurrent conversations", ylabel="messages / s",
             title="Throughput")
    right.set(xscale="log", yscale="log", xlabel="concurrent conversations",
              ylabel="latency (ms)", title="Latency")
    for axis in (left, right):
        axis.set_xticks([row["concurrency"] for row in report["wsp"]["levels"]])
        axis.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=8)
    meta = report["meta"]
    fig.suptitle(f"WSP assistant vs minimal Rasa {meta['rasa']} — {meta['cpus']} CPUs, "
                 f"{meta['seconds_per_level']:.0f} s per level, {meta['date'][:10]}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ---- main -----------------------------------------------------------------------------------

def _rasa_version() -> str:
    try:
        from importlib.metadata import version

        return version("rasa")
    except Exception:  # noqa: BLE001
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short run: 12 s per level")
    parser.add_argument("--seconds", type=float, help="seconds per concurrency level")
    parser.add_argument("--levels", default="1,10,50", help="concurrency levels (default 1,10,50)")
    parser.add_argument("--beurten", type=int, default=150,
                        help="messages in the long conversation of the growth figure (0: skip)")
    parser.add_argument("--topologie", choices=("lokaal", "productie"), default="lokaal",
                        help="lokaal: as 'make run' (default); productie: 2 replicas on "
                             "PostgreSQL + Redis")
    parser.add_argument("--alleen", choices=("wsp", "baseline"),
                        help="measure one system only (no ratios; for A/B runs of one change)")
    parser.add_argument("--model", type=Path, help="default: the current trained model")
    parser.add_argument("--profile", action="store_true",
                        help="sample Rasa and the action server with py-spy at the highest level")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",")]
    seconds = args.seconds or (12.0 if args.quick else 45.0)
    OUT.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    report: dict[str, Any] = {
        "meta": {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "commit": _commit(),
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
            "loadavg_at_start": [round(x, 2) for x in load_before],
            "rasa": _rasa_version(),
            "levels": levels,
            "seconds_per_level": seconds,
            "quick": args.quick,
            "topology": args.topologie,
            "load_generator": "aiohttp in this process, closed loop (no think time), "
                              "round-robin over the Rasa replicas message by message "
                              "(instead of nginx)",
        },
    }
    with tempfile.TemporaryDirectory(prefix="wsp-bench-") as tmp:
        tmp_path = Path(tmp)
        if args.alleen != "wsp":
            print("Training the baseline model ...", flush=True)
            model, train_seconds = train_baseline(tmp_path / "baseline-project",
                                                  epochs=20 if args.quick else 40)
            print(f"  trained in {train_seconds:.0f} s", flush=True)
            baseline = start_baseline(tmp_path / "baseline", model)
            try:
                report["baseline"] = measure(baseline, levels, seconds, turns=args.beurten)
                report["baseline"]["train_s"] = round(train_seconds, 1)
            finally:
                baseline.close()

        if args.alleen != "baseline":
            start = start_wsp if args.topologie == "productie" else start_wsp_lokaal
            wsp = start(tmp_path / "wsp", args.model or model_path())
            try:
                raw = OUT / "profile-rasa.txt" if args.profile else None
                report["wsp"] = measure(wsp, levels, seconds, profile=raw, turns=args.beurten)
                if raw is not None and raw.exists():
                    report["wsp"]["profile"] = profile_summary(raw)
                if raw is not None and raw.with_name("profile-actions.txt").exists():
                    report["wsp"]["profile_actions"] = profile_summary(
                        raw.with_name("profile-actions.txt"))
            finally:
                wsp.close()
    report["meta"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if "wsp" in report and "baseline" in report:
        report["ratios"] = ratios(report["wsp"], report["baseline"])
    if "wsp" in report:
        report["targets"] = targets(report)
    name = "bench.json" if args.alleen is None else f"bench-{args.alleen}.json"
    (OUT / name).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if "ratios" in report:
        plot(report, OUT / "bench.png")
    print()
    print(f"Commit {report['meta']['commit']}, topology {args.topologie}, "
          f"{seconds:.0f} s per level{' (quick)' if args.quick else ''}")
    print(table(report))
    for key in ("profile", "profile_actions"):
        if key in report.get("wsp", {}):
            who = "the Rasa server" if key == "profile" else "the action server"
            print(f"\nWhere {who} spends its CPU at {levels[-1]} concurrent conversations (py-spy; "
                  "each sample counted once, in the innermost component on its stack):")
            for part, share in report["wsp"][key]["components"].items():
                print(f"  {share:6.1%}  {part}")
    growth = report.get("wsp", {}).get("growth", {})
    if "profile_first40" in growth and "profile_last40" in growth:
        first, last = growth["profile_first40"], growth["profile_last40"]
        print(f"\nThe Rasa server in the long conversation (share of its CPU samples by component, "
              f"turns 1-40 → the last 40; all processes: {growth['cpu_ms_first10']} → "
              f"{growth['cpu_ms_last10']} CPU ms per message):")
        for part in sorted(set(first["components"]) | set(last["components"]),
                           key=lambda k: -last["components"].get(k, 0)):
            print(f"  {first['components'].get(part, 0):6.1%} → {last['components'].get(part, 0):6.1%}"
                  f"  {part}")
    print(f"\nLoad average at start {load_before[0]:.1f} (other work on this machine slows both "
          f"systems; CPU ms per message does not depend on it). Results: "
          f"{OUT.relative_to(ROOT)}/{name}")
    return 0


def _commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                             capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "assistant", "actions",
                                "wsp", "scripts", "docker"], cwd=ROOT, text=True,
                               capture_output=True, check=True).stdout.strip()
        return sha + ("+uncommitted" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
