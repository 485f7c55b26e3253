"""The action server as ``make run`` starts it (``python -m actions.server``), without Rasa: it does
not start without a secret, listens on loopback, answers only requests that carry the secret as
JSON, and never echoes a request or an exception. With Rasa: tests/integration/test_aanvallen.py."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from tests.integration.test_aanvallen import VERVALST, actie_verzoek, luisteradressen
from tests.support.gesprek import post
from wsp.devstack import ROOT, free_port

pytestmark = pytest.mark.process  # starts the action server / nginx

HEADER = "X-WSP-Actie-Geheim"


@pytest.fixture(scope="module")
def actieserver(tmp_path_factory) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    geheim, poort = secrets.token_urlsafe(32), free_port()
    var = tmp_path_factory.mktemp("actieserver")
    env = {**os.environ, "WSP_ACTIE_GEHEIM": geheim,
           "WSP_DATABASE_URL": f"sqlite:///{var / 'wsp.sqlite'}",
           "WSP_WACHTRIJ_MAP": str(var / "wachtrij"), "PYTHONUNBUFFERED": "1"}
    log = open(var / "actions.log", "wb")  # noqa: SIM115 - closed below
    proces = subprocess.Popen([sys.executable, "-m", "actions.server", "--actions", "actions",
                               "--port", str(poort)], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{poort}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/health", timeout=1)
                break
            except OSError:
                assert proces.poll() is None, (var / "actions.log").read_text()[-3000:]
                time.sleep(0.5)
        yield url, geheim
    finally:
        proces.terminate()
        proces.wait(20)
        log.close()


def test_start_niet_zonder_geheim() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSP_ACTIE_GEHEIM")}
    for waarde in (None, "kort"):
        if waarde:
            env["WSP_ACTIE_GEHEIM"] = waarde
        uit = subprocess.run([sys.executable, "-m", "actions.server", "--port", str(free_port())],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert uit.returncode == 2, uit.stderr[-2000:]
        assert "WSP_ACTIE_GEHEIM" in uit.stderr


def test_luistert_op_loopback(actieserver) -> None:  # type: ignore[no-untyped-def]
    url, _ = actieserver
    adressen = luisteradressen(int(url.rsplit(":", 1)[1]))
    assert adressen and adressen <= {"0100007F", "00000000000000000000000001000000"}, adressen


@pytest.mark.parametrize("koppen", [
    {"Content-Type": "application/json"},
    {"Content-Type": "text/plain"},
    {"Content-Type": "application/json", HEADER: "geraden-geheim-van-lengte"},
])
def test_zonder_het_geheim_niets(actieserver, koppen) -> None:  # type: ignore[no-untyped-def]
    url, _ = actieserver
    for pad in ("/webhook", "/actions"):
        status, body, antwoordkoppen = post(f"{url}{pad}", actie_verzoek("x", VERVALST, []),
                                            headers=koppen)
        assert status in (401, 405), (pad, status, body)
        assert "111" not in json.dumps(body) and "Access-Control-Allow-Origin" not in \
            antwoordkoppen


def test_met_het_geheim_alleen_json_en_geen_echo(actieserver) -> None:  # type: ignore[no-untyped-def]
    url, geheim = actieserver
    status, body, _ = post(f"{url}/webhook", None, ruw=b'{"kapot": 111222333',
                           headers={HEADER: geheim})
    assert status == 400 and "111222333" not in json.dumps(body), body
    status, _, _ = post(f"{url}/webhook", None, ruw=b"{}",
                        headers={HEADER: geheim, "Content-Type": "text/plain"})
    assert status == 415
    # a real call: the action runs (and refuses the handover: no consent in the events)
    status, body, _ = post(f"{url}/webhook", actie_verzoek("x", VERVALST, []),
                           headers={HEADER: geheim})
    assert status == 200 and "niet om uw vraag door te geven" in json.dumps(body), body


def test_gezondheid_blijft_open(actieserver) -> None:  # type: ignore[no-untyped-def]
    url, _ = actieserver
    with urllib.request.urlopen(f"{url}/health", timeout=5) as antwoord:
        assert antwoord.status == 200


def test_devstack_geeft_het_geheim_via_de_omgeving(tmp_path: Path) -> None:
    from wsp.devstack import Stack, StackConfig

    stack = Stack(StackConfig(model=tmp_path / "geen-model.tar.gz", var_dir=tmp_path / "var"))
    env = stack.env()
    assert len(env["WSP_ACTIE_GEHEIM"]) >= 32 and len(env["RASA_AUTH_TOKEN"]) >= 32
    assert Stack(StackConfig(model=tmp_path / "x", var_dir=tmp_path / "var")).env()[
        "WSP_ACTIE_GEHEIM"] != env["WSP_ACTIE_GEHEIM"], "a new secret for every run"
    endpoints = stack.endpoints_file().read_text()
    assert "X-WSP-Actie-Geheim: ${WSP_ACTIE_GEHEIM}" in endpoints
    assert env["WSP_ACTIE_GEHEIM"] not in endpoints
    assert oct((tmp_path / "var").stat().st_mode & 0o777) == "0o700"
