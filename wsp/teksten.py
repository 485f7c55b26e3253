"""Texts of the conversation itself (questions, confirmations, fallbacks) in plain Dutch (B1, "u").

Answers about the instruments come from ``wsp.regels.antwoorden``; this module holds the glue text
around them, so everything an employer reads is in the ``wsp`` package, not in the action classes.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from wsp.regels.zoeken import STOPWOORDEN, normaliseer

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

WELKE_REGELING = "Over welke regeling gaat uw vraag?"
ONBEKENDE_PLAATS = (
    "Die plaats ken ik niet. In welke gemeente is uw bedrijf gevestigd? Kies hieronder, of typ "
    "de naam van uw gemeente of plaats."
)
VERGELIJK_TWEE_GEMEENTEN = (
    "Welke twee gemeenten wilt u vergelijken? Bijvoorbeeld: 'verschil tussen Arnhem en Zevenaar "
    "bij jobcoaching'."
)
ONBEGREPEN_1 = (
    "Sorry, dat begreep ik niet goed. Kunt u het op een andere manier vragen? Ik weet veel over "
    "het doelgroepregister, de no-riskpolis, loonkostensubsidie en jobcoaching."
)
ONBEGREPEN_2 = "Sorry, ik begrijp u nog steeds niet goed. Een medewerker kan u beter helpen."
BUITEN_BEREIK = (
    "Daar kan ik u helaas niet mee helpen. Ik beantwoord vragen over het in dienst nemen van "
    "mensen met een afstand tot de arbeidsmarkt, zoals het doelgroepregister, de no-riskpolis, "
    "loonkostensubsidie en jobcoaching."
)
BUITEN_BEREIK_WERK = (
    "Die vraag kan ik zelf niet goed beantwoorden. Het gaat wel over werk en personeel, dus uw "
    "vaste contactpersoon bij het WerkgeversServicepunt kan u waarschijnlijk verder helpen."
)
OVERDRACHT_GEWEIGERD = (
    "Goed, ik geef niets door. U kunt gewoon verder vragen stellen. Wilt u later toch contact, "
    "klik dan op 'Spreek een medewerker'."
)
JA_ZONDER_VRAAG = "Fijn! Waar kan ik u mee helpen?"
NEE_ZONDER_VRAAG = "Goed. Heeft u nog een andere vraag? Dan hoor ik het graag."
FORMULIER_GESTOPT = (
    "Goed, ik ben gestopt met vragen naar uw gegevens en heb niets doorgegeven. U kunt gewoon "
    "verder vragen stellen."
)
LKS_GESTOPT = "Goed, ik ben gestopt met de berekening. Waar kan ik u verder mee helpen?"


def datum_nl(d: date) -> str:
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def dag_datum_nl(d: date) -> str:
    return f"{DAGEN[d.weekday()]} {datum_nl(d)}"


def regeling_knoppen(repo: Any = None) -> list[dict[str, str]]:
    """One button per instrument (not the topics or referrals), in the editors' order (``volgorde``)."""
    if repo is None:
        from wsp.regels import default_store

        repo = default_store().current()
    regelingen = [r for r in repo.regelingen.values() if r.soort == "regeling"]
    regelingen.sort(key=lambda r: (r.volgorde, r.naam))
    return [
        {"title": r.naam, "payload": "/ask_regeling" + json.dumps({"regeling": r.id})} for r in regelingen
    ]


_ALLEEN_NAAM_WOORDEN = STOPWOORDEN | {
    "uitleg", "uitleggen", "leg", "uit", "info", "informatie", "vertel", "meer", "over", "zit", "werkt",
    "houdt", "betekent", "betekenis", "eigenlijk", "precies", "is", "zijn", "dat", "dit", "graag",
}


def alleen_naam(text: str, regeling: Any) -> bool:
    """True when the message is not a question beyond the instrument's name ("no-riskpolis?",
    "wat is loondispensatie", "info over jobcoaching")."""
    naam = set(normaliseer(f"{regeling.naam} {regeling.afkorting or ''} {regeling.id.replace('_', ' ')}").split())
    rest = [w for w in normaliseer(text).split() if w not in _ALLEEN_NAAM_WOORDEN and w not in naam]
    return not rest


