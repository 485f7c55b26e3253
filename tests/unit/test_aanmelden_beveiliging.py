"""Inbox sign-in protections without a server: the redirect after sign-in stays on this site
(``veilige_volgende``) and failed sign-ins cause growing delays per account and per address, never
a lockout (``Aanmeldbegrenzer``). Through the real app: tests/integration/test_inbox_aanmelden.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wsp.inbox.beveiliging import Aanmeldbegrenzer, veilige_volgende

# What a browser does with a Location value before it resolves it (WHATWG URL parser): tabs and
# newlines are removed everywhere, C0 controls and spaces around it are stripped, and "\" counts
# as "/" in http(s) URLs. The result must stay a path on this site.
CONTROLE = "".join(map(chr, range(0x21)))


def zoals_een_browser(doel: str) -> str:
    return doel.replace("\t", "").replace("\n", "").replace("\r", "").strip(CONTROLE).replace(
        "\\", "/")


@pytest.mark.parametrize("doel", [
    "/\t/evil.example", "/%09/evil.example".replace("%09", "\t"), "\t//evil.example",
    "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "\x00//evil.example",
    "/\\evil.example", "\\\\evil.example", "//evil.example", "https://evil.example/",
    "http:evil.example", "javascript:alert(1)", "/\x0b/evil.example", "\x1f/\t/evil.example",
    "https:/\t/evil.example", "//\tevil.example", "///evil.example", "/\u0085/evil.example",
    "", None, "evil.example", "overdrachten/abc", "/" + "a" * 3000,
])
def test_geen_redirect_naar_een_andere_site(doel: str | None) -> None:
    assert veilige_volgende(doel) is None


@pytest.mark.parametrize(("doel", "verwacht"), [
    ("/overdrachten/abc", "/overdrachten/abc"),
    ("/?status=open&pagina=2", "/?status=open&pagina=2"),
    ("/overdrachten/abc\t", "/overdrachten/abc"),
    ("/inzichten#grafiek", "/inzichten#grafiek"),
])
def test_paden_binnen_de_inbox_blijven_werken(doel: str, verwacht: str) -> None:
    assert veilige_volgende(doel) == verwacht


@given(st.text(max_size=60))
def test_wat_overblijft_is_altijd_een_pad_op_deze_site(doel: str) -> None:
    veilig = veilige_volgende(doel)
    if veilig is None:
        return
    gelezen = zoals_een_browser(veilig)
    assert gelezen.startswith("/") and not gelezen.startswith("//"), repr(veilig)


# ---- growing delays ----------------------------------------------------------------------------

def begrenzer() -> tuple[Aanmeldbegrenzer, list[float]]:
    nu = [1000.0]
    b = Aanmeldbegrenzer(max_pogingen=3, venster=3600, vrij_per_adres=10, max_wacht_account=60,
                         max_wacht_adres=900)
    b.klok = lambda: nu[0]
    return b, nu


def test_vertraging_per_account_groeit_en_blijft_begrensd() -> None:
    b, nu = begrenzer()
    wachttijden = []
    for poging in range(12):
        adres = f"10.0.0.{poging}"  # every guess from another address: only the account counts
        assert b.wachttijd(adres, "anna@wsp.nl") == 0
        b.mislukt(adres, "anna@wsp.nl")
        wacht = b.wachttijd("10.9.9.9", "anna@wsp.nl")
        wachttijden.append(wacht)
        nu[0] += wacht
    assert wachttijden[:2] == [0, 0]
    assert wachttijden[2:9] == [1, 2, 4, 8, 16, 32, 60]
    assert max(wachttijden) == 60, "never longer than a minute: no lockout"
    # other accounts are not delayed
    assert b.wachttijd("10.9.9.9", "bert@wsp.nl") == 0


def test_vertraging_per_adres_tegen_password_spraying() -> None:
    b, nu = begrenzer()
    for i in range(10):
        b.mislukt("203.0.113.5", f"medewerker{i}@wsp.nl")  # one guess per account
    eerste = b.wachttijd("203.0.113.5", "nog-een@wsp.nl")
    assert eerste == 1
    for i in range(20):
        nu[0] += b.wachttijd("203.0.113.5", "x@wsp.nl")
        b.mislukt("203.0.113.5", f"ander{i}@wsp.nl")
    assert b.wachttijd("203.0.113.5", "nieuw@wsp.nl") == 900
    assert b.wachttijd("198.51.100.1", "nieuw@wsp.nl") == 0  # other addresses are not hit


def test_bekend_adres_wordt_niet_buitengesloten_door_anderen() -> None:
    b, nu = begrenzer()
    b.gelukt("192.0.2.10", "anna@wsp.nl")  # Anna signed in from her office before
    for i in range(8):
        nu[0] += b.wachttijd(f"203.0.113.{i}", "anna@wsp.nl")
        b.mislukt(f"203.0.113.{i}", "anna@wsp.nl")
    assert b.wachttijd("203.0.113.99", "anna@wsp.nl") > 0
    assert b.wachttijd("192.0.2.10", "anna@wsp.nl") == 0


def test_fouten_worden_vergeten_en_succes_wist_het_account() -> None:
    b, nu = begrenzer()
    for _ in range(5):
        nu[0] += b.wachttijd("10.0.0.1", "anna@wsp.nl")
        b.mislukt("10.0.0.1", "anna@wsp.nl")
    assert b.wachttijd("10.0.0.2", "anna@wsp.nl") > 0
    b.gelukt("10.0.0.1", "anna@wsp.nl")
    assert b.wachttijd("10.0.0.2", "anna@wsp.nl") == 0
    for _ in range(5):
        nu[0] += b.wachttijd("10.0.0.1", "bert@wsp.nl")
        b.mislukt("10.0.0.1", "bert@wsp.nl")
    nu[0] += 3601
    assert b.wachttijd("10.0.0.1", "bert@wsp.nl") == 0
