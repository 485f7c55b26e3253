"""Start the whole assistant locally: action server, Rasa server, outbox worker, inbox, demo page.

Used by ``make run`` (``python -m wsp.devstack``) and by the integration tests, so tests run the
system exactly the way a developer does. Embedded defaults: SQLite files under ``var/``, two Rasa
worker processes sharing a SQLite lock store (``rasa_workers``, ``WSP_RASA_WORKERS``; with one, the
in-memory lock store), mail written to ``var/mail`` unless ``WSP_SMTP_HOST`` is set.

Locked down like production: every process listens on ``host`` (127.0.0.1); the action server
only answers Rasa (shared secret ``WSP_ACTIE_GEHEIM``, sent by Rasa as the header the endpoints
file names); the Rasa API token and that secret are random for every run and reach the processes
through their environment, never their command line (``ps`` shows no secret); ``var/`` is made
owner-only (0700) and every process creates its files with umask 077.

Production-like variants (used by the scale-out test and ``scripts/bench.py``): ``endpoints`` runs
Rasa with a given endpoints file (``docker/endpoints.yml``: PostgreSQL tracker store, Redis lock
store), ``tracker_store`` and ``lock_store`` replace the generated file's blocks, and
``extra_rasa_ports`` starts more Rasa replicas that share them.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


ACTIE_HEADER = "X-WSP-Actie-Geheim"  # actions.server.HEADER (wsp does not import rasa_sdk)


def maak_prive(folder: Path) -> None:
    """Create ``folder`` owner-only (0700) and take group and other access away from what is
    already in it (databases, mails, logs, the inbox secret of earlier runs)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    for pad in folder.rglob("*"):
        try:
            modus = stat.S_IMODE(pad.lstat().st_mode)
            if not pad.is_symlink() and modus & 0o077:
                pad.chmod(modus & 0o700)
        except OSError:
            continue  # removed meanwhile


