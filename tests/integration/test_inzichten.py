"""wsp.inzichten on a seeded conversation history (tests/inzichten_testdata.py), on SQLite and on a
throwaway PostgreSQL database: the exact figures of the editors' report, the management overview,
the regional table, the CLI, the CSV and the inbox page (team leads only).

Expected figures, worked out by hand from the history (period 26 Oct – 8 Nov 2026, Dutch time):

conversation  week  gemeente  topics                 handover (reden, contact)            rating
01            W44   arnhem    jobcoaching            –                                    👍
02            W44   arnhem    jobcoaching            gevraagd, 4 h / 4 working h          👎
03            W44   rheden    loonkostensubsidie     onbegrepen, 49 h / 17 working h      –
04            W44   zevenaar  proefplaatsing         –                                    –
05            W44   zevenaar  jobcoaching            –                                    👎
06            W44   onbekend  doelgroepregister      –                                    👍
07            W45   arnhem    –                      –                                    –
08            W45   arnhem    –                      gevraagd, no contact yet             –
09            W45   rheden    loonkostensubsidie     geen_regel, 3 h / 3 working h        –
10            W45   rheden    jobcoaching            –                                    👎
11            W45   zevenaar  no_risk_polis          gevraagd, 68 h / 4 working h         –
12 (= 04, 2nd session) W45 zevenaar jobcoaching      –                                    👍
plus a handover without a conversation (W45, arnhem, maatwerk, closed without contact).
Not counted: a conversation the evening before the period (and its handover), a warm-up
conversation (``__warmup__``), two answers typed into the contact form.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.support.databases import database
from tests.support.inbox import ANNA, TEAMLEIDER, maak_accounts, schrijf_rooster
from tests.support.inzichten import TOT, VAN, vul_overdrachten, vul_tracker
from tests.support.regels import kopie, regel_van
from wsp.inbox import create_app
from wsp.inzichten import Periode, laad
from wsp.inzichten.bronnen import alleen_lezen
from wsp.inzichten.cli import main as cli
from wsp.inzichten.management import koppel, maak_managementrapport
from wsp.inzichten.periode import p90, werkuren
from wsp.inzichten.redactie import maak_redactierapport
from wsp.inzichten.regio import maak_regiorapport
from wsp.regels import load_repository

PERIODE = Periode(VAN, TOT)
PERIODE_ARGS = ["--van", VAN.isoformat(), "--tot", TOT.isoformat()]
PAGINA = f"/inzichten?van={VAN.isoformat()}&tot={TOT.isoformat()}"
VERWIJDERD = "geverifieerd_op: 2024-01-15"

# everything the employers typed or that identifies them: never on the management page or in the CSV
PERSOONLIJK = (
    "WIA", "fiets", "herbeoordeling", "daalt", "autisme", "0612345678", "jan@", "Jan Jansen",
    "Bakkerij", "werkgever-0", "__warmup__", "telefonisch-001", "Velp",
)


@pytest.fixture(scope="module")
def inhoud(tmp_path_factory) -> Path:
    """A copy of the shipped content in which one source of jobcoaching is past its check date."""
    root = kopie(tmp_path_factory.mktemp("inhoud"))
    rel = "knowledge/jobcoaching.yml"
    nummer = regel_van(root, rel, "geverifieerd_op:")
    regels = (root / rel).read_text(encoding="utf-8").splitlines(keepends=True)
    regels[nummer - 1] = re.sub(r"geverifieerd_op:.*", VERWIJDERD, regels[nummer - 1])
    (root / rel).write_text("".join(regels), encoding="utf-8")
    root.joinpath("verouderd.txt").write_text(f"{rel}, regel {nummer}", encoding="utf-8")
    return root


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def urls(request, tmp_path_factory):
    """(tracker database URL, handover database URL), both filled with the history."""
    tmp = tmp_path_factory.mktemp(request.param)
    (tmp / "tracker").mkdir()
    (tmp / "overdracht").mkdir()
    with database(request.param, tmp / "overdracht") as wsp_url, \
            database(request.param, tmp / "tracker") as tracker_url:
        vul_tracker(tracker_url)
        maak_accounts(wsp_url)
        vul_overdrachten(wsp_url)
        yield tracker_url, wsp_url
        for url in (tracker_url, wsp_url):
            alleen_lezen(url).dispose()
        alleen_lezen.cache_clear()


@pytest.fixture(scope="module")
def gegevens(urls):
    tracker_url, wsp_url = urls
    return laad(PERIODE, tracker_url, wsp_url)


@pytest.fixture(scope="module")
def app(urls, inhoud, tmp_path_factory):
    tracker_url, wsp_url = urls
    rooster = schrijf_rooster(tmp_path_factory.mktemp("rooster") / "accountmanagers.yml")
    return create_app(wsp_url, {
        "SECRET_KEY": "test-geheim", "TESTING": True, "ROOSTER_PAD": str(rooster),
        "TRACKER_DATABASE_URL": tracker_url, "CONTENT_ROOT": str(inhoud),
    })


def run_cli(urls, *args: str) -> tuple[int, str, str]:
    tracker_url, wsp_url = urls
    out, err = io.StringIO(), io.StringIO()
    code = cli(["--tracker-database-url", tracker_url, "--database-url", wsp_url, *args],
               out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# --- conversations from the tracker table ----------------------------------------------------------

def test_gesprekken_uit_de_tracker(gegevens):
    in_periode = [g for g in gegevens.gesprekken if PERIODE.bevat(g.begin)]
    assert len(in_periode) == 12
    afzenders = Counter(g.sender_id for g in in_periode)
    assert afzenders["werkgever-04"] == 2  # two sessions: two conversations
    assert not any(s.startswith("__") for s in afzenders)  # warm-up left out by the query
    per = {(g.sender_id, g.sessie): g for g in gegevens.gesprekken}

    tweede = per[("werkgever-04", 2)]  # carried-over slots: municipality yes, old topic no
    assert tweede.gemeente == "zevenaar"
    assert tweede.regelingen == ["jobcoaching"]
    assert tweede.paren == {("jobcoaching", "zevenaar")}
    assert per[("werkgever-04", 1)].paren == {("proefplaatsing", "zevenaar")}

    drie = per[("werkgever-03", 1)]
    assert drie.gemeente == "rheden"  # the employee's municipality when no employer's one is known
    assert drie.paren == {("loonkostensubsidie", "rheden")}
    assert drie.onbegrepen == 2  # the two answers typed into the contact form do not count
    assert per[("werkgever-06", 1)].gemeente is None


# --- management -----------------------------------------------------------------------------------

def test_management_per_week_en_gemeente(gegevens):
    r = maak_managementrapport(gegevens.gesprekken, gegevens.overdrachten, PERIODE)
    cellen = {
        (c.week, c.gemeente): (c.gesprekken, c.met_overdracht, c.overdrachten, c.onbegrepen,
                               c.positief, c.negatief, c.zonder_contact)
        for c in r.cellen
    }
    assert cellen == {
        ("2026-W44", "arnhem"): (2, 1, 1, 0, 1, 1, 0),
        ("2026-W44", "rheden"): (1, 1, 1, 2, 0, 0, 0),
        ("2026-W44", "zevenaar"): (2, 0, 0, 2, 0, 1, 0),
        ("2026-W44", "onbekend"): (1, 0, 0, 0, 1, 0, 0),
        ("2026-W45", "arnhem"): (2, 1, 2, 2, 0, 0, 1),  # + the handover without a conversation
        ("2026-W45", "rheden"): (2, 1, 1, 0, 0, 1, 0),
        ("2026-W45", "zevenaar"): (2, 1, 1, 0, 1, 0, 0),
    }
    assert [(c.week, c.gesprekken, c.met_overdracht, c.overdrachten) for c in r.per_week] == [
        ("2026-W44", 6, 2, 2), ("2026-W45", 6, 3, 4),
    ]
    per_gemeente = {c.gemeente: c for c in r.per_gemeente}
    assert list(per_gemeente) == ["arnhem", "rheden", "zevenaar", "onbekend"]
    assert per_gemeente["rheden"].escalatiegraad == pytest.approx(2 / 3)
    assert per_gemeente["zevenaar"].escalatiegraad == pytest.approx(1 / 4)

    t = r.totaal
    assert (t.gesprekken, t.met_overdracht, t.overdrachten) == (12, 5, 6)
    assert t.escalatiegraad == pytest.approx(5 / 12)
    assert (t.positief, t.negatief, t.onbegrepen, t.zonder_contact) == (3, 3, 6, 1)
    assert t.redenen == Counter(gevraagd=3, onbegrepen=1, geen_regel=1, maatwerk=1)
    assert t.onderwerpen == Counter(jobcoaching=5, loonkostensubsidie=2, proefplaatsing=1,
                                    doelgroepregister=1, no_risk_polis=1)
    # time to first contact: 4, 49, 3, 68 hours; 4, 17, 3, 4 working hours
    assert sorted(t.contact_uren) == pytest.approx([3, 4, 49, 68])
    assert sorted(t.contact_werkuren) == pytest.approx([3, 4, 4, 17])
    w44 = r.per_week[0]
    assert sorted(w44.contact_werkuren) == pytest.approx([4, 17])


def test_management_cli_en_csv(urls, tmp_path):
    pad = tmp_path / "uit" / "management.csv"
    code, out, err = run_cli(urls, "management", *PERIODE_ARGS, "--csv", str(pad))
    assert code == 0, err
    assert "Managementoverzicht — 26 oktober 2026 t/m 8 november 2026" in out
    assert re.search(r"^Totaal\s+12\s+5\s+41,7\s+6\s+6\s+3\s+3\s+4,0 / 17,0\s+26,5 / 68,0$", out, re.M)
    assert re.search(r"^Rheden\s+3\s+2\s+66,7\s+2\s+", out, re.M)
    assert re.search(r"Werkgever vroeg om een persoon\s+3", out)
    assert "1 nog zonder contact" in out
    for woord in PERSOONLIJK:
        assert woord not in out

    rijen = lees_csv(pad.read_text(encoding="utf-8-sig"))
    assert_csv(rijen)


def lees_csv(inhoud: str) -> dict[tuple[str, str, str], dict[str, str]]:
    lezer = csv.DictReader(io.StringIO(inhoud), delimiter=";")
    return {(r["niveau"], r["week"], r["gemeente"]): r for r in lezer}


def assert_csv(rijen: dict[tuple[str, str, str], dict[str, str]]) -> None:
    assert len(rijen) == 7 + 2 + 4 + 1
    rheden = rijen[("week_gemeente", "2026-W44", "rheden")]
    assert {k: rheden[k] for k in (
        "gesprekken", "gesprekken_met_overdracht", "escalatiegraad_pct", "overdrachten",
        "reden_onbegrepen", "onderwerp_loonkostensubsidie", "onbegrepen_vragen",
        "eerste_contact_aantal", "eerste_contact_mediaan_uren", "eerste_contact_mediaan_werkuren",
    )} == {
        "gesprekken": "1", "gesprekken_met_overdracht": "1", "escalatiegraad_pct": "100,0",
        "overdrachten": "1", "reden_onbegrepen": "1", "onderwerp_loonkostensubsidie": "1",
        "onbegrepen_vragen": "2", "eerste_contact_aantal": "1",
        "eerste_contact_mediaan_uren": "49,0", "eerste_contact_mediaan_werkuren": "17,0",
    }
    arnhem = rijen[("week_gemeente", "2026-W45", "arnhem")]
    assert (arnhem["overdrachten"], arnhem["reden_maatwerk"], arnhem["nog_geen_contact"],
            arnhem["eerste_contact_mediaan_uren"]) == ("2", "1", "1", "")
    totaal = rijen[("totaal", "totaal", "totaal")]
    assert {k: totaal[k] for k in (
        "gesprekken", "gesprekken_met_overdracht", "escalatiegraad_pct", "overdrachten",
        "reden_gevraagd", "onderwerp_jobcoaching", "duim_omhoog", "duim_omlaag",
        "eerste_contact_aantal", "eerste_contact_mediaan_uren", "eerste_contact_p90_uren",
        "eerste_contact_mediaan_werkuren", "eerste_contact_p90_werkuren", "nog_geen_contact",
    )} == {
        "gesprekken": "12", "gesprekken_met_overdracht": "5", "escalatiegraad_pct": "41,7",
        "overdrachten": "6", "reden_gevraagd": "3", "onderwerp_jobcoaching": "5",
        "duim_omhoog": "3", "duim_omlaag": "3", "eerste_contact_aantal": "4",
        "eerste_contact_mediaan_uren": "26,5", "eerste_contact_p90_uren": "68,0",
        "eerste_contact_mediaan_werkuren": "4,0", "eerste_contact_p90_werkuren": "17,0",
        "nog_geen_contact": "1",
    }
    assert rijen[("week", "2026-W45", "totaal")]["gesprekken_met_overdracht"] == "3"
    assert rijen[("gemeente", "totaal", "onbekend")]["duim_omhoog"] == "1"


# --- editors ------------------------------------------------------------------------------------

def test_redactierapport(gegevens, inhoud):
    r = maak_redactierapport(gegevens.gesprekken, PERIODE, inhoud)
    assert r.aantallen == {"onbegrepen": 4, "buiten_bereik": 2, "negatief": 3, "geen_keuze": 0}
    assert r.gekozen == ()  # the seeded history has no "Bedoelt u...?"
    groepen = [(g.aantal, g.gesprekken, g.soorten, g.voorbeelden) for g in r.groepen]
    assert groepen == [
        (2, 2, {"buiten_bereik": 2},
         ("Kan ik een fiets van de zaak leasen?", "fiets van de zaak leasen, kan dat?")),
        (2, 2, {"negatief": 2},
         ("Hoeveel uur jobcoaching krijg ik in Arnhem?", "Hoeveel jobcoaching krijg ik in Zevenaar?")),
        (2, 2, {"onbegrepen": 2},
         ("Hoe zit het met de WIA-premie?",
          "wia premie, hoe zit dat? bel me op [telefoonnummer verwijderd]")),
        (1, 1, {"onbegrepen": 1}, ("Wat als de loonwaarde daalt na een jaar?",)),
        (1, 1, {"onbegrepen": 1},
         ("hoe zit het met herbeoordeling van de loonwaarde bij [medisch gegeven verwijderd]",)),
        (1, 1, {"negatief": 1}, ("Wie betaalt de jobcoach in Rheden?",)),
    ]
    assert r.groepen[1].herkend == {"ask_jobcoaching": 2}
    # expired source: exactly the line made old in the copy, with the check's own message
    verwacht = (inhoud / "verouderd.txt").read_text(encoding="utf-8")
    assert [str(m).split(":")[0] for m in r.verouderd] == [verwacht]
    assert "geverifieerd_op" in r.verouderd[0].tekst


def test_redactie_cli_met_nlu_export(urls, inhoud, tmp_path):
    pad = tmp_path / "kandidaten" / "nlu_kandidaten.yml"
    code, out, err = run_cli(urls, "--root", str(inhoud), "redactie", *PERIODE_ARGS,
                             "--export-nlu", str(pad))
    assert code == 0, err
    assert "Vragen die de assistent niet goed beantwoordde: 9 (niet begrepen 4, " \
           "buiten het onderwerp 2, duim omlaag 3)" in out
    assert "Gegroepeerd in 6 groep(en)" in out
    assert "  2. 2× in 2 gesprek(ken) — duim omlaag 2; assistent herkende: ask_jobcoaching 2" in out
    assert "Bronnen waarvan de controledatum verlopen is (1):" in out
    assert (inhoud / "verouderd.txt").read_text(encoding="utf-8") in out
    for geheim in ("autisme", "0612345678", "Jan Jansen", "jan@", "werkgever-0"):
        assert geheim not in out
    assert f"9 voorbeeld(en) geschreven naar {pad}" in out

    yaml_tekst = pad.read_text(encoding="utf-8")
    assert yaml_tekst.count("# intent: ?") == 6
    assert "/request_human" not in yaml_tekst and "autisme" not in yaml_tekst

    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    training = RasaYAMLReader().reads(yaml_tekst)  # valid Rasa NLU data
    per_intent = Counter(m.get("intent") for m in training.intent_examples)
    assert per_intent == {"kandidaat_01": 2, "kandidaat_02": 2, "kandidaat_03": 2,
                          "kandidaat_04": 1, "kandidaat_05": 1, "kandidaat_06": 1}
    assert not training.entity_examples  # "[... verwijderd]" is not read as an entity


def test_redactie_periode_laat_de_dag_ervoor_weg(urls, inhoud):
    """The evening before the period holds the same WIA question: only with --van a day earlier."""
    code, out, _ = run_cli(urls, "--root", str(inhoud), "redactie", "--van", "2026-10-25",
                           "--tot", TOT.isoformat())
    assert code == 0
    assert "  1. 3× in 3 gesprek(ken) — niet begrepen 3" in out


# --- region -------------------------------------------------------------------------------------

def test_regio(gegevens, inhoud, urls):
    repo = load_repository(inhoud)
    r = maak_regiorapport(repo, gegevens.gesprekken,
                          koppel(gegevens.gesprekken, gegevens.overdrachten), PERIODE)
    rijen = [(x.gemeente, x.regeling, x.status, x.gesprekken, x.overgedragen,
              x.regio_gesprekken, x.regio_overgedragen) for x in r.rijen]
    assert rijen == [
        ("rheden", "loonkostensubsidie", "afwijking", 2, 2, 0, 0),
        ("arnhem", "jobcoaching", "afwijking", 2, 1, 1, 0),
        ("zevenaar", "jobcoaching", "afwijking", 2, 0, 1, 0),
        ("overbetuwe", "proefplaatsing", "afwijking", 0, 0, 1, 0),
        ("renkum", "werkplekaanpassing", "maatwerk", 0, 0, 0, 0),
        ("rozendaal", "werkplekaanpassing", "geen_regel", 0, 0, 0, 0),
    ]
    assert r.rijen[0].details == ("Duur van die eerste periode: 6 maanden (regio: 3)",
                                  "Nieuwe loonwaardemeting na: 12 maanden (regio: 24)")

    code, out, err = run_cli(urls, "--root", str(inhoud), "regio", *PERIODE_ARGS)
    assert code == 0, err
    assert ("Rheden — Loonkostensubsidie (Afwijking): 2 gesprek(ken), 2 overgedragen (100%); "
            "gemeenten volgens regio: 0 gesprek(ken), 0 overgedragen (–)") in out
    assert out.index("Rheden — Loonkostensubsidie") < out.index("Arnhem — Jobcoaching") \
        < out.index("Zevenaar — Jobcoaching") < out.index("Overbetuwe — Proefplaatsing")


# --- read-only, errors --------------------------------------------------------------------------

def test_trackerdatabase_wordt_alleen_gelezen(urls):
    tracker_url, _ = urls
    engine = alleen_lezen(tracker_url)
    with engine.connect() as conn:
        voor = conn.execute(text("SELECT COUNT(*) FROM events")).scalar_one()
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("DELETE FROM events"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM events")).scalar_one() == voor > 0


def test_ontbrekende_database_geeft_nederlandse_melding(tmp_path):
    pad = tmp_path / "bestaat-niet.sqlite"
    out, err = io.StringIO(), io.StringIO()
    code = cli(["--tracker-database-url", f"sqlite:///{pad}", "redactie"], out=out, err=err)
    assert code == 1
    assert "Fout: De database" in err.getvalue() and "bestaat niet" in err.getvalue()
    assert not pad.exists()  # not created by reading


def test_verkeerde_datum_geeft_nederlandse_melding(capsys):
    with pytest.raises(SystemExit):
        cli(["management", "--van", "31-02-2026"])
    assert "geen bestaande datum" in capsys.readouterr().err


@pytest.mark.process
def test_geen_rasa_import():
    code = (
        "import sys, wsp.inzichten, wsp.inzichten.cli, wsp.inzichten.redactie, "
        "wsp.inzichten.management, wsp.inzichten.regio, wsp.inzichten.svg; "
        "assert not [m for m in sys.modules if m == 'rasa' or m.startswith(('rasa.', 'rasa_sdk'))]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_werkuren_en_p90():
    from tests.support.inzichten import lokaal

    # Friday 15:10 to Monday 11:10: 1h50 on Friday, 2h10 on Monday
    assert werkuren(lokaal("2026-11-06 15:10"), lokaal("2026-11-09 11:10")) == pytest.approx(4.0)
    assert werkuren(lokaal("2026-11-07 10:00"), lokaal("2026-11-08 18:00")) == 0  # weekend
    assert p90([3, 4, 49, 68]) == 68 and p90(list(range(1, 11))) == 9 and p90([]) is None


# --- the inbox page -----------------------------------------------------------------------------

class _Tabellen(HTMLParser):
    """Cell texts of every <table id=...> on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tabellen: dict[str, list[list[str]]] = {}
        self._id: str | None = None
        self._rij: list[str] | None = None
        self._cel: list[str] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "table":
            self._id = dict(attrs).get("id")
            self.tabellen[self._id] = []
        elif tag == "tr" and self._id:
            self._rij = []
        elif tag in ("td", "th") and self._rij is not None:
            self._cel = []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in ("td", "th") and self._cel is not None and self._rij is not None:
            self._rij.append(" ".join("".join(self._cel).split()))
            self._cel = None
        elif tag == "tr" and self._rij is not None and self._id:
            self.tabellen[self._id].append(self._rij)
            self._rij = None
        elif tag == "table":
            self._id = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._cel is not None:
            self._cel.append(data)


