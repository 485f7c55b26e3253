"""Static checks of the production deployment in docker/ (no Docker engine needed).

``docker compose config`` validates compose.yml when the compose plugin is installed; the structure
is checked with PyYAML in any case: services, health checks, restart policies, only nginx publishes
ports, secrets only from the environment (and all of them in .env.example), two Rasa replicas.
Every Dockerfile has FROM, CMD, a HEALTHCHECK and a non-root USER, and copies only files that exist.
The action server image never contains ``rasa``: its requirements do not name it, and ``actions/``
and ``wsp/`` never import it (checked with ast, and by importing them in a fresh interpreter).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yml"
ENV_EXAMPLE = DOCKER / ".env.example"
DOCKERFILES = {
    "rasa": DOCKER / "Dockerfile.rasa",
    "actions": DOCKER / "Dockerfile.actions",
    "inbox": DOCKER / "Dockerfile.inbox",
    "nginx": DOCKER / "Dockerfile.nginx",
}
SERVICES = {"postgres", "redis", "rasa", "actions", "outbox", "inbox", "nginx"}
SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN")
VAR = re.compile(r"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


# ---- compose.yml ------------------------------------------------------------------------------

@pytest.mark.process
@pytest.mark.docker
def test_docker_compose_config_accepts_the_file() -> None:
    """Run where Docker's compose plugin is (``make test-docker``, the deployment machine); CI's
    machine has none, so ``make test`` leaves this one out (the structure is checked below)."""
    docker = shutil.which("docker")
    assert docker, "no docker CLI: run make test-docker on a machine with Docker"
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True)
    assert probe.returncode == 0, "docker compose plugin not installed"
    result = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE), "--env-file", str(ENV_EXAMPLE), "config", "-q"],
        capture_output=True, text=True, cwd=DOCKER, timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_compose_has_every_service_with_healthcheck_and_restart(compose) -> None:
    services = compose["services"]
    assert set(services) == SERVICES
    for name, service in services.items():
        check = service.get("healthcheck")
        assert check and check.get("test"), f"{name}: no healthcheck"
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert service.get("restart") in ("always", "unless-stopped"), f"{name}: no restart policy"
        assert service.get("logging"), f"{name}: no log rotation"


def test_only_nginx_publishes_ports(compose) -> None:
    services = compose["services"]
    published = {name for name, s in services.items() if s.get("ports")}
    assert published == {"nginx"}
    assert "ports" not in services["actions"]
    for port in services["nginx"]["ports"]:
        assert "5055" not in str(port) and "5005" not in str(port), port


def test_two_rasa_replicas_share_postgres_and_redis(compose) -> None:
    rasa = compose["services"]["rasa"]
    assert rasa["deploy"]["replicas"] == 2
    assert "container_name" not in rasa  # a fixed name would forbid replicas
    assert rasa["build"]["dockerfile"] == "docker/Dockerfile.rasa"
    env = environment(rasa)
    assert env["RASA_DB_HOST"] == "postgres" and env["REDIS_HOST"] == "redis"
    assert env["ACTION_SERVER_URL"] == "http://actions:5055/webhook"
    for dependency in ("postgres", "redis", "actions"):
        assert rasa["depends_on"][dependency]["condition"] == "service_healthy"
    assert compose["services"]["nginx"]["depends_on"]["rasa"]["condition"] == "service_healthy"


def test_outbox_runs_the_worker_with_smtp_settings_from_the_environment(compose) -> None:
    outbox = compose["services"]["outbox"]
    assert outbox["command"][:3] == ["python", "-m", "wsp.overdracht.outbox"]
    assert outbox["build"]["dockerfile"] == "docker/Dockerfile.actions"
    env = environment(outbox)
    for key in ("WSP_SMTP_HOST", "WSP_SMTP_PORT", "WSP_SMTP_USER", "WSP_SMTP_PASSWORD",
                "WSP_SMTP_STARTTLS"):
        assert VAR.fullmatch(env[key]), f"{key} must come from the environment: {env[key]}"
    assert "egress" in outbox["networks"]


def test_backend_network_is_internal(compose) -> None:
    assert compose["networks"]["backend"]["internal"] is True
    for name in ("postgres", "redis", "rasa", "actions", "inbox"):
        assert compose["services"][name]["networks"] == ["backend"], name


def test_secrets_only_from_the_environment(compose) -> None:
    for name, service in compose["services"].items():
        for key, value in environment(service).items():
            if any(word in key for word in SECRET_WORDS):
                assert VAR.fullmatch(value), f"{name}.{key} must be ${{...}}, not a literal"
            if "://" in value and "@" in value:  # credentials inside a URL
                userinfo = value.split("://", 1)[1].split("@", 1)[0]
                assert ":" not in userinfo or VAR.search(userinfo), f"{name}.{key}: {value}"
        command = [str(item) for item in service.get("command") or []]
        for flag, value in zip(command, command[1:], strict=False):
            if flag.startswith("--") and "pass" in flag.lower():
                assert VAR.fullmatch(value), f"{name}: literal secret after {flag}"
    text = COMPOSE.read_text()
    assert "change-me" not in text
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", text))
    assert {"POSTGRES_PASSWORD", "RASA_DB_PASSWORD", "WSP_DB_PASSWORD", "REDIS_PASSWORD",
            "RASA_AUTH_TOKEN", "WSP_INBOX_SECRET"} <= required


def test_env_example_names_every_variable_compose_uses() -> None:
    used = set(VAR.findall(COMPOSE.read_text()))
    documented = set(env_example())
    assert used <= documented, f"missing in .env.example: {sorted(used - documented)}"
    assert (DOCKER / ".gitignore").read_text().split().count(".env") == 1


def test_redis_password_is_not_pasted_into_the_healthcheck(compose) -> None:
    check = " ".join(compose["services"]["redis"]["healthcheck"]["test"])
    assert "$$REDIS_PASSWORD" in check or "$REDIS_PASSWORD" in check


# ---- endpoints.yml ----------------------------------------------------------------------------

def test_production_endpoints_use_postgres_redacting_store_and_redis_locks(compose) -> None:
    endpoints = yaml.safe_load((DOCKER / "endpoints.yml").read_text())
    tracker = endpoints["tracker_store"]
    assert tracker["type"] == "assistant.addons.tracker_store.RedactingSQLTrackerStore"
    assert tracker["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"
    # every other value comes from the environment, and compose provides each variable to Rasa
    variables = set()

    def check(key: str, value: Any) -> None:
        if isinstance(value, dict):  # action_endpoint.headers
            for sub_key, sub_value in value.items():
                check(f"{key}.{sub_key}", sub_value)
            return
        match = VAR.fullmatch(str(value))
        assert match, f"{key}: {value!r} is not an environment variable"
        variables.add(match.group(1))

    for block in endpoints.values():
        for key, value in block.items():
            if key not in ("type", "dialect", "enable_selective_domain"):
                check(key, value)
    assert variables <= set(environment(compose["services"]["rasa"]))
    # the domain goes only to the form validators (tests/unit/actions/test_domein_selectief.py)
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True


def test_only_rasa_can_call_the_action_server(compose) -> None:
    """Rasa sends the shared secret (endpoints.yml), the action server needs it (compose) and runs
    actions.server, which refuses requests without it; the API token is not on a command line."""
    endpoints = yaml.safe_load((DOCKER / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["headers"] == {"X-WSP-Actie-Geheim": "${WSP_ACTIE_GEHEIM}"}
    for service in ("rasa", "actions"):
        value = environment(compose["services"][service])["WSP_ACTIE_GEHEIM"]
        assert value.startswith("${WSP_ACTIE_GEHEIM:?"), (service, value)
    assert "WSP_ACTIE_GEHEIM" not in environment(compose["services"]["inbox"])
    actions_cmd = dict(instructions(DOCKERFILES["actions"]))["CMD"]
    assert '"actions.server"' in actions_cmd and '"rasa_sdk"' not in actions_cmd
    rasa_cmd = dict(instructions(DOCKERFILES["rasa"]))["CMD"]
    assert "assistant.addons.rasa_start" in rasa_cmd and "--auth-token" not in rasa_cmd
    assert "WSP_ACTIE_GEHEIM" in env_example()


def test_nginx_limits_the_chat_per_client_address() -> None:
    conf = (DOCKER / "nginx" / "default.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    assert re.search(r"limit_req_zone \$binary_remote_addr zone=chat:\d+m rate=\d+r/m;", code)
    webhooks = re.search(r"location /webhooks/ \{([^}]*)\}", code).group(1)
    assert "limit_req zone=chat" in webhooks and "limit_conn" in webhooks
    assert "limit_req_status 429;" in code


def test_endpoint_variables_are_plain_yaml_scalars() -> None:
    """Rasa expands ${VAR} in plain scalars only: "${VAR}" in quotes would stay literal."""
    for number, line in enumerate((DOCKER / "endpoints.yml").read_text().splitlines(), 1):
        code = line.split("#", 1)[0]
        assert not re.search(r"""["']\$\{""", code), f"endpoints.yml:{number}: {line}"


