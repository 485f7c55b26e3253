"""The accountmanagers' inbox (wsp/inbox) through Flask's test client, on a real SQLite file and on a
real PostgreSQL database: sign-in, sessions, CSRF, permissions, escaping, status flow, notes, API."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.databases import database
from tests.support.inbox import (
    ANNA,
    BERT,
    TEAMLEIDER,
    Account,
    leeg_database,
    maak_accounts,
    schrijf_rooster,
)
from wsp.db import session_scope
from wsp.inbox import create_app
from wsp.inbox.cli import main as cli
from wsp.inbox.gebruikers import maak_token, zoek
from wsp.inbox.models import Gebruiker
from wsp.inbox.voorbeelden import maak_overdracht
from wsp.overdracht.models import Notitie, Overdracht, Statuswijziging, utcnow

XSS = "<script>alert('xss')</script>"


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request, tmp_path_factory):
    with database(request.param, tmp_path_factory.mktemp(request.param)) as url:
        yield url


@pytest.fixture(scope="module")
def rooster_pad(tmp_path_factory):
    return schrijf_rooster(tmp_path_factory.mktemp("rooster") / "accountmanagers.yml")


@pytest.fixture
def app(database_url, rooster_pad):
    leeg_database(database_url)
    maak_accounts(database_url)
    return create_app(
        database_url,
        {"SECRET_KEY": "test-geheim", "TESTING": True, "ROOSTER_PAD": str(rooster_pad)},
    )


@pytest.fixture
def overdrachten(app, database_url):
    """One handover for Anna, one for Bert."""
    with session_scope(database_url) as db:
        van_anna = maak_overdracht(db, "am-arnhem-1", organisatie="Bakkerij De Korenaar")
        van_bert = maak_overdracht(
            db, "am-zevenaar-1", organisatie="Garage Van Dijk", naam="Peter van Dijk",
            email="peter@garage-voorbeeld.nl", gemeente="zevenaar", regelingen=["no_risk_polis"],
            vraag="Geheime vraag van Bert zijn werkgever",
        )
        return {"anna": van_anna.publieke_id, "bert": van_bert.publieke_id}


def csrf(client) -> str:
    with client.session_transaction() as s:
        return s.get("csrf", "")


def aanmelden(client, account: Account, wachtwoord: str | None = None, **kwargs):
    client.get("/aanmelden")
    return client.post(
        "/aanmelden",
        data={"email": account.email, "wachtwoord": wachtwoord or account.wachtwoord,
              "csrf_token": csrf(client)},
        **kwargs,
    )


def client_voor(app, account: Account):
    client = app.test_client()
    antwoord = aanmelden(client, account)
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)
    return client


def post(client, pad: str, **data):
    return client.post(pad, data={"csrf_token": csrf(client), **data})


def overdracht(url: str, publieke_id: str) -> Overdracht:
    with session_scope(url) as db:
        o = db.execute(select(Overdracht).where(Overdracht.publieke_id == publieke_id)).scalar_one()
        o.notities, o.statuswijzigingen  # noqa: B018 - load before the session closes
        return o


def token_voor(url: str, account: Account) -> str:
    with session_scope(url) as db:
        return maak_token(zoek(db, account.email))


# --- sign-in and sessions ------------------------------------------------------------------------

def test_aanmelden_lukt_en_toont_eigen_lijst(app, overdrachten):
    client = app.test_client()
    assert client.get("/").status_code == 302  # not signed in: to the sign-in page
    antwoord = aanmelden(client, ANNA)
    assert antwoord.status_code == 302 and antwoord.headers["Location"] == "/"
    lijst = client.get("/").get_data(as_text=True)
    assert "Bakkerij De Korenaar" in lijst
    assert "Anna de Vries" in lijst  # the roster name, not the id
    assert "Inbox <span>WerkgeversServicepunt Midden-Gelderland</span>" in lijst  # name from the roster
    assert "Garage Van Dijk" not in lijst


def test_aanmelden_mislukt_met_verkeerd_wachtwoord_of_onbekend_adres(app):
    client = app.test_client()
    for account, wachtwoord in ((ANNA, "fout-wachtwoord"), (Account("niemand@x.nl", None, "x"), "iets")):
        antwoord = aanmelden(client, account, wachtwoord)
        assert antwoord.status_code == 200
        assert "Het e-mailadres of het wachtwoord klopt niet." in antwoord.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_uitgeschakeld_account_kan_niet_aanmelden_en_verliest_sessie(app, database_url):
    client = client_voor(app, ANNA)
    assert cli(["--database-url", database_url, "gebruiker", "uitschakelen", "--email", ANNA.email]) == 0
    antwoord = client.get("/")
    assert antwoord.status_code == 302 and "/aanmelden" in antwoord.headers["Location"]
    tekst = aanmelden(app.test_client(), ANNA).get_data(as_text=True)
    assert "Uw account is uitgeschakeld" in tekst
    with session_scope(database_url) as db:
        assert zoek(db, ANNA.email).actief is False


def test_aanmelden_wordt_vertraagd_per_account_en_adres(app):
    """Growing delays, no lockout: details in tests/integration/test_inbox_aanmelden.py."""
    client = app.test_client()
    for _ in range(5):
        aanmelden(client, ANNA, "fout-wachtwoord")
    antwoord = aanmelden(client, ANNA)  # even the right password waits a moment now
    assert antwoord.status_code == 429
    assert "Wacht nog 1 seconde" in antwoord.get_data(as_text=True)
    assert antwoord.headers["Retry-After"] == "1"
    assert aanmelden(app.test_client(), BERT).status_code == 302  # another account is not hit
    begrenzer = app.extensions["wsp_begrenzer"]
    begrenzer.klok = lambda: time.monotonic() + 2
    assert aanmelden(client, ANNA).status_code == 302  # after the delay: signed in


def test_sessie_verloopt_na_acht_uur(app):
    assert app.permanent_session_lifetime == timedelta(hours=8)
    client = client_voor(app, ANNA)
    assert client.get("/").status_code == 200
    with client.session_transaction() as s:
        s["sinds"] -= 8 * 3600 + 1
    antwoord = client.get("/overdrachten", follow_redirects=True)
    assert "Uw sessie is verlopen" in antwoord.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_afmelden_maakt_oude_sessiecookies_ongeldig(app):
    client = client_voor(app, ANNA)
    oud = client.get_cookie("wsp_inbox").value
    assert post(client, "/afmelden").status_code == 302
    client.set_cookie("wsp_inbox", oud)  # someone who copied the cookie before sign-out
    assert client.get("/").status_code == 302


def test_sessiecookie_en_beveiligingskoppen(app):
    client = app.test_client()
    antwoord = client.get("/aanmelden")
    cookie = antwoord.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert antwoord.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "script-src 'self'" in antwoord.headers["Content-Security-Policy"]
    assert antwoord.headers["X-Frame-Options"] == "DENY"
    assert antwoord.headers["X-Content-Type-Options"] == "nosniff"
    assert antwoord.headers["Referrer-Policy"] == "same-origin"
    assert antwoord.headers["Cache-Control"] == "no-store"
    assert "<script>" not in antwoord.get_data(as_text=True)  # no inline scripts at all


def test_secure_cookie_achter_https(monkeypatch, database_url, rooster_pad):
    monkeypatch.setenv("WSP_INBOX_URL", "https://inbox.wsp-voorbeeld.nl")
    app = create_app(database_url, {"SECRET_KEY": "x", "ROOSTER_PAD": str(rooster_pad)})
    antwoord = app.test_client().get("/aanmelden", base_url="https://inbox.wsp-voorbeeld.nl")
    assert "Secure" in antwoord.headers["Set-Cookie"]
    assert antwoord.headers["Set-Cookie"].startswith("__Host-wsp_inbox=")
    assert "Strict-Transport-Security" in antwoord.headers


def test_geen_open_redirect_na_aanmelden(app, overdrachten):
    client = app.test_client()
    client.get("/aanmelden")
    data = {"email": ANNA.email, "wachtwoord": ANNA.wachtwoord, "csrf_token": csrf(client)}
    antwoord = client.post("/aanmelden?volgende=//boef.example/", data=data)
    assert antwoord.headers["Location"] == "/"
    # the link in the notification mail survives sign-in
    client = app.test_client()
    pad = f"/overdrachten/{overdrachten['anna']}"
    assert client.get(pad).headers["Location"] == f"/aanmelden?volgende={pad}"
    client.get("/aanmelden")
    data["csrf_token"] = csrf(client)
    assert client.post(f"/aanmelden?volgende={pad}", data=data).headers["Location"] == pad


# --- CSRF ---------------------------------------------------------------------------------------

def test_post_zonder_of_met_fout_csrf_token_wordt_geweigerd(app, overdrachten, database_url):
    client = client_voor(app, ANNA)
    pad = f"/overdrachten/{overdrachten['anna']}/notities"
    for data in ({"tekst": "zonder token"}, {"tekst": "fout token", "csrf_token": "nep"}):
        antwoord = client.post(pad, data=data)
        assert antwoord.status_code == 400
        assert "Dit formulier is verlopen" in antwoord.get_data(as_text=True)
    antwoord = client.post(f"/overdrachten/{overdrachten['anna']}/status", data={"naar": "in_behandeling"})
    assert antwoord.status_code == 400
    # sign-in and sign-out need it too
    nieuw = app.test_client()
    assert nieuw.post("/aanmelden", data={"email": ANNA.email, "wachtwoord": ANNA.wachtwoord}).status_code == 400
    assert client.post("/afmelden").status_code == 400
    o = overdracht(database_url, overdrachten["anna"])
    assert o.notities == [] and o.status == "nieuw"


# --- permissions --------------------------------------------------------------------------------

def test_accountmanager_kan_nooit_andermans_overdracht_zien_of_wijzigen(app, overdrachten, database_url):
    client = client_voor(app, ANNA)
    vreemd = overdrachten["bert"]
    lijst = client.get("/?status=&zoek=").get_data(as_text=True)
    assert "Garage Van Dijk" not in lijst
    assert "Garage Van Dijk" not in client.get("/?zoek=Garage").get_data(as_text=True)
    assert "Zevenaar" not in client.get("/").get_data(as_text=True)  # not even in the filter

    niet_bestaand = client.get("/overdrachten/bestaatniet")
    detail = client.get(f"/overdrachten/{vreemd}")
    assert detail.status_code == 404 and niet_bestaand.status_code == 404
    assert detail.get_data() == niet_bestaand.get_data()  # existence is not revealed
    assert "Geheime vraag" not in detail.get_data(as_text=True)

    assert post(client, f"/overdrachten/{vreemd}/notities", tekst="ik was hier").status_code == 404
    assert post(client, f"/overdrachten/{vreemd}/status", naar="afgerond", toelichting="weg").status_code == 404
    assert post(client, f"/overdrachten/{vreemd}/status", naar="in_behandeling").status_code == 404
    assert post(client, f"/overdrachten/{vreemd}/toewijzing", accountmanager_id="am-arnhem-1").status_code == 404

    token = token_voor(database_url, ANNA)
    kop = {"Authorization": f"Bearer {token}"}
    api_lijst = client.get("/api/escalations", headers=kop).get_json()
    assert [o["publieke_id"] for o in api_lijst["overdrachten"]] == [overdrachten["anna"]]
    assert client.get(f"/api/escalations/{vreemd}", headers=kop).status_code == 404

    o = overdracht(database_url, vreemd)
    assert o.notities == [] and o.status == "nieuw" and o.accountmanager_id == "am-zevenaar-1"
    assert len(o.statuswijzigingen) == 1


def test_teamleider_ziet_alles_en_kan_toewijzen(app, overdrachten, database_url):
    client = client_voor(app, TEAMLEIDER)
    lijst = client.get("/").get_data(as_text=True)
    assert "Bakkerij De Korenaar" in lijst and "Garage Van Dijk" in lijst
    assert client.get(f"/overdrachten/{overdrachten['bert']}").status_code == 200
    filter_bert = client.get("/?accountmanager=am-zevenaar-1").get_data(as_text=True)
    assert "Garage Van Dijk" in filter_bert and "Bakkerij De Korenaar" not in filter_bert

    pad = f"/overdrachten/{overdrachten['anna']}/toewijzing"
    antwoord = post(client, pad, accountmanager_id="am-onbekend-9")
    assert antwoord.status_code == 302
    assert overdracht(database_url, overdrachten["anna"]).accountmanager_id == "am-arnhem-1"

    antwoord = post(client, pad, accountmanager_id="am-zevenaar-1", toelichting="Anna is met verlof")
    assert antwoord.status_code == 302
    detail = client.get(f"/overdrachten/{overdrachten['anna']}").get_data(as_text=True)
    assert "De overdracht staat nu bij Bert Jansen." in detail
    o = overdracht(database_url, overdrachten["anna"])
    assert o.accountmanager_id == "am-zevenaar-1"
    laatste = o.statuswijzigingen[-1]
    assert laatste.door == TEAMLEIDER.email
    assert "Bert Jansen (am-zevenaar-1), was Anna de Vries (am-arnhem-1)" in laatste.toelichting
    assert "Anna is met verlof" in laatste.toelichting

    # from now on Anna no longer sees it, Bert does
    assert client_voor(app, ANNA).get(f"/overdrachten/{overdrachten['anna']}").status_code == 404
    assert client_voor(app, BERT).get(f"/overdrachten/{overdrachten['anna']}").status_code == 200


def test_accountmanager_kan_eigen_overdracht_niet_toewijzen(app, overdrachten, database_url):
    client = client_voor(app, ANNA)
    detail = client.get(f"/overdrachten/{overdrachten['anna']}").get_data(as_text=True)
    assert "Toewijzen" not in detail
    antwoord = post(client, f"/overdrachten/{overdrachten['anna']}/toewijzing", accountmanager_id="am-zevenaar-1")
    assert antwoord.status_code == 403
    assert overdracht(database_url, overdrachten["anna"]).accountmanager_id == "am-arnhem-1"


# --- what an accountmanager reads ---------------------------------------------------------------

def test_inhoud_van_werkgevers_wordt_altijd_geescaped(app, database_url):
    with session_scope(database_url) as db:
        o = maak_overdracht(
            db, "am-arnhem-1", organisatie=f"Org {XSS}", naam=f"Naam {XSS}", vraag=f"Vraag {XSS}",
            contactvoorkeur=f"Bel {XSS}", email="x@y.nl\" onmouseover=\"alert(1)",
            transcript=[
                {"afzender": "werkgever", "tekst": f"Hallo {XSS}", "tijd": "2025-11-20T10:00:00Z"},
                {"afzender": "assistent", "tekst": f"Antwoord\nBron: {XSS}",
                 "knoppen": [{"title": f"Knop {XSS}", "payload": "/x"}]},
            ],
        )
        publieke_id = o.publieke_id
    client = client_voor(app, ANNA)
    for pagina in (client.get(f"/overdrachten/{publieke_id}"), client.get("/")):
        html = pagina.get_data(as_text=True)
        assert "<script>alert" not in html
        assert 'onmouseover="alert' not in html
    html = client.get(f"/overdrachten/{publieke_id}").get_data(as_text=True)
    assert html.count("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;") >= 6
    assert 'class="bron">Bron: &lt;script&gt;' in html  # the source line, in the quieter style


def test_detail_toont_samenvatting_gesprek_en_bezorging(app, database_url):
    with session_scope(database_url) as db:
        o = maak_overdracht(db, "am-arnhem-1", melding="opgegeven", contactvoorkeur="Bellen na 16:00")
        publieke_id = o.publieke_id
    html = client_voor(app, ANNA).get(f"/overdrachten/{publieke_id}").get_data(as_text=True)
    for tekst in ("Jan Jansen", "jan@korenaar-voorbeeld.nl", "026 123 45 67", "12345678", "Bellen na 16:00",
                  "Rheden", "Loonkostensubsidie", "Hoe lang krijg ik loonkostensubsidie",
                  "Voor deze gemeente is hierover (nog) geen regel vastgelegd.", "Kopieer contactgegevens"):
        assert tekst in html, tekst
    assert 'href="tel:0261234567"' in html and 'href="mailto:jan@korenaar-voorbeeld.nl"' in html
    assert html.count('class="bericht werkgever"') == 3 and html.count('class="bericht assistent"') == 3
    assert '<li class="chip">Wat geldt in mijn gemeente?</li>' in html
    assert "niet gelukt, opgegeven" in html and "5 pogingen" in html and "SMTP-server niet bereikbaar" in html


def test_lijst_wachttijd_filters_zoeken_en_paginering(app, database_url):
    with session_scope(database_url) as db:
        oud = maak_overdracht(db, "am-arnhem-1", organisatie="Oude Vraag BV",
                              aangemaakt_op=utcnow() - timedelta(days=10))
        for i in range(26):
            maak_overdracht(db, "am-arnhem-1", organisatie=f"Bedrijf {i:02d}", gemeente="arnhem",
                            regelingen=["jobcoaching"], aangemaakt_op=utcnow() - timedelta(minutes=i))
        maak_overdracht(db, "am-arnhem-1", organisatie="Procent 100% BV", vraag="Over 50_50 regeling")
        oud_id = oud.publieke_id
    client = client_voor(app, ANNA)
    eerste = client.get("/").get_data(as_text=True)
    assert "28 overdrachten" in eerste and "Pagina 1 van 2" in eerste
    assert eerste.index("Procent 100% BV") < eerste.index("Bedrijf 00") < eerste.index("Bedrijf 01")
    assert "0 werkdagen van 2" in eerste
    tweede = client.get("/?pagina=2").get_data(as_text=True)
    assert "Oude Vraag BV" in tweede and "Te laat:" in tweede and 'wachttijd te-laat' in tweede

    def namen(query: str) -> set[str]:
        return set(re.findall(r'">((?:Bedrijf \d\d)|Oude Vraag BV|Procent 100% BV)</a>', client.get(query).get_data(as_text=True)))

    assert namen("/?gemeente=arnhem&pagina=2") == {"Bedrijf 25"}
    assert namen("/?regeling=jobcoaching&zoek=Bedrijf 1") == {f"Bedrijf {i}" for i in range(10, 20)}
    assert namen("/?zoek=100%25") == {"Procent 100% BV"}  # % is a literal, not a wildcard
    assert namen("/?zoek=50_50") == {"Procent 100% BV"}
    assert namen("/?zoek=oude vraag") == {"Oude Vraag BV"}  # case-insensitive
    post(client, f"/overdrachten/{oud_id}/status", naar="afgerond", toelichting="dubbel")
    assert namen("/?status=afgerond") == {"Oude Vraag BV"}
    assert "Oude Vraag BV" not in namen("/?status=open&pagina=2")
    fout = client.get("/?status=weg&regeling=fietsen").get_data(as_text=True)
    assert "Onbekende status" in fout and "Onbekende regeling" in fout


def test_statusverloop_met_afsluitreden(app, overdrachten, database_url):
    client = client_voor(app, ANNA)
    publieke_id = overdrachten["anna"]
    pad = f"/overdrachten/{publieke_id}/status"

    assert post(client, pad, naar="in_behandeling", huidige_status="nieuw").status_code == 302
    o = overdracht(database_url, publieke_id)
    # taking it on is not contact (see test_inbox_zaak.py for contact attempts)
    assert o.status == "in_behandeling" and o.eerste_contact_op is None
    post(client, f"/overdrachten/{publieke_id}/contactpoging", manier="telefoon", resultaat="gesproken")
    eerste_contact = overdracht(database_url, publieke_id).eerste_contact_op
    assert eerste_contact is not None

    # closing without a reason is refused, with a Dutch message
    post(client, pad, naar="afgerond", toelichting="  ", huidige_status="in_behandeling")
    assert "Vul een reden in om de overdracht af te ronden." in client.get(f"/overdrachten/{publieke_id}").get_data(as_text=True)
    assert overdracht(database_url, publieke_id).status == "in_behandeling"

    # a form from before someone else's change does nothing
    post(client, pad, naar="in_behandeling", huidige_status="nieuw")
    assert "De status is intussen gewijzigd" in client.get(f"/overdrachten/{publieke_id}").get_data(as_text=True)

    post(client, pad, naar="afgerond", toelichting="Gebeld, LKS-aanvraag samen ingediend",
         huidige_status="in_behandeling")
    html = client.get(f"/overdrachten/{publieke_id}").get_data(as_text=True)
    assert "De status is nu: Afgerond." in html and "Gebeld, LKS-aanvraag samen ingediend" in html

    # reopening keeps the first contact time
    post(client, pad, naar="in_behandeling", huidige_status="afgerond")
    o = overdracht(database_url, publieke_id)
    assert o.status == "in_behandeling" and o.eerste_contact_op == eerste_contact and o.afsluitreden is None
    stappen = [(s.van, s.naar, s.door, s.soort) for s in o.statuswijzigingen]
    assert stappen == [
        (None, "nieuw", "assistent", None),
        ("nieuw", "in_behandeling", "am-arnhem-1", "status"),
        ("in_behandeling", "in_behandeling", "am-arnhem-1", "contactpoging"),
        ("in_behandeling", "afgerond", "am-arnhem-1", "status"),
        ("afgerond", "in_behandeling", "am-arnhem-1", "status"),
    ]
    assert o.statuswijzigingen[3].toelichting == "Gebeld, LKS-aanvraag samen ingediend"
    # there is no way back to "nieuw"
    post(client, pad, naar="nieuw", huidige_status="in_behandeling")
    assert overdracht(database_url, publieke_id).status == "in_behandeling"


def test_notitie_toevoegen(app, overdrachten, database_url):
    client = client_voor(app, ANNA)
    publieke_id = overdrachten["anna"]
    antwoord = post(client, f"/overdrachten/{publieke_id}/notities", tekst="Voicemail ingesproken.\nMorgen opnieuw.")
    assert antwoord.status_code == 302 and antwoord.headers["Location"].endswith("#notities")
    post(client, f"/overdrachten/{publieke_id}/notities", tekst="   ")
    html = client.get(f"/overdrachten/{publieke_id}").get_data(as_text=True)
    assert "Uw notitie is opgeslagen." in html and "Schrijf eerst een notitie." in html
    assert "Voicemail ingesproken.\nMorgen opnieuw." in html
    with session_scope(database_url) as db:
        notities = db.execute(select(Notitie)).scalars().all()
        assert [(n.auteur, n.tekst) for n in notities] == [("am-arnhem-1", "Voicemail ingesproken.\nMorgen opnieuw.")]


# --- JSON API -----------------------------------------------------------------------------------

def test_api_met_token(app, overdrachten, database_url):
    client = app.test_client()
    geen = client.get("/api/escalations")
    assert geen.status_code == 401 and geen.headers["WWW-Authenticate"].startswith("Bearer")
    assert "API-sleutel" in geen.get_json()["fout"]
    assert client.get("/api/escalations", headers={"Authorization": "Bearer wsp_nep"}).status_code == 401

    token = token_voor(database_url, ANNA)
    with session_scope(database_url) as db:
        opgeslagen = zoek(db, ANNA.email).api_token_hash
    assert token not in opgeslagen and len(opgeslagen) == 64  # only a hash is stored
    kop = {"Authorization": f"Bearer {token}"}

    post(client_voor(app, ANNA), f"/overdrachten/{overdrachten['anna']}/notities", tekst="Gebeld")
    lijst = client.get("/api/escalations?status=open&regeling=loonkostensubsidie", headers=kop)
    assert lijst.status_code == 200 and lijst.headers["Content-Type"] == "application/json"
    gegevens = lijst.get_json()
    assert gegevens["totaal"] == 1
    item = gegevens["overdrachten"][0]
    assert item["organisatie"] == "Bakkerij De Korenaar" and item["wachttijd"]["servicenorm_werkdagen"] == 2
    assert item["url"].endswith(f"/overdrachten/{overdrachten['anna']}")

    detail = client.get(f"/api/escalations/{overdrachten['anna']}", headers=kop).get_json()
    assert detail["email"] == "jan@korenaar-voorbeeld.nl" and len(detail["transcript"]) == 6
    assert [n["tekst"] for n in detail["notities"]] == ["Gebeld"]
    assert detail["statuswijzigingen"][0]["naar"] == "nieuw"
    assert detail["meldingen"][0]["status"] == "verzonden"

    fout = client.get("/api/escalations?status=weg", headers=kop)
    assert fout.status_code == 400 and "Onbekende status" in fout.get_json()["fout"]
    weg = client.get("/api/escalations/bestaatniet", headers=kop)
    assert weg.status_code == 404 and weg.get_json() == {"fout": "Deze overdracht bestaat niet, of is niet aan u toegewezen."}

    # the team lead's token sees both
    tl = {"Authorization": f"Bearer {token_voor(database_url, TEAMLEIDER)}"}
    assert client.get("/api/escalations", headers=tl).get_json()["totaal"] == 2
    # a disabled account's token stops working
    cli(["--database-url", database_url, "gebruiker", "uitschakelen", "--email", ANNA.email])
    assert client.get("/api/escalations", headers=kop).status_code == 401


def test_gezondheid(app):
    antwoord = app.test_client().get("/gezondheid")
    assert antwoord.status_code == 200 and json.loads(antwoord.data) == {"status": "ok"}


# --- account management CLI ---------------------------------------------------------------------

def test_cli_accounts(app, database_url, rooster_pad, capsys):
    basis = ["--database-url", database_url, "--rooster", str(rooster_pad), "gebruiker"]
    assert cli([*basis, "toevoegen", "--email", "Chantal@WSP-voorbeeld.nl", "--accountmanager", "am-rheden-1",
                "--wachtwoord", "een-lang-wachtwoord"]) == 0
    assert "Account chantal@wsp-voorbeeld.nl (accountmanager voor Chantal Bakker) is aangemaakt." in capsys.readouterr().out
    assert cli([*basis, "toevoegen", "--email", "x@wsp-voorbeeld.nl", "--accountmanager", "am-nergens",
                "--wachtwoord", "een-lang-wachtwoord"]) == 1
    assert "staat niet in" in capsys.readouterr().err
    assert cli([*basis, "toevoegen", "--email", "y@wsp-voorbeeld.nl", "--accountmanager", "am-rheden-1",
                "--wachtwoord", "kort"]) == 1
    assert "minstens 10 tekens" in capsys.readouterr().err

    assert cli([*basis, "token", "--email", "chantal@wsp-voorbeeld.nl"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("wsp_")
    assert cli([*basis, "lijst"]) == 0
    lijst = capsys.readouterr().out
    assert "chantal@wsp-voorbeeld.nl" in lijst and "Chantal Bakker (am-rheden-1)" in lijst and token not in lijst

    client = client_voor(app, Account("chantal@wsp-voorbeeld.nl", "am-rheden-1", "accountmanager",
                                      "een-lang-wachtwoord"))
    assert client.get("/").status_code == 200
    assert app.test_client().get("/api/escalations", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_demo_accounts(database_url, rooster_pad, capsys):
    leeg_database(database_url)
    basis = ["--database-url", database_url, "--rooster", str(rooster_pad), "demo"]
    extra = ["--forceer"] if not database_url.startswith("sqlite") else []
    assert cli([*basis, "--voorbeelden", *extra]) == 0
    uit = capsys.readouterr().out
    assert "wachtwoord: demo-wachtwoord" in uit and "teamleider@wsp-voorbeeld.nl" in uit
    with session_scope(database_url) as db:
        accounts = {g.email: (g.rol, g.accountmanager_id) for g in db.execute(select(Gebruiker)).scalars()}
        assert accounts == {
            "anna@wsp-voorbeeld.nl": ("accountmanager", "am-arnhem-1"),
            "bert@wsp-voorbeeld.nl": ("accountmanager", "am-zevenaar-1"),
            "chantal@wsp-voorbeeld.nl": ("accountmanager", "am-rheden-1"),
            "teamleider@wsp-voorbeeld.nl": ("teamleider", None),
        }
        assert len(db.execute(select(Overdracht)).scalars().all()) == 9
        assert len(db.execute(select(Statuswijziging)).scalars().all()) == 9
    assert cli([*basis, "--stil", *extra]) == 0  # again: nothing changes
    assert capsys.readouterr().out == ""
    if not database_url.startswith("sqlite"):
        assert cli(basis) == 1
        assert "alleen voor lokaal gebruik" in capsys.readouterr().err


# --- the employer's reference and additions from the chat -----------------------------------------

def test_het_kenmerk_van_de_werkgever_staat_in_de_zaak_de_lijst_en_de_api(app, database_url):
    with session_scope(database_url) as db:
        o = maak_overdracht(db, "am-arnhem-1", organisatie="Kwekerij Het Kenmerk")
        publieke_id, kenmerk = o.publieke_id, o.kenmerk
        db.add(Statuswijziging(overdracht_id=o.id, van="nieuw", naar="nieuw", door="werkgever",
                               toelichting="Hij kan pas in februari beginnen", soort="aanvulling"))
    assert re.fullmatch(r"WSP-\d{4}-[2-9A-HJKMNP-Z]{6}", kenmerk)
    client = client_voor(app, ANNA)
    detail = client.get(f"/overdrachten/{publieke_id}").get_data(as_text=True)
    assert f'<span data-veld="kenmerk">{kenmerk}</span>' in detail
    assert "Aanvulling van de werkgever in de chat" in detail and "de werkgever" in detail
    assert "Hij kan pas in februari beginnen" in detail
    # the employer calls and reads out her reference: the accountmanager finds the case by it
    lijst = client.get(f"/?status=&zoek={kenmerk.lower()}").get_data(as_text=True)
    assert "Kwekerij Het Kenmerk" in lijst and kenmerk in lijst
    token = token_voor(database_url, ANNA)
    api = client.get(f"/api/escalations/{publieke_id}",
                     headers={"Authorization": f"Bearer {token}"}).get_json()
    assert api["kenmerk"] == kenmerk
