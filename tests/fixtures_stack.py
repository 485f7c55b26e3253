"""Old import path, kept while tests written before tests/support still use it: import from
``tests.support.stack``."""

from tests.support.stack import RunningStack, model_path

__all__ = ["RunningStack", "model_path"]
