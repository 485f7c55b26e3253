"""The one description of every content file type. Editors' error messages come from here."""

from __future__ import annotations

from .namen import BEDRIJFSGROOTTES, BEVOEGD, SOORTEN, STATUSSEN, VRAAG_STATUSSEN, WERKDAGEN
from .schema import (
    Bron,
    Datum,
    Email,
    Getal,
    Geverifieerd,
    Id,
    JaNee,
    Keuze,
    Lijst,
    Object,
    Optioneel,
    Ref,
    Schema,
    Sleutels,
    Tekst,
    Url,
    Veld,
    VraagId,
    Waarde,
)

BRON = Veld(Bron(), hint="URL of naam van het document waar dit gegeven vandaan komt")
GEVERIFIEERD_OP = Veld(
    Geverifieerd(), hint="datum waarop de redactie de bron heeft gecontroleerd, bijvoorbeeld 2026-11-23"
)
STATUS = Veld(Keuze(STATUSSEN), hint="voorbeeld, concept of geverifieerd")
TEKST = Veld(Tekst())


def _met_bron(velden: dict[str, Veld]) -> dict[str, Veld]:
    return {**velden, "bron": BRON, "geverifieerd_op": GEVERIFIEERD_OP}


# knowledge/<regeling>.yml -------------------------------------------------------------
SECTIE = Object(_met_bron({"tekst": TEKST}))
LINK = Object({"titel": TEKST, "url": Veld(Url())})
LINKS = Object(_met_bron({"items": Veld(Lijst(LINK, min_aantal=1))}))

# One entry of the answer library: one question employers ask, answered first in 1-3 sentences.
VRAAG = Object(
    {
        "id": Veld(VraagId(), hint="<bestandsnaam>.<korte naam>"),
        "vraag": Veld(Tekst(), hint="de vraag zoals een werkgever die stelt"),
        "voorbeelden": Veld(
            Lijst(Tekst(), min_aantal=3), hint="andere manieren waarop werkgevers precies deze vraag stellen (3 of meer)"
        ),
        "antwoord": Veld(Tekst(), hint="1 tot 3 zinnen die precies deze vraag beantwoorden"),
        "toelichting": Veld(Tekst(), verplicht=False),
        "bron": Veld(Bron(), hint="de pagina die dit zegt (een diepe link, geen homepagina)"),
        "geverifieerd_op": Veld(
            Geverifieerd(), verplicht=False, hint="alleen invullen als u de bron echt hebt gecontroleerd"
        ),
        "status": Veld(
            Keuze(VRAAG_STATUSSEN),
            verplicht=False,
            hint="geverifieerd, of onbevestigd als bronnen elkaar tegenspreken of u het niet kon bevestigen",
        ),
        "zie_ook": Veld(Lijst(VraagId()), verplicht=False),
        "regel": Veld(
            Tekst("<regeling>.<regel>, bijvoorbeeld jobcoaching.uren"),
            verplicht=False,
            hint="een regel uit regional_rules/regio.yml waarvan de waarde per gemeente in het antwoord komt",
        ),
        "wijziging": Veld(
            Object({"per": Veld(Datum(), hint="de datum waarop het veranderde"), "tekst": TEKST}), verplicht=False
        ),
        "berekening": Veld(
            JaNee(), verplicht=False, hint="true: bied onder het antwoord de berekening van loonkostensubsidie aan"
        ),
    }
)

KENNIS: Schema = Object(
    {
        "status": STATUS,
        "regeling": Veld(Id("de naam van de regeling")),
        "soort": Veld(
            Keuze(SOORTEN),
            verplicht=False,
            hint="regeling (standaard), onderwerp (naast de regelingen) of verwijzing (buiten ons bereik)",
        ),
        "naam": Veld(Tekst(), hint="naam zoals de werkgever die leest"),
        "afkorting": Veld(Tekst(), verplicht=False),
        "volgorde": Veld(
            Getal(minimum=1, maximum=99, geheel=True), verplicht=False, hint="plaats in de lijst met knoppen (1 = eerst)"
        ),
        "wat_is_het": Veld(SECTIE),
        # Required for soort 'regeling' (checked in controles.py), optional for topics and referrals.
        "voor_wie": Veld(SECTIE, verplicht=False),
        "bedragen": Veld(SECTIE, verplicht=False),
        "duur": Veld(SECTIE, verplicht=False),
        "aanvragen": Veld(SECTIE, verplicht=False, hint="hoe vraagt de werkgever het aan?"),
        "termijnen": Veld(SECTIE, verplicht=False),
        "wie_beslist": Veld(SECTIE, verplicht=False),
        "links": Veld(LINKS, verplicht=False),
        "vragen": Veld(Lijst(VRAAG), verplicht=False, hint="de antwoordbibliotheek: vragen van werkgevers"),
    }
)
VERPLICHT_VOOR_REGELING: tuple[str, ...] = ("voor_wie", "aanvragen", "wie_beslist", "links")

