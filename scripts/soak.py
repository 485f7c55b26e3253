"""Soak test of the WSP assistant (``make soak``): a steady, bounded load of realistic
conversations against a stack this script starts itself, for a fixed time, on loopback only.

    .venv/bin/python scripts/soak.py --minuten 30          # what `make soak` runs
    .venv/bin/python scripts/soak.py --minuten 5 --werkgevers 3

What runs: ``wsp.devstack`` with its embedded defaults (the topology of ``make run``: one Rasa
server with the redacting SQLite tracker store, the action server, the outbox worker writing mails
to a spool folder, the inbox), on free ports in a temporary folder. ``--werkgevers`` virtual
employers (threads) each hold conversation after conversation: topic questions, follow-ups with
buttons, municipalities, an LKS calculation, comparisons, nonsense, special personal data, and now
and then a full handover through the contact form. Between two messages an employer "thinks"
(``--denktijd`` seconds on average), so the load is a few messages per second and does not depend
on how fast the answers come. The run stops by itself after ``--minuten``.

Reported (``results/soak/soak.json`` and ``results/soak/soak.md``):

* memory per process over time (VmRSS from ``/proc``): first and last sample after warm-up, peak,
  growth, and the trend in MB per 10 minutes over the second half of the run;
* errors: HTTP errors and timeouts, empty answers, the channel's "something went wrong" messages,
  tracebacks in the logs;
* lost messages: every user message sent is looked up in the conversation's stored tracker at the
  end; handovers completed in the chat are looked up in the database and in the mail spool;
* latency per minute: count, p50, p95, max.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train import model_path  # noqa: E402

from wsp.devstack import LAADTEST_ENV, Stack, StackConfig, free_port, procesboom  # noqa: E402

RESULTS = ROOT / "results" / "soak"
STORING = ("Er ging iets mis aan mijn kant", "Het lukt me nu niet om op tijd te antwoorden")

SCENARIOS: list[list[str]] = [
    ["Goedemiddag", "Wat is de no-riskpolis?", "/ask_how_to_apply", "bedankt"],
    ["Kan ik loonkostensubsidie krijgen?", "Wij zitten in Velp",
     "Hoeveel loonkostensubsidie krijg ik bij 32 uur en loonwaarde 60%?"],
    ["wie betaalt een jobcoach?", "/ask_gemeente_rules", '/inform_gemeente{"plaats": "Zevenaar"}'],
    ["wat is het verschil tussen Arnhem en Zevenaar bij jobcoaching?", "dank je wel"],
    ["ik wil een fiets kopen", "qwpoeiru zxcmvn", "Wat is het doelgroepregister?"],
    ["Mijn werknemer had een burn-out, BSN 111222333. Wat is de no-riskpolis?",
     "hoe vraag ik dat aan?"],
    ["Wat is het LKV?", "/feedback{\"waardering\":\"positief\"}", "Tot ziens"],
    ["hoe werkt een proefplaatsing bij het UWV", "dit helpt me niet", "nee"],
    ["kun je uitrekenen hoeveel loonkostensubsidie ik krijg?", "24", "50 procent"],
    ["moeten wij meedoen aan de banenafspraak met 40 man personeel?", "Wij zitten in Duiven"],
]
ESCALATIE_KANS = 0.08


# ---- HTTP ---------------------------------------------------------------------------------------

def post(url: str, payload: Any, timeout: float = 120) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def get_json(url: str, timeout: float = 60) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


# ---- measurements -------------------------------------------------------------------------------

@dataclass
class Meting:
    moment: float  # seconds since the start of the load
    latentie: float
    status: int
    fout: str | None  # "http", "timeout", "leeg", "storing", or None


@dataclass
class Gesprek:
    sender: str
    verzonden: int = 0
    escalatie_klaar: bool = False


@dataclass
class Resultaten:
    metingen: list[Meting] = field(default_factory=list)
    gesprekken: list[Gesprek] = field(default_factory=list)
    geheugen: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # name: (t, MB)
    lock: threading.Lock = field(default_factory=threading.Lock)


def rss_mb(pid: int) -> float | None:
    """VmRSS of a process and its descendants (Rasa's worker processes), None once it ended."""
    totaal = None
    for proces in procesboom(pid):
        try:
            for regel in Path(f"/proc/{proces}/status").read_text().splitlines():
                if regel.startswith("VmRSS:"):
                    totaal = (totaal or 0.0) + int(regel.split()[1]) / 1024
        except OSError:
            continue
    return totaal


def geheugen_meter(stack: Stack, res: Resultaten, start: float, stop: threading.Event,
                   interval: float) -> None:
    while not stop.is_set():
        nu = time.monotonic() - start
        for naam, proces in stack.processes.items():
            mb = rss_mb(proces.pid)
            if mb is not None:
                with res.lock:
                    res.geheugen.setdefault(naam, []).append((nu, mb))
        stop.wait(interval)


# ---- virtual employers --------------------------------------------------------------------------

def teksten(antwoord: Any) -> str:
    return "\n".join(str(a.get("text") or "") for a in antwoord or [])


def formulier_antwoord(vraag: str, sender: str) -> str | None:
    laag = vraag.lower()
    if "klopt dit?" in laag:
        return "/affirm"
    for sleutel, antwoord in (("uw naam", "Anna de Boer"), ("organisatie", "Soak BV"),
                              ("telefoonnummer", "026 123 45 67"),
                              ("e-mailadres", f"{sender}@soak.example"), ("kvk", "overslaan"),
                              ("hoe en wanneer", "bellen, 's middags"),
                              ("uw vraag", "Kan ik een proefplaatsing doen?")):
        if sleutel in laag:
            return antwoord
    return None


class Werkgever(threading.Thread):
    def __init__(self, nummer: int, url: str, res: Resultaten, start: float, einde: float,
                 denktijd: float, seed: int) -> None:
        super().__init__(name=f"werkgever-{nummer}", daemon=True)
        self.url, self.res, self.start_t, self.einde = url, res, start, einde
        self.denktijd, self.rnd = denktijd, random.Random(seed)

    def zeg(self, gesprek: Gesprek, tekst: str) -> str:
        begin = time.monotonic()
        fout = None
        try:
            status, antwoord = post(self.url, {"sender": gesprek.sender, "message": tekst})
        except (urllib.error.URLError, OSError):
            status, antwoord, fout = 0, None, "timeout"
        latentie = time.monotonic() - begin
        tekst_uit = teksten(antwoord)
        if fout is None:
            if status != 200:
                fout = "http"
            elif not tekst_uit.strip():
                fout = "leeg"
            elif any(s in tekst_uit for s in STORING):
                fout = "storing"
        gesprek.verzonden += 1
        with self.res.lock:
            self.res.metingen.append(Meting(begin - self.start_t, latentie, status, fout))
        return tekst_uit

    def denk(self) -> None:
        time.sleep(self.rnd.uniform(0.2, 1.8) * self.denktijd)

    def run(self) -> None:
        while time.monotonic() < self.einde:
            gesprek = Gesprek(f"soak-{uuid.uuid4().hex[:12]}")
            with self.res.lock:
                self.res.gesprekken.append(gesprek)
            if self.rnd.random() < ESCALATIE_KANS:
                self.escalatie(gesprek)
            else:
                for tekst in self.rnd.choice(SCENARIOS):
                    self.zeg(gesprek, tekst)
                    self.denk()

    def escalatie(self, gesprek: Gesprek) -> None:
        self.zeg(gesprek, "wat is een proefplaatsing?")
        self.denk()
        antwoord = self.zeg(gesprek, "ik wil graag iemand spreken")
        if "in welke gemeente" in antwoord.lower():
            antwoord = self.zeg(gesprek, '/inform_gemeente{"plaats": "Duiven"}')
        if "Uw vaste contactpersoon" not in antwoord:
            return
        antwoord = self.zeg(gesprek, "ja")
        for _ in range(14):
            if "doorgegeven aan" in antwoord:
                gesprek.escalatie_klaar = True
                return
            volgende = formulier_antwoord(antwoord, gesprek.sender)
            if volgende is None:
                return
            self.denk()
            antwoord = self.zeg(gesprek, volgende)
        gesprek.escalatie_klaar = "doorgegeven aan" in antwoord


# ---- analysis -----------------------------------------------------------------------------------

def percentiel(waarden: list[float], p: float) -> float:
    if not waarden:
        return 0.0
    geordend = sorted(waarden)
    index = min(len(geordend) - 1, max(0, round(p / 100 * (len(geordend) - 1))))
    return geordend[index]


def helling_mb_per_10_min(reeks: list[tuple[float, float]]) -> float:
    """Least-squares trend over the second half of the run, in MB per 10 minutes."""
    tweede = reeks[len(reeks) // 2:]
    if len(tweede) < 3:
        return 0.0
    xs, ys = [t for t, _ in tweede], [m for _, m in tweede]
    gx, gy = statistics.fmean(xs), statistics.fmean(ys)
    noemer = sum((x - gx) ** 2 for x in xs)
    if not noemer:
        return 0.0
    return sum((x - gx) * (y - gy) for x, y in zip(xs, ys, strict=True)) / noemer * 600


def verloren_berichten(stack: Stack, gesprekken: list[Gesprek]) -> tuple[int, int, list[str]]:
    """(sent, stored, conversations with a difference), from each conversation's tracker."""
    c = stack.config
    verzonden = opgeslagen = 0
    verschillen = []
    for g in gesprekken:
        tracker = get_json(f"{c.rasa_url}/conversations/{g.sender}/tracker"
                           f"?include_events=ALL&token={c.auth_token}")
        aantal = sum(1 for e in tracker.get("events", []) if e.get("event") == "user")
        verzonden += g.verzonden
        opgeslagen += aantal
        if aantal != g.verzonden:
            verschillen.append(f"{g.sender}: {g.verzonden} verzonden, {aantal} opgeslagen")
    return verzonden, opgeslagen, verschillen


def overdrachten(stack: Stack, gesprekken: list[Gesprek], spool: Path, wacht: float = 30
                 ) -> dict[str, int]:
    from sqlalchemy import select

    from wsp.db import session_scope
    from wsp.overdracht.models import Overdracht

    klaar = {g.sender for g in gesprekken if g.escalatie_klaar}
    einde = time.monotonic() + wacht
    while True:
        with session_scope(stack.database_url) as s:
            rijen = s.execute(select(Overdracht.gesprek_id, Overdracht.publieke_id)
                              .where(Overdracht.gesprek_id.in_(klaar))).all() if klaar else []
        mails = {p.name.split("-mail")[0] for p in spool.glob("*-mail.eml")}
        gemaild = sum(1 for _, pid in rijen if pid in mails)
        if (len(rijen) == len(klaar) and gemaild == len(rijen)) or time.monotonic() > einde:
            break
        time.sleep(2)
    return {"in_chat_afgerond": len(klaar), "in_database": len(rijen), "gemaild": gemaild,
            "wachtrij_bestanden": len(list((stack.config.var_dir / "wachtrij").glob("*.json")))}


def log_fouten(stack: Stack) -> dict[str, dict[str, int]]:
    uit = {}
    for pad in sorted(stack.log_dir.glob("*.log")):
        tekst = pad.read_text(errors="replace")
        uit[pad.stem] = {"tracebacks": tekst.count("Traceback"),
                         "error_regels": len(re.findall(r"\bERROR\b|level=ERROR", tekst))}
    return uit


def samenvatting(res: Resultaten, duur: float, warm: float) -> dict[str, Any]:
    metingen = res.metingen
    per_minuut = []
    for minuut in range(int(duur // 60) + 1):
        m = [x for x in metingen if minuut * 60 <= x.moment < (minuut + 1) * 60]
        if not m:
            continue
        lat = [x.latentie for x in m]
        per_minuut.append({"minuut": minuut + 1, "berichten": len(m),
                           "p50_ms": round(percentiel(lat, 50) * 1000),
                           "p95_ms": round(percentiel(lat, 95) * 1000),
                           "max_ms": round(max(lat) * 1000),
                           "fouten": sum(1 for x in m if x.fout)})
    geheugen = {}
    for naam, reeks in res.geheugen.items():
        na_warm = [(t, mb) for t, mb in reeks if t >= warm] or reeks
        geheugen[naam] = {
            "begin_mb": round(na_warm[0][1], 1), "eind_mb": round(na_warm[-1][1], 1),
            "piek_mb": round(max(mb for _, mb in reeks), 1),
            "groei_mb": round(na_warm[-1][1] - na_warm[0][1], 1),
            "trend_mb_per_10_min": round(helling_mb_per_10_min(na_warm), 1),
            "metingen": len(reeks),
        }
    lat = [x.latentie for x in metingen]
    fouten: dict[str, int] = {}
    for x in metingen:
        if x.fout:
            fouten[x.fout] = fouten.get(x.fout, 0) + 1
    return {
        "berichten": len(metingen), "gesprekken": len(res.gesprekken),
        "berichten_per_seconde": round(len(metingen) / duur, 2) if duur else 0,
        "latentie_ms": {"p50": round(percentiel(lat, 50) * 1000),
                        "p95": round(percentiel(lat, 95) * 1000),
                        "p99": round(percentiel(lat, 99) * 1000),
                        "max": round(max(lat, default=0) * 1000)},
        "fouten": fouten, "per_minuut": per_minuut, "geheugen": geheugen,
    }


def markdown(rapport: dict[str, Any]) -> str:
    s = rapport["samenvatting"]
    regels = [
        f"# Soak test {rapport['gestart']}", "",
        f"{rapport['minuten']} minutes, {rapport['werkgevers']} virtual employers, "
        f"{s['gesprekken']} conversations, {s['berichten']} messages "
        f"({s['berichten_per_seconde']}/s). Model `{rapport['model']}`.", "",
        f"- errors: {s['fouten'] or 'none'}",
        f"- lost messages: {rapport['verlies']['verloren']} "
        f"({rapport['verlies']['verzonden']} sent, {rapport['verlies']['opgeslagen']} stored)",
        f"- handovers: {rapport['overdrachten']}",
        f"- latency: p50 {s['latentie_ms']['p50']} ms, p95 {s['latentie_ms']['p95']} ms, "
        f"p99 {s['latentie_ms']['p99']} ms, max {s['latentie_ms']['max']} ms",
        f"- logs: {rapport['logs']}", "",
        "| process | first MB | last MB | peak MB | growth MB | trend MB/10 min |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for naam, g in s["geheugen"].items():
        regels.append(f"| {naam} | {g['begin_mb']} | {g['eind_mb']} | {g['piek_mb']} | "
                      f"{g['groei_mb']} | {g['trend_mb_per_10_min']} |")
    regels += ["", "| minute | messages | p50 ms | p95 ms | max ms | errors |",
               "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for m in s["per_minuut"]:
        regels.append(f"| {m['minuut']} | {m['berichten']} | {m['p50_ms']} | {m['p95_ms']} | "
                      f"{m['max_ms']} | {m['fouten']} |")
    return "\n".join(regels) + "\n"


# ---- main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minuten", type=float, default=30.0, help="duration of the load")
    parser.add_argument("--werkgevers", type=int, default=4, help="virtual employers (threads)")
    parser.add_argument("--denktijd", type=float, default=1.0,
                        help="average seconds between an answer and the next message")
    parser.add_argument("--meetinterval", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--opwarmen", type=float, default=60.0,
                        help="seconds of load before memory counts as 'first sample'")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--uit", type=Path, default=RESULTS)
    parser.add_argument("--bewaar", action="store_true", help="keep the stack's folder and logs")
    args = parser.parse_args(argv)
    if not 0 < args.minuten <= 24 * 60 or not 1 <= args.werkgevers <= 32:
        parser.error("--minuten between 0 and 1440, --werkgevers between 1 and 32")

    model = args.model or (Path(os.environ["WSP_MODEL"]) if os.environ.get("WSP_MODEL")
                           else model_path())
    if not model.exists():
        print(f"No trained model at {model}: run 'make train' first.", file=sys.stderr)
        return 1
    map_ = Path(tempfile.mkdtemp(prefix="wsp-soak-"))
    config = StackConfig(
        model=model, var_dir=map_, rasa_port=free_port(), action_port=free_port(),
        inbox_port=free_port(), web_port=free_port(), auth_token=uuid.uuid4().hex,
        with_web=False, extra_env={"WSP_INBOX_SECRET": uuid.uuid4().hex, **LAADTEST_ENV},
    )
    stack = Stack(config)
    print(f"Starting the stack in {map_} ...", flush=True)
    stack.start()
    res = Resultaten()
    stop = threading.Event()
    gestart = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        klaar = stack.wait_ready()
        print(f"Ready in {klaar:.0f} s. Load: {args.werkgevers} employers for {args.minuten:g} min.",
              flush=True)
        start = time.monotonic()
        einde = start + args.minuten * 60
        meter = threading.Thread(target=geheugen_meter, daemon=True,
                                 args=(stack, res, start, stop, args.meetinterval))
        meter.start()
        url = f"{config.rasa_url}/webhooks/rest/webhook"
        werkgevers = [Werkgever(i, url, res, start, einde, args.denktijd, args.seed + i)
                      for i in range(args.werkgevers)]
        for w in werkgevers:
            w.start()
            time.sleep(args.denktijd / args.werkgevers)  # spread the starts
        volgende = start + 60
        while any(w.is_alive() for w in werkgevers):
            time.sleep(1)
            stack.check_alive()
            if time.monotonic() >= volgende:
                volgende += 60
                sinds = time.monotonic() - start - 60
                with res.lock:
                    laatste = [m for m in res.metingen if m.moment >= sinds]
                lat = [m.latentie for m in laatste]
                print(f"  {int((time.monotonic() - start) // 60)} min: {len(res.metingen)} "
                      f"messages, p95 last minute {percentiel(lat, 95) * 1000:.0f} ms, "
                      f"errors {sum(1 for m in res.metingen if m.fout)}", flush=True)
        duur = time.monotonic() - start
        stop.set()
        meter.join(5)
        print("Load done; checking trackers, handovers and logs ...", flush=True)
        verzonden, opgeslagen, verschillen = verloren_berichten(stack, res.gesprekken)
        rapport = {
            "gestart": gestart, "minuten": args.minuten, "werkgevers": args.werkgevers,
            "denktijd_s": args.denktijd, "model": model.name,
            "opstarten_s": round(klaar, 1),
            "samenvatting": samenvatting(res, duur, args.opwarmen),
            "verlies": {"verzonden": verzonden, "opgeslagen": opgeslagen,
                        "verloren": max(0, verzonden - opgeslagen),
                        "gesprekken_met_verschil": verschillen[:50]},
            "overdrachten": overdrachten(stack, res.gesprekken, map_ / "mail"),
            "logs": log_fouten(stack),
            "geheugen_reeksen": {k: [(round(t, 1), round(m, 1)) for t, m in v]
                                 for k, v in res.geheugen.items()},
        }
    finally:
        stop.set()
        stack.stop()
        if not args.bewaar:
            shutil.rmtree(map_, ignore_errors=True)
    args.uit.mkdir(parents=True, exist_ok=True)
    (args.uit / "soak.json").write_text(json.dumps(rapport, indent=2, ensure_ascii=False))
    (args.uit / "soak.md").write_text(markdown(rapport))
    print()
    print(markdown(rapport))
    print(f"Written: {args.uit / 'soak.json'}, {args.uit / 'soak.md'}")
    s = rapport["samenvatting"]
    fout = bool(s["fouten"]) or rapport["verlies"]["verloren"] > 0
    return 1 if fout else 0


if __name__ == "__main__":
    raise SystemExit(main())
