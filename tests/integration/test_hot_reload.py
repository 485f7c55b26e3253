"""An editor changes a rule file while the assistant runs: a valid edit is served within seconds
without restart or retraining; a broken edit is reported in Dutch (file and line) and the last
valid rules keep serving."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from wsp.devstack import ROOT

pytestmark = pytest.mark.stack


def jobcoach_answer(stack) -> str:
    sender = stack.new_sender("redactie")
    responses = stack.say(sender, "hoeveel uur jobcoaching krijg ik in Zevenaar?")
    return "\n".join(r.get("text", "") for r in responses)


def wait_for(predicate, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        ok, last = predicate()
        if ok:
            return last
        time.sleep(1)
    raise AssertionError(f"not true within {timeout:.0f}s; last answer:\n{last}")


def test_edit_is_live_without_restart_and_broken_edit_keeps_old_rules(stack) -> None:
    path = stack.content_root / "regional_rules" / "gemeenten" / "zevenaar.yml"
    original = path.read_text()
    assert "waarde: 3\n" in original
    before = jobcoach_answer(stack)
    assert "3 uur per week" in before, before
    try:
        # 1. a valid edit: 3 -> 5 hours
        path.write_text(original.replace("waarde: 3\n", "waarde: 5\n", 1))
        check = subprocess.run(
            [sys.executable, "-m", "wsp.regels", "--root", str(stack.content_root), "check"],
            cwd=ROOT, capture_output=True, text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        wait_for(lambda: ("5 uur per week" in (a := jobcoach_answer(stack)), a))

        # 2. a broken edit: the CLI names file and line in Dutch, the assistant keeps serving 5
        path.write_text(original.replace("waarde: 3\n", "waarde: [5\n", 1))
        check = subprocess.run(
            [sys.executable, "-m", "wsp.regels", "--root", str(stack.content_root), "check"],
            cwd=ROOT, capture_output=True, text=True,
        )
        assert check.returncode == 1
        assert "zevenaar.yml" in check.stdout + check.stderr
        assert "regel" in check.stdout + check.stderr
        time.sleep(3)  # well past the store's check interval
        after = jobcoach_answer(stack)
        assert "5 uur per week" in after, after
        # the check runs next to the answers (a reload never holds a message up): give it a moment
        wait_for(lambda: ("zevenaar.yml" in (stack.stack.log_dir / "actions.log").read_text(errors="replace"),
                          "the broken edit is logged with the same Dutch message"))
    finally:
        path.write_text(original)
        wait_for(lambda: ("3 uur per week" in (a := jobcoach_answer(stack)), a))


@pytest.mark.parametrize(
    ("soort", "kapot", "melding"),
    [
        ("onbekende sleutel", "      waarde: 3\n      toelichtingg: typfout\n", "onbekende sleutel"),
        ("verkeerd type", "      waarde: veel\n", "moet een getal zijn"),
        ("lege file", "", None),
    ],
)
def test_schemafout_houdt_de_antwoorden_gaande(stack, soort: str, kapot: str,
                                               melding: str | None) -> None:
    """Other kinds of broken edits: the editor gets a Dutch message, the running assistant keeps
    answering with the last valid rules (checked over HTTP, several times, while broken)."""
    path = stack.content_root / "regional_rules" / "gemeenten" / "zevenaar.yml"
    original = path.read_text()
    assert "3 uur per week" in jobcoach_answer(stack)
    log_pad = stack.stack.log_dir / "actions.log"
    begin = log_pad.stat().st_size
    try:
        path.write_text(original.replace("      waarde: 3\n", kapot, 1) if kapot else "")
        check = subprocess.run(
            [sys.executable, "-m", "wsp.regels", "--root", str(stack.content_root), "check"],
            cwd=ROOT, capture_output=True, text=True,
        )
        assert check.returncode == 1, soort
        uitvoer = check.stdout + check.stderr
        assert "zevenaar.yml" in uitvoer and "FOUTEN" in uitvoer, uitvoer
        assert "Traceback" not in uitvoer, uitvoer
        if melding:
            assert melding in uitvoer, uitvoer
        deadline = time.monotonic() + 6  # past the store's check interval, a few answers
        while time.monotonic() < deadline:
            answer = jobcoach_answer(stack)
            assert "3 uur per week" in answer, f"{soort}: {answer}"
            time.sleep(1)
        with open(log_pad, "rb") as fh:
            fh.seek(begin)
            log = fh.read().decode("utf-8", "replace")
        assert "zevenaar.yml" in log and "Traceback" not in log, log[-2000:]
    finally:
        path.write_text(original)
    wait_for(lambda: ("3 uur per week" in (a := jobcoach_answer(stack)), a))
