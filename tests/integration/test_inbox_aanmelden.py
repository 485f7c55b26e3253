"""The inbox's sign-in through the real Flask app on a SQLite file: the redirect after sign-in
never leaves the inbox (issue: ``/aanmelden?volgende=/%09/evil.example`` answered
``302 //evil.example``), and failed sign-ins cause growing delays per account and per address
instead of a lockout."""

from __future__ import annotations

import time
import urllib.parse

import pytest

from tests.support.databases import database
from tests.support.inbox import ANNA, BERT, leeg_database, maak_accounts, schrijf_rooster
from wsp.inbox import create_app

AANVALLEN = [
    "/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "%09//evil.example",
    "//evil.example", "/%5Cevil.example", "%5C%5Cevil.example", "https://evil.example",
    "%20//evil.example", "/%00/evil.example", "//%09evil.example", "https:%2F%2Fevil.example",
    "/%C2%85/evil.example", "javascript:alert(1)",
]


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    with database("sqlite", tmp_path_factory.mktemp("aanmelden")) as url:
        yield url


@pytest.fixture
def app(database_url, tmp_path):
    leeg_database(database_url)
    maak_accounts(database_url)
    rooster = schrijf_rooster(tmp_path / "accountmanagers.yml")
    return create_app(database_url, {"SECRET_KEY": "test-geheim", "TESTING": True,
                                     "ROOSTER_PAD": str(rooster)})


def csrf(client) -> str:  # type: ignore[no-untyped-def]
    client.get("/aanmelden")
    with client.session_transaction() as s:
        return s.get("csrf", "")


def aanmelden(client, account, wachtwoord=None, query="", adres="127.0.0.1"):  # type: ignore[no-untyped-def]
    token = csrf(client)
    return client.post(f"/aanmelden{query}", data={
        "email": account.email, "wachtwoord": wachtwoord or account.wachtwoord,
        "csrf_token": token}, environ_base={"REMOTE_ADDR": adres})


def zelfde_site(location: str) -> bool:
    """How a browser resolves the Location against the inbox's own address."""
    schoon = "".join(c for c in location if c not in "\t\n\r").strip(
        "".join(map(chr, range(0x21)))).replace("\\", "/")
    basis = urllib.parse.urlsplit("https://inbox.example/aanmelden")
    doel = urllib.parse.urlsplit(urllib.parse.urljoin(basis.geturl(), schoon))
    return doel.netloc == basis.netloc and doel.scheme == basis.scheme


@pytest.mark.parametrize("volgende", AANVALLEN)
def test_geen_open_redirect_na_aanmelden(app, volgende: str) -> None:
    client = app.test_client()
    antwoord = aanmelden(client, ANNA, query=f"?volgende={volgende}")
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == "/", antwoord.headers["Location"]
    # already signed in: the sign-in page redirects straight away
    again = client.get(f"/aanmelden?volgende={volgende}")
    assert again.status_code == 302 and zelfde_site(again.headers["Location"])
    assert again.headers["Location"] == "/"


def test_link_uit_de_mail_werkt_nog(app) -> None:
    client = app.test_client()
    pad = "/overdrachten/abc123?tab=notities"
    eerst = client.get(pad)
    assert eerst.status_code == 302 and "volgende=" in eerst.headers["Location"]
    antwoord = aanmelden(client, ANNA, query=f"?volgende={urllib.parse.quote(pad)}")
    assert antwoord.headers["Location"] == pad


def test_verkeerde_wachtwoorden_geven_groeiende_vertraging_geen_blokkade(app) -> None:
    begrenzer = app.extensions["wsp_begrenzer"]
    nu = [time.monotonic()]
    begrenzer.klok = lambda: nu[0]
    client = app.test_client()
    retry = []
    for poging in range(9):
        antwoord = aanmelden(client, ANNA, "fout", adres=f"198.51.100.{poging}")
        assert antwoord.status_code == 200, poging
        wacht = aanmelden(client, ANNA, "fout", adres="198.51.100.250")
        if wacht.status_code == 429:
            tekst = wacht.get_data(as_text=True)
            assert "Wacht nog" in tekst and "opnieuw" in tekst
            retry.append(int(wacht.headers["Retry-After"]))
            nu[0] += retry[-1]
        else:  # no delay yet: that attempt counted as a failure too
            assert wacht.status_code == 200
    assert retry == sorted(retry) and retry[-1] > retry[0], retry  # growing
    assert max(retry) <= 60
    # one more wrong guess, then the right password during the delay: asked to wait, not checked
    assert aanmelden(client, ANNA, "fout", adres="198.51.100.99").status_code == 200
    vertraagd = aanmelden(client, ANNA, adres="192.0.2.44")
    assert vertraagd.status_code == 429
    # after the delay the right password works: no lockout
    nu[0] += int(vertraagd.headers["Retry-After"])
    assert aanmelden(client, ANNA, adres="192.0.2.44").status_code == 302
    assert aanmelden(app.test_client(), BERT, adres="192.0.2.45").status_code == 302


def test_password_spraying_vanaf_een_adres_wordt_vertraagd(app) -> None:
    begrenzer = app.extensions["wsp_begrenzer"]
    nu = [time.monotonic()]
    begrenzer.klok = lambda: nu[0]
    client = app.test_client()
    statussen = [aanmelden(client, type(ANNA)(f"m{i}@wsp-voorbeeld.nl", None, "x"), "Welkom2026!",
                           adres="203.0.113.9").status_code for i in range(14)]
    assert statussen[:10] == [200] * 10 and 429 in statussen[10:], statussen
    # another address is not affected
    assert aanmelden(app.test_client(), ANNA, adres="192.0.2.1").status_code == 302