# ---- Dockerfiles ------------------------------------------------------------------------------

def instructions(path: Path) -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", path.read_text())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_dockerfile_basics(name: str) -> None:
    steps = instructions(DOCKERFILES[name])
    words = [w for w, _ in steps]
    assert words[0] in ("FROM", "ARG"), name
    assert "FROM" in words and "CMD" in words and "HEALTHCHECK" in words, name
    users = [arg for w, arg in steps if w == "USER"]
    assert users, f"{name}: no USER"
    assert users[-1] not in ("root", "0", "0:0"), f"{name}: runs as root"
    last_from = max(i for i, w in enumerate(words) if w == "FROM")
    assert any(w == "USER" for w in words[last_from:]), f"{name}: final stage has no USER"
    # every file copied from the build context exists (except the model build argument)
    for word, arg in steps:
        if word == "COPY" and not arg.startswith("--from"):
            for source in arg.split()[:-1]:
                if not source.startswith("$"):
                    assert (ROOT / source).exists(), f"{name}: COPY {source} does not exist"


def test_compose_builds_exactly_these_dockerfiles(compose) -> None:
    built = {s["build"]["dockerfile"] for s in compose["services"].values() if "build" in s}
    assert built == {f"docker/{p.name}" for p in DOCKERFILES.values()}


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def test_action_server_requirements_have_no_rasa() -> None:
    names = requirement_names(DOCKER / "requirements-actions.txt")
    assert "rasa-sdk" in names
    assert not any(n == "rasa" or (n.startswith("rasa") and n != "rasa-sdk") for n in names)
    assert "flask" not in names and "gunicorn" not in names
    assert "requirements-actions.txt" in DOCKERFILES["actions"].read_text()
    assert "gunicorn" in requirement_names(DOCKER / "requirements-inbox.txt")
    assert "rasa" in requirement_names(DOCKER / "requirements-rasa.txt")


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Top-level module names each file imports (at any depth, also inside functions)."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(str(node.args[0].value).split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_actions_and_wsp_never_import_rasa() -> None:
    for folder in ("actions", "wsp"):
        for path, names in imported_modules(ROOT / folder).items():
            assert "rasa" not in names, f"{path} imports rasa"
    for path, names in imported_modules(ROOT / "wsp").items():
        assert "rasa_sdk" not in names, f"{path} imports rasa_sdk (only actions/ may)"


