"""The production nginx configuration (docker/nginx/default.conf) limits the chat per client
address: run with a real nginx (skipped when the ``nginx`` binary is missing) in front of a small
stand-in for Rasa, the configuration rewritten only where it names Docker's hosts and ports."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from wsp.devstack import free_port

pytestmark = pytest.mark.process  # starts the action server / nginx

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "docker" / "nginx" / "default.conf"


class Achterkant:
    """Answers every POST with an empty list of messages (like Rasa with nothing to say)."""

    def __init__(self) -> None:
        self.aantal = 0
        achterkant = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server hook)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                achterkant.aantal += 1
                body = b"[]"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.poort = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[tuple[int, Achterkant]]:
    binair = shutil.which("nginx") or (Path("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists()
                                        else None)
    if binair is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    rasa, inbox = Achterkant(), Achterkant()
    web, intern = free_port(), free_port()
    conf = CONF.read_text()
    conf = re.sub(r"^resolver .*$", "", conf, flags=re.M)
    conf = re.sub(r"server rasa:5005[^;]*;", f"server 127.0.0.1:{rasa.poort};", conf)
    conf = re.sub(r"server inbox:8090[^;]*;", f"server 127.0.0.1:{inbox.poort};", conf)
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{web};")
    conf = conf.replace("listen 8081;", f"listen 127.0.0.1:{intern};")
    conf = conf.replace("/etc/nginx/snippets/", f"{tmp_path}/snippets/")
    conf = conf.replace("/usr/share/nginx/html", str(tmp_path / "html"))
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "security-headers.conf").write_text("")
    shutil.copy(ROOT / "docker" / "nginx" / "proxy-inbox.conf",
                tmp_path / "snippets" / "proxy-inbox.conf")
    (tmp_path / "html").mkdir()
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events { worker_connections 64; }\nhttp {\n"
        f"  client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        f"  fastcgi_temp_path {tmp_path}/f; uwsgi_temp_path {tmp_path}/u; "
        f"scgi_temp_path {tmp_path}/s;\n"
        f"{conf}\n}}\n")
    test = subprocess.run([str(binair), "-t", "-p", str(tmp_path), "-c",
                           str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    proces = subprocess.Popen([str(binair), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                               "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{web}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield web, rasa
    finally:
        proces.terminate()
        proces.wait(10)
        rasa.server.shutdown()
        inbox.server.shutdown()


def stuur(poort: int) -> tuple[int, str, dict]:
    verzoek = urllib.request.Request(
        f"http://127.0.0.1:{poort}/webhooks/rest/webhook", method="POST",
        data=json.dumps({"sender": "x", "message": "hallo"}).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(verzoek, timeout=10) as antwoord:
            return antwoord.status, antwoord.read().decode(), dict(antwoord.headers)
    except urllib.error.HTTPError as fout:
        return fout.code, fout.read().decode(), dict(fout.headers)


def test_nginx_begrenst_chatberichten_per_adres_met_een_nederlands_antwoord(nginx) -> None:
    poort, rasa = nginx
    uitkomsten = [stuur(poort) for _ in range(40)]
    statussen = [s for s, _, _ in uitkomsten]
    assert statussen.count(200) >= 20, statussen  # the burst goes through ...
    assert statussen.count(429) >= 10, statussen  # ... a flood does not
    assert rasa.aantal == statussen.count(200)  # refused requests never reach Rasa
    status, body, koppen = next(u for u in uitkomsten if u[0] == 429)
    bericht = json.loads(body)
    assert isinstance(bericht, list) and "veel berichten" in bericht[0]["text"]
    assert koppen.get("Retry-After") == "60"
