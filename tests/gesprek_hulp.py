"""Old import path, kept while tests written before tests/support still use it: import from
``tests.support.gesprek`` (and ``tests.support.waiting`` for ``wait_until``)."""

from tests.support.gesprek import (
    BSN,
    BSN_GROEPEN,
    ENGELS,
    GEBOORTEDATUM,
    GEZONDHEID,
    IBAN,
    NEDERLANDS,
    OPENING,
    TWEEDE,
    VERBODEN,
    VRAAG_MET_GEGEVENS,
    LogVenster,
    beantwoord_formulier,
    gesprek_met_bijzondere_gegevens,
    gevonden,
    mailtekst,
    naar_formulier,
    post,
    taalprobleem,
    teksten,
    zeg,
)
from tests.support.waiting import wait_until as wacht_tot

__all__ = [
    "BSN", "BSN_GROEPEN", "ENGELS", "GEBOORTEDATUM", "GEZONDHEID", "IBAN", "NEDERLANDS", "OPENING",
    "TWEEDE", "VERBODEN", "VRAAG_MET_GEGEVENS", "LogVenster", "beantwoord_formulier",
    "gesprek_met_bijzondere_gegevens", "gevonden", "mailtekst", "naar_formulier", "post",
    "taalprobleem", "teksten", "wacht_tot", "zeg",
]