def procesboom(pid: int) -> list[int]:
    """``pid`` and every process below it (Rasa's Sanic workers are children of the server
    process), from ``/proc``; processes that ended meanwhile are left out."""
    kinderen: dict[int, list[int]] = {}
    for bestand in Path("/proc").glob("[0-9]*/stat"):
        try:
            ouder = int(bestand.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kinderen.setdefault(ouder, []).append(int(bestand.parent.name))
    uit, todo = [], [pid]
    while todo:
        huidig = todo.pop()
        uit.append(huidig)
        todo.extend(kinderen.get(huidig, ()))
    return uit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False


def post_json(url: str, payload: object, timeout: float = 60.0, token: str | None = None) -> object:
    data = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


# For runs that play many employers from this one machine (benchmark, soak, scale-out test): the
# chat's per-address and per-conversation rate limits do not apply to the loopback address.
LAADTEST_ENV = {"WSP_CHAT_VRIJE_ADRESSEN": "127.0.0.1,::1"}


def production_endpoints_env(
    postgres_url: str, tracker_db: str, redis_url: str, key_prefix: str, action_port: int
) -> dict[str, str]:
    """Environment that fills the ``${VAR}``s of docker/endpoints.yml (PostgreSQL tracker store,
    Redis lock store) for processes started here, as the scale-out test and the benchmark do."""
    import urllib.parse  # noqa: PLC0415

    pg = urllib.parse.urlsplit(postgres_url)
    rd = urllib.parse.urlsplit(redis_url)
    return {
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "RASA_DB_HOST": pg.hostname or "127.0.0.1",
        "RASA_DB_PORT": str(pg.port or 5432),
        "RASA_DB_NAME": tracker_db,
        "RASA_DB_USER": pg.username or "postgres",
        "RASA_DB_PASSWORD": pg.password or "",
        "REDIS_HOST": rd.hostname or "127.0.0.1",
        "REDIS_PORT": str(rd.port or 6379),
        "REDIS_PASSWORD": rd.password or "",
        "REDIS_DB": (rd.path or "/1").strip("/") or "1",
        "REDIS_KEY_PREFIX": key_prefix,
    }


@dataclass
class StackConfig:
    model: Path
    var_dir: Path = ROOT / "var"
    rasa_port: int = 5005
    action_port: int = 5055
    inbox_port: int = 8090
    web_port: int = 8080
    host: str = "127.0.0.1"
    # random for every run; passed to the processes through their environment
    auth_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    actie_geheim: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    database_url: str | None = None
    tracker_db: Path | None = None
    extra_env: Mapping[str, str] = field(default_factory=dict)
    with_inbox: bool = True
    with_web: bool = True
    with_outbox: bool = True
    log_dir: Path | None = None
    with_actions: bool = True
    # an endpoints file to use as it is instead of the generated one (e.g. docker/endpoints.yml;
    # Rasa fills its ${VAR}s from the stack's environment, so put them in extra_env)
    endpoints: Path | None = None
    # `tracker_store:` / `lock_store:` blocks of the generated endpoints file; None = embedded
    # defaults (redacting SQL tracker store on SQLite, in-memory lock store).
    tracker_store: Mapping[str, Any] | None = None
    lock_store: Mapping[str, Any] | None = None
    # more Rasa replicas ("rasa-2", "rasa-3", ...); they need a shared tracker and lock store
    extra_rasa_ports: Sequence[int] = ()
    # worker processes per Rasa server (Sanic workers, one core each): one Rasa process spends
    # most of a message on one core (Python's GIL), so a second worker lets it use the second core.
    # More than one needs a lock store the workers share; the embedded default is then the SQLite
    # lock store (assistant.addons.lock_store), and the chat's rate limits are shared too.
    rasa_workers: int = field(default_factory=lambda: int(os.environ.get("WSP_RASA_WORKERS", "2")))

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        """Every Rasa replica, the first one (``rasa_url``) first."""
        return [f"http://{self.host}:{p}" for p in (self.rasa_port, *self.extra_rasa_ports)]

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    @property
    def inbox_url(self) -> str:
        return f"http://{self.host}:{self.inbox_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"


class Stack:
    """The running processes of one local assistant."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.ready_after: dict[str, float] = {}  # seconds from wait_ready() to each health check
        self.first_answer: dict[str, float] = {}  # seconds the warm-up message took, per Rasa URL
        self._logs: dict[str, object] = {}
        maak_prive(config.var_dir)
        self.log_dir = config.log_dir or (config.var_dir / "logs")
        self.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)

    # -- configuration -------------------------------------------------------------------
    @property
    def database_url(self) -> str:
        return self.config.database_url or f"sqlite:///{self.config.var_dir / 'wsp.sqlite'}"

    def env(self) -> dict[str, str]:
        c = self.config
        env = dict(os.environ)
        env.update(
            {
                "WSP_DATABASE_URL": self.database_url,
                "WSP_INBOX_URL": c.inbox_url,
                "WSP_INBOX_PORT": str(c.inbox_port),
                "WSP_WEB_PORT": str(c.web_port),
                "WSP_RASA_URL": c.rasa_url,
                "WSP_MAIL_SPOOL": env.get("WSP_MAIL_SPOOL", str(c.var_dir / "mail")),
                # handovers waiting on disk while the database is away (wsp.overdracht.wachtrij)
                "WSP_WACHTRIJ_MAP": str(c.var_dir / "wachtrij"),
                # the action server only answers requests that carry this (wsp: actions.server)
                "WSP_ACTIE_GEHEIM": c.actie_geheim,
                # Rasa's API token, read by assistant.addons.rasa_start (not on the command line)
                "RASA_AUTH_TOKEN": c.auth_token,
                "PYTHONUNBUFFERED": "1",
                "TF_CPP_MIN_LOG_LEVEL": "3",
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            }
        )
        # no telemetry or crash reports to the internet from local and test runs
        env.setdefault("RASA_TELEMETRY_ENABLED", "false")
        env["SANIC_WORKERS"] = str(max(1, c.rasa_workers))
        if c.rasa_workers > 1:
            env["WSP_CHAT_LIMIETEN_DB"] = str(c.var_dir / "chat-limieten.sqlite")
            # a new connection per request: a kept-alive connection pins its client to one worker,
            # a new one goes to the worker that is free first (docs/performance.md)
            env["SANIC_KEEP_ALIVE"] = "false"
        env.update(c.extra_env)
        return env

    def endpoints_file(self) -> Path:
        c = self.config
        tracker_db = c.tracker_db or (c.var_dir / "tracker.sqlite")
        endpoints = {
            # Rasa fills ${WSP_ACTIE_GEHEIM} from its environment: the secret is not in the file
            # the domain only to the actions that use it (the form validators, validate_*)
            "action_endpoint": {"url": f"{c.action_url}/webhook", "enable_selective_domain": True,
                                "headers": {ACTIE_HEADER: "${WSP_ACTIE_GEHEIM}"}},
            "tracker_store": dict(
                c.tracker_store
                or {
                    "type": "assistant.addons.tracker_store.RedactingSQLTrackerStore",
                    "dialect": "sqlite",
                    "db": str(tracker_db),
                }
            ),
            "lock_store": dict(c.lock_store or (
                {"type": "assistant.addons.lock_store.SQLiteLockStore", "db": str(c.var_dir / "locks.sqlite")}
                if c.rasa_workers > 1 else {"type": "in_memory"})),
        }
        text = "# Generated by wsp.devstack for this run.\n" + yaml.safe_dump(
            endpoints, sort_keys=False
        )
        path = c.var_dir / "endpoints.generated.yml"
        path.write_text(text)
        path.chmod(0o600)
        return path

    # -- processes -----------------------------------------------------------------------
    def _spawn(self, name: str, cmd: list[str]) -> None:
        pad = self.log_dir / f"{name}.log"
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(pad, 0o600)  # also when an earlier run left it readable
        log = os.fdopen(fd, "ab")  # closed in stop()
        self._logs[name] = log
        self.processes[name] = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, umask=0o077,
        )

    def start_actions(self) -> None:
        c = self.config
        self._spawn(
            "actions",
            [PY, "-m", "actions.server", "--actions", "actions", "--host", c.host,
             "--port", str(c.action_port)],
        )

    def start_outbox(self) -> None:
        self._spawn("outbox", [PY, "-m", "wsp.overdracht.outbox", "--interval", "2"])

    def start_rasa(self, port: int | None = None, name: str = "rasa") -> None:
        """Start a Rasa server (by default the first replica, on ``rasa_port``)."""
        c = self.config
        cmd = [
            PY, "-m", "assistant.addons.rasa_start", "run",  # token from RASA_AUTH_TOKEN
            "--model", str(c.model),
            "--endpoints", str(c.endpoints or self.endpoints_file()),
            "--credentials", str(ROOT / "assistant" / "credentials.yml"),
            "--interface", c.host,
            "--port", str(port or c.rasa_port),
            "--enable-api",
            "--cors", c.web_url,
        ]
        self._spawn(name, cmd)

    def start(self) -> Stack:
        c = self.config
        if c.with_actions:
            self.start_actions()
        self.start_rasa()
        for number, port in enumerate(c.extra_rasa_ports, start=2):
            self.start_rasa(port, f"rasa-{number}")
        if c.with_outbox:
            self.start_outbox()
        if c.with_inbox:
            self._spawn("inbox", [PY, "-m", "wsp.inbox"])
        if c.with_web:
            self._spawn("web", [PY, str(ROOT / "web" / "serve.py")])
        return self

    def schrijf_geheimen(self) -> Path:
        """This run's Rasa API token, for a developer who wants to call the API, in an owner-only
        file (0600 in a 0700 folder) instead of on a command line or the screen."""
        pad = self.config.var_dir / "rasa-api-token.txt"
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("Secrets of the running `make run` (new on every start; valid until Ctrl-C).\n"
                    f"RASA_AUTH_TOKEN={self.config.auth_token}\n"
                    f"  curl -s '{self.config.rasa_url}/conversations/<sender>/tracker"
                    "?token=$RASA_AUTH_TOKEN'\n")
        pad.chmod(0o600)
        return pad

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                tail = (self.log_dir / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{name} stopped (exit {process.returncode}):\n{tail}")

    def wait_ready(self, timeout: float | None = None) -> float:
        """Wait until every process answers, then warm the model up. Returns seconds taken.
        ``timeout`` defaults to ``WSP_STACK_TIMEOUT`` (240 s): a busy machine loads Rasa slowly."""
        if timeout is None:
            timeout = float(os.environ.get("WSP_STACK_TIMEOUT") or 240)
        c = self.config
        start = time.monotonic()
        checks = {f"rasa-{n}" if n > 1 else "rasa": f"{url}/" for n, url in
                  enumerate(c.rasa_urls, start=1)}
        if c.with_actions:
            checks["actions"] = f"{c.action_url}/health"
        if c.with_inbox:
            checks["inbox"] = f"{c.inbox_url}/gezondheid"
        if c.with_web:
            checks["web"] = f"{c.web_url}/"
        pending = dict(checks)
        while pending:
            self.check_alive()
            for name, url in list(pending.items()):
                if _http_ok(url):
                    pending.pop(name)
                    self.ready_after[name] = time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"not ready after {timeout:.0f}s: {', '.join(pending)}")
            time.sleep(0.5)
        self.warm_up()
        return time.monotonic() - start

    def warm_up(self) -> None:
        """The first message is slow (graphs are built lazily): send one to every replica."""
        for url in self.config.rasa_urls:
            start = time.monotonic()
            post_json(
                f"{url}/webhooks/rest/webhook",
                {"sender": "__opwarmen__", "message": "hallo"},
                timeout=120,
            )
            self.first_answer[url] = time.monotonic() - start

    def stop(self, timeout: float = 15.0) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in self._logs.values():
            log.close()  # type: ignore[attr-defined]
        self.processes.clear()


def main() -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from train import model_path  # noqa: PLC0415

    model = Path(os.environ["WSP_MODEL"]) if os.environ.get("WSP_MODEL") else model_path()
    if not model.exists():
        print("Er is nog geen getraind model. Start via 'make run'.", file=sys.stderr)
        return 1
    stack = Stack(StackConfig(model=model))
    stopping = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print("Starting action server, Rasa server, outbox worker, inbox and demo page...", flush=True)
    stack.start()
    token_pad = stack.schrijf_geheimen()
    try:
        seconds = stack.wait_ready()
    except (RuntimeError, TimeoutError) as error:
        print(f"Start failed: {error}", file=sys.stderr)
        stack.stop()
        return 1
    c = stack.config
    print(
        f"\nReady in {seconds:.0f} s (model warmed up). Logs: {stack.log_dir.relative_to(ROOT)}/\n"
        f"  Chat on the demo page : {c.web_url}/\n"
        f"  REST channel          : POST {c.rasa_url}/webhooks/rest/webhook\n"
        f"                          curl -s {c.rasa_url}/webhooks/rest/webhook -d "
        "'{\"sender\": \"ik\", \"message\": \"Wat is de no-riskpolis?\"}'\n"
        f"  Accountmanager inbox  : {c.inbox_url}/  (sample accounts: see README)\n"
        f"  Action server         : {c.action_url}/health  (only Rasa may call it)\n"
        f"  Rasa API token        : new for this run, in {token_pad.relative_to(ROOT)} (0600)\n"
        f"  Mail (no SMTP set)    : {Path(stack.env()['WSP_MAIL_SPOOL'])}\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )
    try:
        while not stopping:
            stack.check_alive()
            time.sleep(1)
    except RuntimeError as error:
        print(f"\n{error}", file=sys.stderr)
        stack.stop()
        return 1
    print("\nStopping...", flush=True)
    stack.stop()
    print("Stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
