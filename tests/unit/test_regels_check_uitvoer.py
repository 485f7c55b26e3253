"""What `python -m wsp.regels check` prints for editors: one message per problem, with the line, and
the known states (sample files, drafts, answers marked unconfirmed) in one line each so the findings
that need work stand out. In-process (cmd_check), so it runs without a subprocess."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.support.regels import ROOT, kopie, regel_van, vervang
from wsp.regels import controleer
from wsp.regels.cli import cmd_check

RHEDEN = "regional_rules/gemeenten/rheden.yml"
JOBCOACHING = "knowledge/jobcoaching.yml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return kopie(tmp_path)


def check(root: Path, *, details: bool = False, strikt: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    code = cmd_check(root, strikt, out, details)
    return code, out.getvalue()


def test_a_syntax_error_names_the_line_and_not_a_missing_file(root: Path):
    vervang(root, RHEDEN, "      reden: Rheden meet", "      reden: let op: Rheden meet")
    regel = regel_van(root, RHEDEN, "let op:")
    fouten = [str(f) for f in controleer(root).fouten]
    assert fouten == [
        f"{RHEDEN}, regel {regel}: hier mag geen dubbele punt staan; zet tekst met een ':' tussen aanhalingstekens"
    ]
    code, uit = check(root)
    assert code == 1 and "FOUTEN (1):" in uit and "bestand ontbreekt" not in uit


def test_a_file_that_is_not_utf8_is_not_missing_either(root: Path):
    (root / RHEDEN).write_bytes("gemeente: rheden\nstatus: voorbeeld  # \xe9\n".encode("latin-1"))
    assert [str(f) for f in controleer(root).fouten] == [
        f"{RHEDEN}: het bestand is geen UTF-8-tekst; sla het op als UTF-8"
    ]


def test_a_really_missing_municipality_file_is_still_reported(root: Path):
    (root / RHEDEN).unlink()
    assert any(str(f).startswith(f"{RHEDEN}: bestand ontbreekt") for f in controleer(root).fouten)


def test_known_states_are_one_line_each_and_real_findings_stand_out():
    code, uit = check(ROOT)
    assert code == 0
    uitkomst = controleer(ROOT)
    status = [w for w in uitkomst.waarschuwingen if w.groep == "status"]
    onbevestigd = [w for w in uitkomst.waarschuwingen if w.groep == "onbevestigd"]
    assert status and onbevestigd  # the shipped files have both
    for w in status + onbevestigd:
        assert str(w) not in uit
    assert uit.count("Nog niet door de redactie gecontroleerd:") == 1
    assert f"Bewust onbevestigd: {len(onbevestigd)} antwoord(en)" in uit
    # every other warning is listed one by one
    overig = [w for w in uitkomst.waarschuwingen if w.groep is None and w.ernst == "waarschuwing"]
    assert f"WAARSCHUWINGEN ({len(overig)}):" in uit
    for w in overig:
        assert f"  {w}\n" in uit
    _, alles = check(ROOT, details=True)
    for w in status + onbevestigd:
        assert f"  {w}\n" in alles


def test_an_answer_without_a_date_and_without_status_onbevestigd_is_listed(root: Path):
    # forgotten, not chosen: it stays a finding of its own
    vervang(root, JOBCOACHING, "    status: onbevestigd\n", "\n")
    _, uit = check(root)
    assert "'jobcoaching.uren_per_week' heeft geen datum van controle" in uit


def test_strict_still_counts_the_summarised_warnings():
    code, uit = check(ROOT, strikt=True)
    assert code == 1 and "--strikt staat aan" in uit