def tabellen(html: str) -> dict[str, list[list[str]]]:
    p = _Tabellen()
    p.feed(html)
    return p.tabellen


def csrf(client) -> str:
    with client.session_transaction() as s:
        return s.get("csrf", "")


def client_voor(app, account):
    client = app.test_client()
    client.get("/aanmelden")
    antwoord = client.post("/aanmelden", data={
        "email": account.email, "wachtwoord": account.wachtwoord, "csrf_token": csrf(client)})
    assert antwoord.status_code == 302
    return client


def test_pagina_voor_teamleider(app):
    client = client_voor(app, TEAMLEIDER)
    lijst = client.get("/").get_data(as_text=True)
    assert 'href="/inzichten"' in lijst  # in the navigation for team leads

    antwoord = client.get(PAGINA)
    assert antwoord.status_code == 200
    assert antwoord.headers["Content-Security-Policy"].startswith("default-src 'self'")
    html = antwoord.get_data(as_text=True)
    t = tabellen(html)
    assert t["tabel-weken"][1:] == [
        ["week 44 (2026)", "6", "2", "33%", "2", "10,5 / 17,0", "2", "2", "4"],
        ["week 45 (2026)", "6", "3", "50%", "4", "3,5 / 4,0", "1", "1", "2"],
    ]
    assert t["tabel-gemeenten"][1:] == [
        ["Arnhem", "4", "2", "50%", "3", "4,0 / 4,0", "4,0 / 4,0", "1", "1", "1"],
        ["Rheden", "3", "2", "67%", "2", "10,0 / 17,0", "26,0 / 49,0", "0", "0", "1"],
        ["Zevenaar", "4", "1", "25%", "1", "4,0 / 4,0", "68,0 / 68,0", "0", "1", "1"],
        ["Onbekend", "1", "0", "0%", "0", "– / –", "– / –", "0", "1", "0"],
    ]
    assert t["tabel-onderwerpen"][1:3] == [["Jobcoaching", "5"], ["Loonkostensubsidie", "2"]]
    assert t["tabel-redenen"][1] == ["Werkgever vroeg om een persoon", "3"]
    assert len(t["tabel-week-gemeente"]) == 1 + 7
    assert t["tabel-week-gemeente"][2][:5] == ["week 44 (2026)", "Rheden", "1", "1", "100%"]
    regio = t["tabel-regio"][1:]
    assert [r[:3] + r[4:6] for r in regio[:3]] == [
        ["Rheden", "Loonkostensubsidie", "Afwijking", "2", "2 (100%)"],
        ["Arnhem", "Jobcoaching", "Afwijking", "2", "1 (50%)"],
        ["Zevenaar", "Jobcoaching", "Afwijking", "2", "0 (0%)"],
    ]
    # charts: server-side SVG with a text alternative, nothing the CSP would block
    assert html.count('<svg class="diagram" role="img"') == 5
    assert '<title id="diagram-weken-titel">' in html
    assert "week 44 (2026): Gesprekken 6, Naar accountmanager 2" in html
    assert "style=" not in html and html.count("<script") == 1
    for woord in PERSOONLIJK:
        assert woord not in html, woord


