"""The Rasa server validates action-server responses with a validator built once
(assistant/addons/performance.py), installed by the tracker store module every replica loads."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import assistant.addons.tracker_store  # noqa: F401  (installs the patch, as Rasa's start-up does)
from assistant.addons import performance


def test_patch_is_installed_and_keeps_rasas_contract() -> None:
    assert RemoteAction._validate_action_result is performance._validate_action_result
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "hoi"}]}
    assert action._validate_action_result(good) is True
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "geen lijst"})
