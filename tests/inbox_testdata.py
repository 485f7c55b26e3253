"""Old import path, kept while tests written before tests/support still use it: import from
``tests.support.inbox`` (and ``tests.support.databases`` for ``database``)."""

from tests.support.databases import database
from tests.support.inbox import (
    ANNA,
    BERT,
    ROOSTER_YAML,
    TEAMLEIDER,
    WACHTWOORD,
    Account,
    leeg_database,
    maak_accounts,
    schrijf_rooster,
)

__all__ = ["ANNA", "BERT", "ROOSTER_YAML", "TEAMLEIDER", "WACHTWOORD", "Account", "database",
           "leeg_database", "maak_accounts", "schrijf_rooster"]
