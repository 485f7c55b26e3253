"""Texts of the conversation itself (questions, confirmations, fallbacks) in plain Dutch (B1, "u").

Answers about the instruments come from ``wsp.regels.antwoorden``; this module holds the glue text
around them that code computes or chooses, not in the action classes. The forms' fixed questions are
domain responses (``utter_ask_<slot>`` in assistant/domain/), asked by Rasa without the action server.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from wsp.gesprek import BELLEN, MAILEN
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
NIET_GEHOLPEN = "Jammer dat mijn antwoord u niet verder hielp."
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


def _ligt_buiten_regio(resolutie: Any) -> str:
    """'Nijmegen ligt niet in Midden-Gelderland maar in arbeidsmarktregio Rijk van Nijmegen.'"""
    regio = getattr(resolutie, "arbeidsmarktregio", None)
    waar = f"arbeidsmarktregio {regio}" if regio else "een andere arbeidsmarktregio"
    naam = getattr(resolutie, "plaats", None) or "Die plaats"
    return f"{naam} ligt niet in Midden-Gelderland maar in {waar}."


def buiten_regio_algemeen(repo: Any, resolutie: Any) -> str:
    return (
        f"{_ligt_buiten_regio(resolutie)} Over de regels daar beslist het "
        "WerkgeversServicepunt van uw eigen regio. Ik kan u wel de landelijke regels uitleggen: "
        "over welke regeling heeft u een vraag?"
    )


def werkdagen_tekst(aantal: int) -> str:
    return "1 werkdag" if aantal == 1 else f"{aantal} werkdagen"


def _direct_bereikbaar(am: Any) -> str:
    """' U kunt X ook zelf bellen of mailen: 026 ..., x@...' from the roster's details."""
    wegen = [w for w in (getattr(am, "telefoon", ""), getattr(am, "email", "")) if w]
    if not wegen:
        return ""
    hoe = "bellen of mailen" if len(wegen) == 2 else "bellen" if am.telefoon else "mailen"
    return f" U kunt {am.naam} ook zelf {hoe}: {' of '.join(wegen)}."


def aanbod_overdracht(
    am: Any, gemeente_naam_: str, uiterlijk: date, werkdagen: int,
    vervanging: Any | None = None, afwezig_tot: date | None = None,
) -> str:
    """Name the fixed contact person (or the substitute) with direct contact details, say what
    happens when the conversation is passed on (who, by when, how), and ask consent."""
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
        f"{tekst}{_direct_bereikbaar(am)}\n"
        f"Er kijkt nu geen medewerker mee in deze chat. Als u wilt, geef ik dit gesprek door. "
        f"{am.naam} leest het en neemt uiterlijk {dag_datum_nl(uiterlijk)} contact met u op "
        f"(binnen {werkdagen_tekst(werkdagen)}). U kiest zelf: terugbellen of een e-mail. U hoeft "
        "uw verhaal dan niet opnieuw te vertellen.\n"
        f"Mag ik dit gesprek aan {am.naam} doorgeven?"
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


def buiten_regio_contact(resolutie: Any) -> str:
    """A place outside the region named with a request for a person."""
    return (
        f"{_ligt_buiten_regio(resolutie)} Uw vaste contactpersoon werkt dan "
        "bij het WerkgeversServicepunt van uw eigen regio. Zit uw bedrijf wel in "
        "Midden-Gelderland? Kies dan hieronder uw gemeente."
    )


def bevestiging_in_chat(naam: str | None, uiterlijk: date, contactvoorkeur: str | None,
                        email: str | None, organisatie: str | None, kenmerk: str | None,
                        bevestigingsmail: bool) -> str:
    """What the chat says once the handover is stored. The same for a known and an unknown
    employer: no name of a contact person tied to the e-mail address or KvK number."""
    aanhef = f"Dank u wel, {naam}." if naam else "Dank u wel."
    bij = f" bij {organisatie}" if organisatie else ""
    hoe = f" ({contactvoorkeur})" if contactvoorkeur and contactvoorkeur != "-" else ""
    nummer = f" Uw kenmerk is {kenmerk}." if kenmerk else ""
    mail = (f" Op {email} krijgt u een bevestiging met uw kenmerk en de naam, het "
            "telefoonnummer en het e-mailadres van uw contactpersoon."
            if email and bevestigingsmail else "")
    return (
        f"{aanhef} Ik heb uw vraag en dit gesprek doorgegeven aan uw contactpersoon{bij}.{nummer} "
        f"Uw contactpersoon neemt uiterlijk {dag_datum_nl(uiterlijk)} contact met u op{hoe}.{mail} "
        "U kunt intussen gewoon verder vragen stellen."
    )


def open_vraag(kenmerk: str, uiterlijk: date | None) -> str:
    """The employer asks for a person again after a handover in this conversation."""
    wanneer = (f" Uw contactpersoon neemt uiterlijk {dag_datum_nl(uiterlijk)} contact met u op."
               if uiterlijk else " Uw contactpersoon neemt zo snel mogelijk contact met u op.")
    return f"U heeft al een vraag doorgegeven (kenmerk {kenmerk}).{wanneer} Wilt u iets aanvullen?"


