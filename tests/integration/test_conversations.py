"""Conversation tests (assistant/tests/test_conversations.yml) with the trained model.

Every predicted action and intent must match: ``--fail-on-prediction-errors``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.stack import model_path
from wsp.devstack import ROOT

pytestmark = pytest.mark.process  # runs Rasa in a subprocess


def test_conversation_stories_pass(tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "rasa", "test", "core",
            "--model", str(model_path()),
            "--stories", str(ROOT / "assistant" / "tests" / "test_conversations.yml"),
            "--fail-on-prediction-errors",
            "--out", str(tmp_path),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, (result.stdout[-4000:] + result.stderr[-4000:] + details)
