"""Performance fix for Rasa 3.6: validate action-server responses with a validator built once.

Rasa's ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` for every custom
action, which first re-checks Rasa's whole event schema against the JSON meta-schema. Under load
that was 39 % of a replica's CPU (docs/performance.md). Same contract as Rasa's method: returns True
or raises ``ValidationError`` with the same explanation appended. Rasa is pinned (3.6.21); a test
checks that the patch is in place.
"""

from __future__ import annotations

from typing import Any, Dict

import jsonschema
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator: list[Any] = []  # built on first use; the schema is a constant of Rasa


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    if not _validator:
        schema = self.action_response_format_spec()
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validator.append(cls(schema))
    validator = _validator[0]
    try:
        validator.validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