# knowledge/bedragen.yml ----------------------------------------------------------------
WML_PERIODE = Object(
    _met_bron(
        {
            "ingangsdatum": Veld(Datum(), hint="1 januari of 1 juli"),
            "per_uur": Veld(Getal(minimum=1, maximum=100), hint="bruto minimumuurloon, 21 jaar en ouder"),
        }
    )
)
PERCENTAGE = Object(
    _met_bron({"waarde": Veld(Getal(minimum=0, maximum=100)), "uitleg": Veld(Tekst(), verplicht=False)})
)
LKV = Object(
    _met_bron(
        {
            "jaar": Veld(Getal(minimum=2000, maximum=2100, geheel=True)),
            "soort": Veld(Id("de soort loonkostenvoordeel")),
            "naam": TEKST,
            "per_uur": Veld(Getal(minimum=0, maximum=100)),
            "max_per_jaar": Veld(Getal(minimum=0, maximum=100000)),
            "duur": Veld(Tekst(), hint="bijvoorbeeld 'maximaal 3 jaar'"),
            "doelgroepverklaring_nodig": Veld(JaNee()),
        }
    )
)
TARIEF = Object(
    _met_bron(
        {
            "naam": Veld(Id("de naam van het tarief"), hint="teksten gebruiken {tarief_<naam>}"),
            "omschrijving": TEKST,
            "bedrag": Veld(Getal(minimum=0, maximum=100000), hint="in euro, met een punt: 400 of 12.50"),
        }
    )
)
BEDRAGEN: Schema = Object(
    {
        "status": STATUS,
        "minimumloon": Veld(
            Object(
                _met_bron(
                    {
                        "uitleg": Veld(Tekst(), verplicht=False),
                        "voltijd_uren_per_week": Veld(
                            Getal(minimum=1, maximum=48), hint="uren van een volledige werkweek, bijvoorbeeld 38"
                        ),
                        "weken_per_jaar": Veld(Getal(minimum=50, maximum=53), hint="meestal 52"),
                        "perioden": Veld(Lijst(WML_PERIODE, min_aantal=1)),
                    }
                )
            )
        ),
        "loonkostensubsidie": Veld(
            Object(
                {
                    "vakantiebijslag_pct": Veld(PERCENTAGE, hint="vakantiegeld dat meetelt in het minimumloon, meestal 8"),
                    "maximum_pct_wml": Veld(PERCENTAGE),
                    "werkgeverslasten_pct": Veld(PERCENTAGE),
                }
            )
        ),
        "loonkostenvoordeel": Veld(Lijst(LKV, min_aantal=1)),
        "tarieven": Veld(Lijst(TARIEF), verplicht=False, hint="vaste bedragen van UWV of de gemeente, zoals een tarief"),
    }
)

# knowledge/plaatsen.yml ----------------------------------------------------------------
GEMEENTE_INFO = Object(
    _met_bron(
        {
            "naam": TEKST,
            "in_regio": Veld(JaNee(), hint="hoort de gemeente bij de regio? true of false"),
            "lidmaatschap_bevestigd": Veld(JaNee(), verplicht=False),
            "arbeidsmarktregio": Veld(Tekst(), verplicht=False),
            "opmerking": Veld(Tekst(), verplicht=False),
            "plaatsen": Veld(Lijst(Tekst(), min_aantal=1), hint="kernen en dorpen in deze gemeente"),
        }
    )
)
PLAATSEN: Schema = Object(
    {
        "status": STATUS,
        "regio": Veld(Object(_met_bron({"naam": TEKST, "organisatie_regio": Veld(Tekst(), verplicht=False)}))),
        "gemeenten": Veld(Sleutels(Id("de naam van de gemeente"), GEMEENTE_INFO, min_aantal=1)),
        "buiten_regio": Veld(
            Object(
                _met_bron(
                    {
                        "arbeidsmarktregios": Veld(
                            Sleutels(Tekst("de naam van de arbeidsmarktregio"), Lijst(Tekst(), min_aantal=1))
                        )
                    }
                )
            )
        ),
        "dubbelzinnig": Veld(Lijst(Tekst()), verplicht=False),
        "geen_plaats": Veld(Lijst(Tekst()), verplicht=False),
    }
)

