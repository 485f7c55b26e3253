"""The editors' command line, run as editors run it: python -m wsp.regels ..."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.support.regels import ROOT, kopie, vervang


def run(*args: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "wsp.regels"]
    if root is not None:
        cmd += ["--root", str(root)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.mark.process
def test_toon_velp_loonkostensubsidie():
    p = run("toon", "velp", "loonkostensubsidie")
    assert p.returncode == 0, p.stderr
    assert "Velp ligt in gemeente Rheden (Midden-Gelderland)." in p.stdout
    assert "beslist: de woongemeente van de werknemer" in p.stdout
    assert "[afwijking] Duur van die eerste periode: 6 maanden" in p.stdout
    assert "regionaal: 3 maanden" in p.stdout
    assert "[regio    ] Aanvraag:" in p.stdout


@pytest.mark.process
def test_toon_all_regelingen_for_a_typo_and_outside_the_region():
    p = run("toon", "Zevenar")
    assert p.returncode == 0
    assert "Gemeente Zevenaar" in p.stdout and "tikfout" in p.stdout
    assert "Jobcoaching" in p.stdout and "Landelijke regelingen" in p.stdout
    p = run("toon", "Nijmegen")
    assert p.returncode == 0 and "Rijk van Nijmegen" in p.stdout


@pytest.mark.process
def test_toon_unknown_place_or_regeling_fails_with_dutch_message():
    p = run("toon", "fiets")
    assert p.returncode == 2 and "Onbekende gemeente of plaats 'fiets'" in p.stderr
    p = run("toon", "arnhem", "jobcoachng")
    assert p.returncode == 2 and "Bedoelt u 'jobcoaching'?" in p.stderr


@pytest.mark.process
def test_check_exit_codes(tmp_path: Path):
    p = run("check")
    assert p.returncode == 0, p.stdout
    assert "Resultaat: alles in orde" in p.stdout
    assert "Nog niet door de redactie gecontroleerd: 12 bestand(en) met voorbeeldgegevens" in p.stdout
    assert "VOORBEELDGEGEVENS" not in p.stdout  # summarised in one line, so real problems stand out
    from wsp.regels import controleer

    waarschuwingen = controleer(ROOT).waarschuwingen  # shipped samples warn, so strict fails
    assert run("check", "--strikt").returncode == (1 if waarschuwingen else 0)

    root = kopie(tmp_path)
    vervang(root, "regional_rules/gemeenten/rheden.yml", "geverifieerd_op: 2026-11-23", "geverifieerd_op: 2026-02-30")
    p = run("check", root=root)
    assert p.returncode == 1
    assert "FOUTEN (1):" in p.stdout
    assert "regional_rules/gemeenten/rheden.yml, regel" in p.stdout and "bestaat niet" in p.stdout


@pytest.mark.process
def test_harmonisatie_writes_markdown_and_self_contained_html(tmp_path: Path):
    p = run("harmonisatie", "--uit", str(tmp_path))
    assert p.returncode == 0, p.stderr
    md = (tmp_path / "harmonisatie.md").read_text(encoding="utf-8")
    htm = (tmp_path / "harmonisatie.html").read_text(encoding="utf-8")
    assert "| Gemeente | Loonkostensubsidie | Jobcoaching | Proefplaatsing | Werkplekaanpassing |" in md
    assert "| Doesburg | **Gelijk aan regio** |" in md
    assert "**Maatwerk**: Budget zonder extra onderzoek: maatwerk" in md
    assert "**Geen regel**" in md and "**Afwijking**: Uren jobcoaching: 6" in md

    assert '<html lang="nl">' in htm and "<caption>" in htm
    assert htm.count('<th scope="col">') == 5 and htm.count('<th scope="row">') == 10
    for woord in ("Gelijk aan regio", "Afwijking", "Maatwerk", "Geen regel"):
        assert woord in htm
    for extern in ("<link", "<script", "src=", "@import", "url("):
        assert extern not in htm

    class Tel(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []
            self.fout = False

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br"):
                self.open.append(tag)

        def handle_endtag(self, tag):
            if not self.open or self.open.pop() != tag:
                self.fout = True

    t = Tel()
    t.feed(htm)
    assert not t.fout and t.open == []  # well-formed: every element closed in order


@pytest.mark.process
def test_lookups_writes_a_rasa_lookup_table(tmp_path: Path):
    pad = tmp_path / "plaats.yml"
    p = run("lookups", "--uit", str(pad))
    assert p.returncode == 0, p.stderr
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    [lookup] = data["nlu"]
    assert lookup["lookup"] == "plaats"
    namen = [r[2:] for r in lookup["examples"].splitlines()]
    for naam in ("Arnhem", "Velp", "Laag-Soeren", "De Steeg", "Oosterbeek", "Lobith", "Zevenaar", "Loo"):
        assert naam in namen


def test_shipped_lookup_file_is_up_to_date():
    from tests.support.regels import echte_repo
    from wsp.regels.lookups import lookup_yaml

    tekst = (ROOT / "assistant/data/nlu/lookups/plaats.yml").read_text(encoding="utf-8")
    assert tekst == lookup_yaml(echte_repo()), "voer 'python -m wsp.regels lookups' uit na een wijziging in plaatsen.yml"