def gemeente_naam(repo: Any, gemeente: str | None) -> str:
    if not gemeente:
        return ""
    item = repo.gemeenten.get(gemeente)
    return item.naam if item is not None else gemeente.capitalize()


def plaats_omschrijving(repo: Any, resolutie: Any) -> str:
    """'Velp (gemeente Rheden)' or just 'Arnhem'."""
    naam = gemeente_naam(repo, resolutie.gemeente)
    plaats = getattr(resolutie, "plaats", None) or naam
    if plaats and naam and plaats.lower() != naam.lower():
        return f"{plaats} (gemeente {naam})"
    return naam or plaats


def vraag_gemeente(regeling: str | None) -> str:
    if regeling == "loonkostensubsidie":
        return (
            "Over loonkostensubsidie beslist de gemeente waar uw werknemer woont, niet de gemeente "
            "van uw bedrijf. In welke gemeente woont uw (toekomstige) werknemer?"
        )
    return "In welke gemeente is uw bedrijf gevestigd? Dan kijk ik wat daar geldt."


def lks_woongemeente_let_op(repo: Any, resolutie: Any) -> str:
    return (
        f"U noemde {plaats_omschrijving(repo, resolutie)}. Let op: over loonkostensubsidie "
        "beslist de gemeente waar uw werknemer woont. Woont uw werknemer in een andere gemeente? "
        "Noem dan die plaats."
    )


def plaats_genoteerd(repo: Any, resolutie: Any) -> str:
    return f"Ik houd rekening met {plaats_omschrijving(repo, resolutie)}."


def gemeente_onthouden(repo: Any, resolutie: Any) -> str:
    return (
        f"Dank u, ik houd rekening met {plaats_omschrijving(repo, resolutie)}. "
        "Over welke regeling heeft u een vraag?"
    )


def buiten_regio_algemeen(repo: Any, resolutie: Any) -> str:
    regio = getattr(resolutie, "arbeidsmarktregio", None)
    waar = f"arbeidsmarktregio {regio}" if regio else "een andere arbeidsmarktregio"
    naam = getattr(resolutie, "plaats", None) or "Die plaats"
    return (
        f"{naam} ligt niet in Midden-Gelderland maar in {waar}. Over de regels daar beslist het "
        "WerkgeversServicepunt van uw eigen regio. Ik kan u wel de landelijke regels uitleggen: "
        "over welke regeling heeft u een vraag?"
    )


def aanbod_overdracht(
    am: Any, gemeente_naam_: str, vervanging: Any | None = None, afwezig_tot: date | None = None
) -> str:
    """Name the fixed contact person (or the substitute) and ask consent to pass it on."""
    voor = f" voor de gemeente {gemeente_naam_}" if gemeente_naam_ else ""
    if vervanging is not None:
        tot = f" tot en met {datum_nl(afwezig_tot)}" if afwezig_tot else ""
        tekst = (
            f"Uw vaste contactpersoon is {vervanging.naam}, maar die is afwezig{tot}. "
            f"In die periode helpt {am.naam} ({am.rol.lower()}{voor}) u verder."
        )
    else:
        tekst = f"Uw vaste contactpersoon is {am.naam}, {am.rol.lower()}{voor}."
    return (
        f"{tekst} Mag ik dit gesprek aan {am.naam} doorgeven? Dan hoeft u uw verhaal niet "
        "opnieuw te vertellen. Ik vraag daarna nog om uw naam en hoe we u kunnen bereiken."
    )


AANBOD_KNOPPEN = [
    {"title": "Ja, geef het door", "payload": "/affirm"},
    {"title": "Nee, liever niet", "payload": "/deny"},
]


def vraag_gemeente_voor_contact() -> str:
    return (
        "Ik breng u graag in contact met uw vaste contactpersoon. Wie dat is, hangt af van uw "
        "gemeente. In welke gemeente is uw bedrijf gevestigd?"
    )


