"""The trained model meets its targets on the held-out Dutch test set (scripts/evaluate.py):
intent macro-F1 >= 0.92 and entity F1 >= 0.90."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from wsp.devstack import ROOT

pytestmark = pytest.mark.process  # runs Rasa in a subprocess


def test_heldout_targets_are_met(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "evaluate.py"), "--out", str(tmp_path), "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert summary["examples"] >= 150
    assert summary["intent_macro_f1"] >= 0.92 and summary["entity_f1"] >= 0.90
    assert (tmp_path / "intent_confusion_matrix.png").exists()
