"""Old import path, kept while tests written before tests/support still use it: import from
``tests.support.regels``."""

from tests.support.regels import INHOUD, ROOT, echte_repo, kopie, regel_van, schrijf, vervang

__all__ = ["INHOUD", "ROOT", "echte_repo", "kopie", "regel_van", "schrijf", "vervang"]