# regional_rules/regio.yml --------------------------------------------------------------
REGEL = Object(
    _met_bron(
        {
            "naam": Veld(Tekst(), hint="korte omschrijving, bijvoorbeeld 'Uren jobcoaching per week'"),
            "waarde": Veld(Waarde(), hint="de afspraak; of 'maatwerk'"),
            "eenheid": Veld(Tekst(), verplicht=False),
            "uitleg": Veld(Tekst(), hint="uitleg in gewone taal voor de werkgever"),
            "bij_aanvragen": Veld(JaNee(), verplicht=False, hint="true: ook tonen bij 'Hoe vraag ik het aan?'"),
        }
    )
)
REGELING_REGIO = Object(
    {
        "bevoegde_gemeente": Veld(Keuze(BEVOEGD), hint="welke gemeente beslist"),
        "toelichting": Veld(Tekst(), verplicht=False),
        "regels": Veld(Sleutels(Id("de naam van de regel"), REGEL, min_aantal=1)),
    }
)
REGIO: Schema = Object(
    {
        "status": STATUS,
        "regio": TEKST,
        "regelingen": Veld(Sleutels(Ref("regeling", "de naam van een regeling"), REGELING_REGIO, min_aantal=1)),
    }
)

# regional_rules/gemeenten/<gemeente>.yml -----------------------------------------------
AFWIJKING = Object(
    _met_bron(
        {
            "waarde": Veld(Waarde(), hint="de afwijkende afspraak; of 'maatwerk' of 'geen_regel'"),
            "eenheid": Veld(Tekst(), verplicht=False),
            "uitleg": Veld(Tekst(), hint="uitleg in gewone taal voor de werkgever"),
            "reden": Veld(Tekst(), hint="waarom deze gemeente afwijkt van de regionale afspraak"),
        }
    )
)
GEMEENTE: Schema = Object(
    {
        "status": STATUS,
        "gemeente": Veld(Id("de naam van de gemeente")),
        "afwijkingen": Veld(
            Sleutels(Ref("regeling_regio", "de naam van een regeling"), Sleutels(Ref("regel"), AFWIJKING)),
            hint="laat leeg ({}) als de gemeente de regionale afspraken volgt",
        ),
    }
)

# regional_rules/accountmanagers.yml ----------------------------------------------------
ACCOUNTMANAGER = Object(
    {
        "id": Veld(Id("een vaste korte naam, bijvoorbeeld am-arnhem-1")),
        "naam": TEKST,
        "rol": TEKST,
        "email": Veld(Email()),
        "telefoon": Veld(Tekst("een telefoonnummer")),
        "werkdagen": Veld(Lijst(Keuze(WERKDAGEN), min_aantal=1)),
        "afwezig": Veld(
            Optioneel(Object({"van": Veld(Datum()), "tot": Veld(Datum())})),
            verplicht=False,
            hint="null, of {van: jjjj-mm-dd, tot: jjjj-mm-dd}",
        ),
        "vervanger": Veld(Optioneel(Ref("accountmanager")), verplicht=False),
        "servicenorm_werkdagen": Veld(Optioneel(Getal(minimum=1, maximum=30, geheel=True)), verplicht=False),
        "fictief": Veld(JaNee(), verplicht=False),
    }
)
TOEWIJZING = Object(
    {
        "gemeente": Veld(Ref("gemeente")),
        "sector": Veld(Id("een sector, bijvoorbeeld zorg"), verplicht=False),
        "bedrijfsgrootte": Veld(Keuze(BEDRIJFSGROOTTES), verplicht=False),
        "accountmanager": Veld(Ref("accountmanager")),
    }
)
ROOSTER: Schema = Object(
    {
        "status": STATUS,
        "organisatie": Veld(
            Object(
                {
                    "naam": TEKST,
                    "telefoon": Veld(Tekst("een telefoonnummer")),
                    "email": Veld(Email()),
                    "website": Veld(Url()),
                }
            )
        ),
        "servicenorm": Veld(Object({"werkdagen": Veld(Getal(minimum=1, maximum=30, geheel=True))})),
        "accountmanagers": Veld(Lijst(ACCOUNTMANAGER, min_aantal=1)),
        "toewijzing": Veld(Lijst(TOEWIJZING, min_aantal=1)),
    }
)