@pytest.mark.process
def test_action_server_and_outbox_load_without_rasa_or_flask() -> None:
    """What the actions image runs, imported in a fresh interpreter: no rasa, no Flask."""
    code = (
        "import importlib, pkgutil, sys, actions\n"
        "for m in pkgutil.iter_modules(actions.__path__):\n"
        "    importlib.import_module('actions.' + m.name)\n"
        "import wsp.overdracht.outbox, wsp.overdracht.service, wsp.db\n"
        "bad = sorted({k.split('.')[0] for k in sys.modules} & {'rasa', 'flask', 'werkzeug',"
        " 'tensorflow', 'spacy'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "", f"the action server would need: {result.stdout}"


# ---- nginx ------------------------------------------------------------------------------------

def test_nginx_proxies_webhooks_to_rasa_replicas_and_never_the_action_server() -> None:
    conf = (DOCKER / "nginx" / "default.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    assert code.count("{") == code.count("}")
    assert re.search(r"upstream rasa \{[^}]*server rasa:5005", code)
    webhooks = re.search(r"location /webhooks/ \{([^}]*)\}", code)
    assert webhooks and "proxy_pass http://rasa;" in webhooks.group(1)
    assert "non_idempotent" not in code  # a POST that reached a replica is never sent twice
    assert "actions" not in code and "5055" not in code
    assert "/conversations" not in code and "location /model" not in code
    assert "server inbox:8090" in code and "listen 8081;" in code
    assert "$request " not in code and "$args" not in code  # no query strings in access logs


def test_site_build_points_the_widget_at_the_public_address(tmp_path: Path) -> None:
    sys.path.insert(0, str(DOCKER / "nginx"))
    try:
        import build_site
    finally:
        sys.path.remove(str(DOCKER / "nginx"))
    out, headers = tmp_path / "html", tmp_path / "headers.conf"
    hashes = build_site.build("https://chat.example.nl", out, headers)
    index = (out / "index.html").read_text()
    assert 'rasaUrl: "https://chat.example.nl"' in index
    assert not (out / "node_modules").exists() and not (out / "serve.py").exists()
    assert (out / "widget" / "wsp-chat.js").exists()
    conf = headers.read_text()
    assert hashes and all(h in conf for h in hashes)
    assert "connect-src 'self' https://chat.example.nl" in conf
    with pytest.raises(ValueError):
        build_site.build("javascript:alert(1)", tmp_path / "x", tmp_path / "y.conf")


# ---- logs without personal data ---------------------------------------------------------------

PERSONAL = {"naam", "email", "telefoon", "kvk", "tekst", "text", "vraag", "inhoud", "ontvanger",
            "organisatie", "transcript", "bericht_tekst", "message", "wachtwoord", "contact"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}


def test_our_log_lines_carry_no_personal_data() -> None:
    """Arguments of log calls in wsp/ and actions/ never name personal fields."""
    problems = []
    for folder in ("wsp", "actions"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in LOG_METHODS):
                    continue
                owner = ast.unparse(node.func.value)
                if not re.search(r"(^|\.)(log|logger|_log|_logger)$", owner):
                    continue
                for arg in node.args[1:] + [k.value for k in node.keywords]:
                    for sub in ast.walk(arg):
                        name = sub.attr if isinstance(sub, ast.Attribute) else getattr(sub, "id", None)
                        if name and name.lower() in PERSONAL:
                            problems.append(f"{path.relative_to(ROOT)}:{node.lineno} logs {name}")
    assert not problems, "\n".join(problems)
