"""Who may reach what on the running stack: Rasa's HTTP API needs the token, the chat channel does
not; CORS only for the configured origin (the demo page); the inbox process sends its security
headers. (Inbox sign-in limit, CSRF, sessions: test_inbox.py. Compose network layout — only nginx
publishes ports, the backend network is internal, nginx never proxies the action server:
test_deployment_files.py.)"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.support.gesprek import post

pytestmark = pytest.mark.stack

EVIL = "http://evil.example"


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET"
        ) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


@pytest.mark.parametrize("pad", ["/conversations/iemand/tracker", "/status", "/domain"])
def test_rasa_api_vraagt_het_token(stack, pad: str) -> None:
    sender = stack.new_sender("api")
    stack.say(sender, "hallo")
    pad = pad.replace("iemand", sender)
    assert get(f"{stack.rasa_url}{pad}")[0] in (401, 403)
    assert get(f"{stack.rasa_url}{pad}?token=fout-{stack.token}")[0] in (401, 403)
    assert get(f"{stack.rasa_url}{pad}", {"Authorization": "Bearer fout"})[0] in (401, 403)
    assert get(f"{stack.rasa_url}{pad}?token={stack.token}")[0] == 200


def test_rasa_api_kan_zonder_token_niets_wijzigen(stack) -> None:
    sender = stack.new_sender("api-schrijf")
    url = stack.rasa_url
    for pad, body in ((f"/conversations/{sender}/tracker/events", {"event": "restart"}),
                      (f"/conversations/{sender}/trigger_intent", {"name": "request_human"}),
                      ("/model/parse", {"text": "hallo"})):
        status, _, _ = post(f"{url}{pad}", body)
        assert status in (401, 403), pad


def test_chatkanaal_werkt_zonder_token(stack) -> None:
    status, body, _ = post(f"{stack.rasa_url}/webhooks/rest/webhook",
                           {"sender": stack.new_sender("open"), "message": "hallo"})
    assert status == 200 and body and body[0]["text"], body


def test_cors_alleen_voor_de_eigen_site(stack) -> None:
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    _, kop = get(url, {"Origin": EVIL, **preflight}, method="OPTIONS")
    assert kop.get("access-control-allow-origin") not in (EVIL, "*"), kop
    _, _, kop = post(url, {"sender": stack.new_sender("cors"), "message": "hallo"},
                     headers={"Origin": EVIL})
    kop = {k.lower(): v for k, v in kop.items()}
    assert kop.get("access-control-allow-origin") not in (EVIL, "*"), kop

    _, kop = get(url, {"Origin": stack.web_url, **preflight}, method="OPTIONS")
    assert kop.get("access-control-allow-origin") == stack.web_url, kop
    _, _, kop = post(url, {"sender": stack.new_sender("cors"), "message": "hallo"},
                     headers={"Origin": stack.web_url})
    kop = {k.lower(): v for k, v in kop.items()}
    assert kop.get("access-control-allow-origin") == stack.web_url, kop


def test_inbox_proces_stuurt_beveiligingskoppen(stack) -> None:
    status, kop = get(f"{stack.inbox_url}/aanmelden")
    assert status == 200
    assert kop["content-security-policy"].startswith("default-src 'self'")
    assert kop["x-frame-options"] == "DENY" and kop["x-content-type-options"] == "nosniff"
    assert kop["cache-control"] == "no-store"
    assert get(f"{stack.inbox_url}/api/escalations")[0] == 401


def test_demopagina_heeft_een_csp(stack) -> None:
    status, kop = get(f"{stack.web_url}/")
    assert status == 200
    csp = kop["content-security-policy"]
    assert "script-src 'self'" in csp and stack.rasa_url in csp and "'unsafe-inline'" not in csp