def bevestiging_overdracht(
    naam: str | None, am: Any, uiterlijk: date, contactvoorkeur: str | None, bestaand: bool
) -> str:
    aanhef = f"Dank u wel, {naam}." if naam else "Dank u wel."
    bestaand_tekst = (
        f" U had al een vaste contactpersoon bij ons: {am.naam}. Uw vraag gaat daarom naar "
        f"{am.naam}." if bestaand else ""
    )
    hoe = f" ({contactvoorkeur})" if contactvoorkeur and contactvoorkeur != "-" else ""
    return (
        f"{aanhef}{bestaand_tekst} Ik heb uw vraag en dit gesprek doorgegeven aan {am.naam}, "
        f"{am.rol.lower()}. {am.naam} neemt uiterlijk {dag_datum_nl(uiterlijk)} contact met u "
        f"op{hoe}. U kunt intussen gewoon verder vragen stellen."
    )


def samenvatting_contact(slots: dict[str, Any]) -> str:
    regels = ["Klopt dit?"]
    velden = [
        ("Naam", "naam"), ("Organisatie", "organisatie"), ("E-mail", "email"),
        ("Telefoon", "telefoon"), ("KvK-nummer", "kvk"), ("Contact", "contactvoorkeur"),
        ("Uw vraag", "vraag"),
    ]
    for label, key in velden:
        waarde = slots.get(key)
        if waarde and waarde != "-":
            regels.append(f"- {label}: {waarde}")
    return "\n".join(regels)


WIJZIG_KNOPPEN = [
    {"title": "Ja, klopt", "payload": "/affirm"},
    {"title": "Naam wijzigen", "payload": "wijzig naam"},
    {"title": "E-mail wijzigen", "payload": "wijzig e-mail"},
    {"title": "Telefoon wijzigen", "payload": "wijzig telefoon"},
    {"title": "Vraag wijzigen", "payload": "wijzig vraag"},
    {"title": "Stoppen", "payload": "stop"},
]

# Questions of the forms: slot -> (question, buttons). Asked by actions.vragen.
_OVERSLAAN = [{"title": "Overslaan", "payload": "overslaan"}]
FORMULIER_VRAGEN: dict[str, tuple[str, list[dict[str, str]]]] = {
    "naam": ("Wat is uw naam?", []),
    "organisatie": ("Voor welke organisatie of welk bedrijf werkt u?", []),
    "email": (
        "Op welk e-mailadres kunnen we u bereiken? Heeft u liever alleen telefonisch contact, "
        "kies dan 'Geen e-mail'.",
        [{"title": "Geen e-mail", "payload": "geen e-mail"}],
    ),
    "telefoon": (
        "Op welk telefoonnummer kunnen we u bereiken? Dit mag u overslaan als u een e-mailadres "
        "heeft gegeven.",
        _OVERSLAAN,
    ),
    "kvk": (
        "Wat is uw KvK-nummer (8 cijfers)? Dan herkennen we uw bedrijf een volgende keer. Dit is "
        "niet verplicht.",
        _OVERSLAAN,
    ),
    "contactvoorkeur": (
        "Hoe en wanneer neemt uw contactpersoon het liefst contact met u op?",
        [
            {"title": "Bellen, ochtend", "payload": "bellen, 's ochtends"},
            {"title": "Bellen, middag", "payload": "bellen, 's middags"},
            {"title": "Per e-mail", "payload": "per e-mail"},
        ],
    ),
    "vraag": (
        "Wat is uw vraag, in uw eigen woorden? Dan kan uw contactpersoon zich goed voorbereiden. "
        "Deel geen BSN of medische gegevens.",
        [],
    ),
    "uren": ("Hoeveel uur per week gaat uw werknemer werken? (bijvoorbeeld 24)", []),
    "loonwaarde": (
        "Wat is de loonwaarde van uw werknemer, als percentage? (bijvoorbeeld 60) Weet u die nog "
        "niet? Noem dan een schatting: de gemeente stelt de loonwaarde later vast.",
        [],
    ),
}
FEEDBACK_POSITIEF = "Bedankt voor uw reactie. Daarmee maken we de antwoorden beter."
FEEDBACK_NEGATIEF = (
    "Jammer dat dit antwoord u niet hielp. Wilt u iemand spreken? Klik dan op "
    "'Spreek een medewerker'."
)
