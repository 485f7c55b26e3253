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
        log = (stack.stack.log_dir / "actions.log").read_text(errors="replace")
        assert "zevenaar.yml" in log, "the broken edit is logged with the same Dutch message"
    finally:
        path.write_text(original)