OPEN_VRAAG_KNOPPEN = [
    {"title": "Ja, iets aanvullen", "payload": "/affirm"},
    {"title": "Nee, dank u", "payload": "/deny"},
    # asking for a person again right after this: a new handover (actions.escalatie)
    {"title": "Een nieuwe vraag doorgeven", "payload": "/request_human"},
]


def aanvulling_doorgegeven(kenmerk: str) -> str:
    return (f"Dank u. Ik heb uw aanvulling doorgestuurd naar uw contactpersoon, bij uw vraag met "
            f"kenmerk {kenmerk}. U kunt intussen gewoon verder vragen stellen.")


def aanvulling_niet_nodig(uiterlijk: date | None) -> str:
    wanneer = (f" Uw contactpersoon neemt uiterlijk {dag_datum_nl(uiterlijk)} contact met u op."
               if uiterlijk else "")
    return f"Goed.{wanneer} Kan ik u intussen ergens anders mee helpen?"


def aanvulling_mislukt(kenmerk: str, wegen: list[str]) -> str:
    contact = f" via {' of '.join(wegen)}" if wegen else ""
    return (f"Het lukt me nu niet om uw aanvulling door te geven. Neemt u gerust zelf contact met "
            f"ons op{contact}, en noem dan uw kenmerk {kenmerk}.")


AANVULLING_GESTOPT = "Goed, ik heb niets aangevuld. U kunt gewoon verder vragen stellen."


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

_GEEN_EMAIL = [{"title": "Geen e-mail", "payload": "geen e-mail"}]
_OVERSLAAN = [{"title": "Overslaan", "payload": "overslaan"}]  # also under utter_ask_kvk
_AANPASSEN = "wijzig vraag"
_PRIVACY = "Deel geen BSN of medische gegevens."  # also ends utter_ask_aanvulling


def vraag_vraag(voorstel: str | None) -> tuple[str, list[dict[str, str]]]:
    """The open question: the one from the conversation to confirm or edit, else ask it."""
    if voorstel:
        return (
            f"Deze vraag geef ik door:\n\u201c{voorstel}\u201d\nKlopt dat? Kies 'Ja, klopt'. Of "
            f"typ uw vraag zoals u hem wilt doorgeven. {_PRIVACY}",
            [{"title": "Ja, klopt", "payload": "/affirm"},
             {"title": "Vraag aanpassen", "payload": _AANPASSEN}],
        )
    return (
        f"Waar gaat uw vraag over? Een paar woorden is genoeg. Dan kan uw contactpersoon zich "
        f"goed voorbereiden. {_PRIVACY}",
        [],
    )


VRAAG_OPNIEUW = "Typ uw vraag zoals u hem wilt doorgeven. " + _PRIVACY


def vraag_email(weg: str | None) -> tuple[str, list[dict[str, str]]]:
    if weg == MAILEN:
        return ("Op welk e-mailadres kan uw contactpersoon u mailen?", [])
    if weg == BELLEN:
        return ("Wilt u een bevestiging per e-mail? Noem dan uw e-mailadres. Liever niet? Kies "
                "dan 'Geen e-mail'.", _GEEN_EMAIL)
    return ("Op welk e-mailadres kunnen we u bereiken? Heeft u liever alleen telefonisch contact, "
            "kies dan 'Geen e-mail'.", _GEEN_EMAIL)


def vraag_telefoon(weg: str | None) -> tuple[str, list[dict[str, str]]]:
    if weg == BELLEN:
        return ("Op welk telefoonnummer kan uw contactpersoon u terugbellen?", [])
    return ("Op welk telefoonnummer kunnen we u bereiken? Dit mag u overslaan als u een "
            "e-mailadres heeft gegeven.", _OVERSLAAN)


EMAIL_NODIG = (
    "Voor contact per e-mail heb ik uw e-mailadres nodig. Wilt u liever gebeld worden? Kies dan "
    "'Bel mij terug'."
)
TELEFOON_NODIG = (
    "Om u terug te bellen heb ik uw telefoonnummer nodig. Wilt u liever een e-mail? Kies dan "
    "'Stuur mij een e-mail'."
)
BEL_MIJ_KNOP = {"title": "Bel mij terug", "payload": "bellen"}
# also under utter_ask_contactvoorkeur (assistant/domain/escalatie.yml; tests/unit/actions/test_vragen.py)
MAIL_MIJ_KNOP = {"title": "Stuur mij een e-mail", "payload": "per e-mail"}

FEEDBACK_POSITIEF = "Bedankt voor uw reactie. Daarmee maken we de antwoorden beter."
FEEDBACK_NEGATIEF = (
    "Jammer dat dit antwoord u niet hielp. Wilt u iemand spreken? Klik dan op "
    "'Spreek een medewerker'."
)