def test_csv_voor_teamleider(app, urls, tmp_path):
    client = client_voor(app, TEAMLEIDER)
    antwoord = client.get(f"/inzichten.csv?van={VAN.isoformat()}&tot={TOT.isoformat()}")
    assert antwoord.status_code == 200
    assert antwoord.mimetype == "text/csv"
    assert "attachment" in antwoord.headers["Content-Disposition"]
    inhoud = antwoord.get_data().decode("utf-8-sig")
    assert_csv(lees_csv(inhoud))
    for woord in PERSOONLIJK:
        assert woord not in inhoud

    pad = tmp_path / "cli.csv"
    run_cli(urls, "management", *PERIODE_ARGS, "--csv", str(pad))
    assert pad.read_bytes().decode("utf-8-sig") == inhoud  # page and CLI give the same file


def test_accountmanager_krijgt_404(app):
    client = client_voor(app, ANNA)
    assert 'href="/inzichten"' not in client.get("/").get_data(as_text=True)
    for pad in (PAGINA, "/inzichten.csv"):
        antwoord = client.get(pad)
        assert antwoord.status_code == 404
        assert "Gesprekken" not in antwoord.get_data(as_text=True)


def test_niet_aangemeld_naar_aanmelden(app):
    antwoord = app.test_client().get(PAGINA)
    assert antwoord.status_code == 302 and "/aanmelden" in antwoord.headers["Location"]


def test_pagina_zonder_gespreksdatabase(urls, inhoud, tmp_path):
    _, wsp_url = urls
    app = create_app(wsp_url, {
        "SECRET_KEY": "test-geheim", "TESTING": True, "CONTENT_ROOT": str(inhoud),
        "ROOSTER_PAD": str(schrijf_rooster(tmp_path / "rooster.yml")),
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'weg.sqlite'}",
    })
    client = client_voor(app, TEAMLEIDER)
    html = client.get(PAGINA).get_data(as_text=True)
    assert "De gesprekken van de assistent konden niet worden gelezen" in html
    assert tabellen(html)["tabel-redenen"][1] == ["Werkgever vroeg om een persoon", "3"]
    assert client.get("/inzichten.csv").status_code == 503


def test_standaardperiode_is_dertien_weken():
    p = Periode.maak(tot=date(2026, 11, 23))
    assert p.van == date(2026, 8, 31) and len(p.weken()) == 13
