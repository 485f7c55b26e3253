"""What the employer reads. The Rasa actions send these texts and buttons as they are.

Plain Dutch (B1), "u", short. Every answer ends with one line
``Bron: <bron> (gecontroleerd op <d maand jjjj>)``. ``escaleren`` tells the action to offer the
accountmanager ('maatwerk' or 'geen_regel').
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .model import (
    Berekening,
    Bronvermelding,
    EffectiveRules,
    Gemeente,
    PlaatsResolutie,
    RegelItem,
    Vraag,
)
from .opmaak import datum_nl, euro, getal_nl, maand_nl, opsomming, pct, waarde_tekst
from .repository import Repository

KNOP_LKS_BEREKENEN = {"title": "Bereken het voor mijn situatie", "payload": "/calculate_lks"}
KNOP_GEMEENTE = {"title": "Wat geldt in mijn gemeente?", "payload": "/ask_gemeente_rules"}
KNOP_MEDEWERKER = {"title": "Spreek een medewerker", "payload": "/request_human"}
WOONGEMEENTE = "woongemeente_werknemer"


@dataclass(frozen=True)
class Antwoord:
    tekst: str
    knoppen: list[dict[str, str]] = field(default_factory=list)
    escaleren: str | None = None  # 'maatwerk' | 'geen_regel' | None


# -- building blocks ----------------------------------------------------------------------
def bronregel(bronnen: list[Bronvermelding]) -> str:
    """One line: the sources (at most three, in order of relevance) and the oldest check date."""
    namen: list[str] = []
    for b in bronnen:
        if b.kort not in namen:
            namen.append(b.kort)
    oudste = min(b.geverifieerd_op for b in bronnen)
    return f"Bron: {opsomming(namen[:3])} (gecontroleerd op {datum_nl(oudste)})"


def _samen(regels: list[str], bronnen: list[Bronvermelding]) -> str:
    return "\n".join([r for r in regels if r] + [bronregel(bronnen)])


def _sectie(repo: Repository, regeling: str, naam: str) -> tuple[str, Bronvermelding] | None:
    s = repo.regeling(regeling).sectie(naam)
    if s is None:
        return None
    return repo.sectie_tekst(regeling, naam) or s.tekst, s.bronvermelding


def _sectie_of_wat(repo: Repository, regeling: str, naam: str) -> tuple[str, Bronvermelding]:
    """A section, or 'wat_is_het' (the one section every file has) for topics that lack it."""
    s = _sectie(repo, regeling, naam) or _sectie(repo, regeling, "wat_is_het")
    assert s is not None  # the schema requires wat_is_het
    return s


def _naam(repo: Repository, regeling: str) -> str:
    r = repo.regeling(regeling)
    return f"{r.naam} ({r.afkorting})" if r.afkorting else r.naam


def _gemeente(repo: Repository, gemeente: str) -> Gemeente:
    return repo.gemeente(gemeente)


def _escalatie(regels: EffectiveRules | None) -> str | None:
    if regels is None:
        return None
    for item in regels.items:
        if item.maatwerk:
            return "maatwerk"
        if item.geen_regel:
            return "geen_regel"
    return None


def _wie_beslist(repo: Repository, regels: EffectiveRules) -> str:
    if regels.bevoegde_gemeente == WOONGEMEENTE:
        naam = repo.regeling(regels.regeling).naam.lower()
        return (
            f"Over {naam} beslist de woongemeente van uw werknemer, "
            "niet de gemeente waar uw bedrijf is gevestigd."
        )
    return ""


def _item_regel(item: RegelItem, gemeente: Gemeente) -> str:
    if item.maatwerk:
        return (
            f"- {item.label}: maatwerk. {gemeente.naam} beslist dit per situatie. "
            "Uw accountmanager zoekt het voor u uit."
        )
    if item.geen_regel:
        return (
            f"- {item.label}: hiervoor heeft {gemeente.naam} (nog) geen regel. "
            "Uw accountmanager kan navragen wat mogelijk is."
        )
    if item.is_afwijking:
        # The employer reads the plain-language explanation; the editors' 'reden' stays internal.
        return f"- {item.label}: {item.tekst} (regionaal: {item.regio_tekst_kort}). {item.uitleg}"
    if item.uitleg:  # the editors' plain-language explanation of the rule
        return f"- {item.label}: {item.tekst}. {item.uitleg}"
    return f"- {item.label}: {item.tekst}"


def _afwijkingen_tekst(repo: Repository, regels: EffectiveRules) -> tuple[list[str], list[Bronvermelding]]:
    g = _gemeente(repo, regels.gemeente)
    if regels.landelijk:
        return [f"Dit is een landelijke regeling: in {g.naam} geldt hetzelfde als overal in Nederland."], []
    regels_tekst = [_wie_beslist(repo, regels)]
    afw = regels.afwijkingen
    if not afw:
        regels_tekst.append(f"In {g.naam} gelden de regionale afspraken van {repo.regio_naam}; er zijn geen afwijkingen.")
        return regels_tekst, []
    woon = regels.bevoegde_gemeente == WOONGEMEENTE
    kop = f"In {g.naam} wijkt dit af van de regionale afspraak:"
    if woon:
        kop = f"Woont uw werknemer in {g.naam}? Daar wijkt dit af van de regionale afspraak:"
    regels_tekst.append(kop)
    regels_tekst += [_item_regel(i, g) for i in afw]
    return regels_tekst, [i.bronvermelding for i in afw]


# -- answers ------------------------------------------------------------------------------
def antwoord_regeling(repo: Repository, regeling: str, gemeente: str | None = None) -> Antwoord:
    """What it is, for whom, the key figure; with the municipality's deviations when known."""
    delen: list[str] = []
    bronnen: list[Bronvermelding] = []
    for naam in ("wat_is_het", "voor_wie", "bedragen", "duur"):
        s = _sectie(repo, regeling, naam)
        if s is None:
            continue
        delen.append(s[0])
        bronnen.append(s[1])
        if naam == "bedragen":
            break  # one key figure is enough; the duration follows only when there are no amounts
    regels = None
    if gemeente:
        g = _gemeente(repo, gemeente)
        if not g.in_regio:
            return antwoord_buiten_regio(repo, regeling, _resolutie_van(g))
        regels = repo.effective_rules(g.id, regeling)
        extra, extra_bronnen = _afwijkingen_tekst(repo, regels)
        delen += extra
        bronnen = extra_bronnen + bronnen if extra_bronnen else bronnen
    elif regeling in repo.regio and repo.regio[regeling].bevoegde_gemeente == WOONGEMEENTE:
        wie = _sectie(repo, regeling, "wie_beslist")
        if wie is not None:
            delen.append(wie[0])  # who decides matters here: the employee's municipality
            bronnen.append(wie[1])
    knoppen = [*knop_aanvragen(repo, regeling), KNOP_GEMEENTE, KNOP_MEDEWERKER]
    return Antwoord(_samen(delen, bronnen), knoppen, _escalatie(regels))


def antwoord_aanvragen(repo: Repository, regeling: str, gemeente: str | None = None) -> Antwoord:
    """How to apply, deadlines and who decides; with the municipality's procedure when known."""
    delen = [f"{_naam(repo, regeling)}: zo regelt u het."]
    bronnen: list[Bronvermelding] = []
    for sectie, prefix in (("aanvragen", ""), ("termijnen", "Termijnen: "), ("wie_beslist", "Wie beslist: ")):
        s = _sectie(repo, regeling, sectie)
        if s is not None:
            delen.append(prefix + s[0])
            bronnen.append(s[1])
    if not bronnen:
        wat = _sectie_of_wat(repo, regeling, "wat_is_het")
        delen.append(wat[0])
        bronnen.append(wat[1])
    regels = None
    knoppen = [KNOP_GEMEENTE, KNOP_MEDEWERKER]
    if gemeente:
        g = _gemeente(repo, gemeente)
        regels = repo.effective_rules(g.id, regeling)
        if g.in_regio and not regels.landelijk:
            items = [i for i in regels.items if i.bij_aanvragen or i.is_afwijking]
            woon = regels.bevoegde_gemeente == WOONGEMEENTE
            delen.append(f"Als uw werknemer in {g.naam} woont:" if woon else f"In {g.naam}:")
            for item in items:
                regel = _item_regel(item, g)
                if item.is_afwijking and not (item.maatwerk or item.geen_regel):
                    regel += " Dit wijkt af van de regionale afspraak."
                delen.append(regel)
            bronnen = [i.bronvermelding for i in items if i.is_afwijking] + bronnen + [
                i.bronvermelding for i in items if not i.is_afwijking
            ]
        knoppen = [KNOP_MEDEWERKER]
    links = repo.regeling(regeling).links
    if links:
        delen.append(f"Meer informatie: {links[0].url}")
    return Antwoord(_samen(delen, bronnen), knoppen, _escalatie(regels))


def antwoord_gemeente(repo: Repository, regeling: str, gemeente: str) -> Antwoord:
    """All rules that apply in one municipality, each marked regional or local."""
    g = _gemeente(repo, gemeente)
    if not g.in_regio:
        return antwoord_buiten_regio(repo, regeling, _resolutie_van(g))
    regels = repo.effective_rules(g.id, regeling)
    naam = repo.regeling(regeling).naam
    if regels.landelijk:
        wie = _sectie_of_wat(repo, regeling, "wie_beslist")
        tekst = _samen(
            [f"{naam} is een landelijke regeling. In {g.naam} geldt hetzelfde als overal in Nederland.", wie[0]],
            [wie[1]],
        )
        return Antwoord(tekst, [*knop_aanvragen(repo, regeling), KNOP_MEDEWERKER])
    woon = regels.bevoegde_gemeente == WOONGEMEENTE
    kop = f"{naam} als uw werknemer in {g.naam} woont:" if woon else f"{naam} in {g.naam}:"
    delen = [kop, _wie_beslist(repo, regels)]
    delen += [_item_regel(i, g) for i in regels.items]
    if regels.afwijkingen:
        aantal = len(regels.afwijkingen)
        delen.append(
            f"{g.naam} wijkt op {aantal} punt{'en' if aantal > 1 else ''} af van de regionale afspraak "
            f"van {repo.regio_naam}; de rest is gelijk."
        )
    else:
        delen.append(f"Dit zijn de regionale afspraken van {repo.regio_naam}; {g.naam} wijkt daar niet van af.")
    bronnen = [i.bronvermelding for i in regels.afwijkingen] + [
        i.bronvermelding for i in regels.items if not i.is_afwijking
    ]
    return Antwoord(_samen(delen, bronnen), [*knop_aanvragen(repo, regeling), KNOP_MEDEWERKER], _escalatie(regels))


def antwoord_buiten_regio(repo: Repository, regeling: str, resolutie: PlaatsResolutie) -> Antwoord:
    """A place outside our region: the national facts, and who to contact there."""
    plaats = resolutie.naam or resolutie.invoer
    if resolutie.gemeente_naam and resolutie.naam and resolutie.gemeente_naam != resolutie.naam:
        plaats = f"{resolutie.naam} (gemeente {resolutie.gemeente_naam})"
    regio = resolutie.arbeidsmarktregio
    waar = f" maar bij de arbeidsmarktregio {regio}" if regio else ""
    delen = [f"{plaats} hoort niet bij {repo.regio_naam}{waar}."]
    wat = _sectie_of_wat(repo, regeling, "wat_is_het")
    delen.append(f"Wat landelijk geldt: {wat[0]}")
    bronnen = [wat[1]]
    eigen = f"uw eigen regio ({regio})" if regio else "uw eigen regio"
    if regeling in repo.regio:
        if repo.regio[regeling].bevoegde_gemeente == WOONGEMEENTE:
            delen.append(
                f"Hierover beslist de woongemeente van uw werknemer. Woont uw werknemer in {plaats}? "
                f"Dan beslist {eigen}; neem contact op met het WerkgeversServicepunt daar. "
                f"Woont uw werknemer in {repo.regio_naam}? Noem dan de woonplaats van uw werknemer."
            )
        else:
            delen.append(f"De afspraken per gemeente maakt {eigen}; neem contact op met het WerkgeversServicepunt daar.")
    else:
        wie = _sectie(repo, regeling, "wie_beslist")
        if wie is not None:
            delen.append(wie[0])
            bronnen.append(wie[1])
        delen.append(f"Voor persoonlijk advies kunt u terecht bij het WerkgeversServicepunt van {eigen}.")
    return Antwoord(_samen(delen, bronnen), knop_aanvragen(repo, regeling))


def antwoord_vergelijking(repo: Repository, regeling: str, a: str, b: str) -> Antwoord:
    """Where two municipalities differ for one regeling, and where they are the same."""
    ga, gb = _gemeente(repo, a), _gemeente(repo, b)
    if ga.id == gb.id:
        return antwoord_gemeente(repo, regeling, ga.id)
    naam = repo.regeling(regeling).naam
    v = repo.compare(ga.id, gb.id, regeling)
    if v.a.landelijk:
        wat = _sectie_of_wat(repo, regeling, "wat_is_het")
        return Antwoord(
            _samen([f"{naam} is een landelijke regeling: in {ga.naam} en {gb.naam} gelden dezelfde regels."], [wat[1]]),
            [*knop_aanvragen(repo, regeling), KNOP_MEDEWERKER],
        )
    delen = [f"{naam} in {ga.naam} en {gb.naam}:"]
    if v.verschillen:
        delen.append("Verschillen:")
        for ia, ib in v.verschillen:
            delen.append(f"- {ia.label}: in {ga.naam} {ia.tekst}, in {gb.naam} {ib.tekst}.")
    else:
        delen.append("Er zijn geen verschillen: beide gemeenten volgen hier dezelfde afspraken.")
    if v.gelijk and v.verschillen:
        delen.append("Hetzelfde in beide gemeenten: " + opsomming([ia.label.lower() for ia, _ in v.gelijk]) + ".")
    escaleren = _escalatie(v.a) or _escalatie(v.b)
    if escaleren:
        delen.append("Voor een deel hiervan beslist de gemeente per situatie. Uw accountmanager zoekt dit voor u uit.")
    if v.a.bevoegde_gemeente == WOONGEMEENTE:
        delen.append("Let op: het gaat om de woongemeente van uw werknemer, niet om de plaats van uw bedrijf.")
    bronnen = [x.bronvermelding for paar in v.verschillen for x in paar if x.is_afwijking] + [
        x.bronvermelding for paar in (*v.verschillen, *v.gelijk) for x in paar if not x.is_afwijking
    ]
    return Antwoord(_samen(delen, bronnen), [*knop_aanvragen(repo, regeling), KNOP_MEDEWERKER], escaleren)


def antwoord_lks_berekening(repo: Repository, berekening: Berekening) -> Antwoord:
    """The indicative LKS calculation step by step; an indication, not a decision."""
    b = berekening
    delen = [
        f"Indicatie loonkostensubsidie per maand ({maand_nl(b.peildatum)}), bij {getal_nl(b.uren_per_week)} uur "
        f"per week en een loonwaarde van {pct(b.loonwaarde_pct)}:"
    ]
    for nummer, stap in enumerate(b.stappen, 1):
        delen.append(f"{nummer}. {stap.omschrijving} = {euro(stap.bedrag)}")
    if b.lks == 0:
        delen.append(
            f"Bij een loonwaarde van {pct(b.loonwaarde_pct)} verdient uw werknemer het minimumloon zelf. "
            "Dan is er geen loonkostensubsidie."
        )
    else:
        delen.append(f"Uitkomst: ongeveer {euro(b.totaal)} per maand (bruto).")
    delen += list(b.waarschuwingen)
    extra, extra_bronnen = _wat_er_bij_komt(repo, b)
    delen += extra
    delen.append(
        "Dit is een indicatie, geen besluit. De woongemeente van uw werknemer laat de loonwaarde op de "
        "werkplek meten en beslist over de subsidie."
    )
    return Antwoord(_samen(delen, [*b.bronnen, *extra_bronnen]),
                    [*knop_aanvragen(repo, "loonkostensubsidie"), KNOP_MEDEWERKER])


LKV_BANENAFSPRAAK = "doelgroep_banenafspraak"


def _wat_er_bij_komt(repo: Repository, b: Berekening) -> tuple[list[str], list[Bronvermelding]]:
    """What the employer's cost comes to with the subsidy, and what comes on top for an employee from
    the doelgroepregister: the LKV banenafspraak (from bedragen.yml, for the calculation's year) and the
    no-riskpolis. "Wat kost mij dat?" is answered by the whole picture, not by the subsidy alone."""
    uit: list[str] = []
    bronnen: list[Bronvermelding] = []
    if b.lks > 0:
        eigen = b.grondslag * (1 + b.werkgeverslasten_pct / 100) - b.totaal
        uit.append(
            f"Wat u zelf betaalt: bij het minimumloon ongeveer {euro(eigen)} per maand aan loon en "
            "werkgeverslasten, plus wat de cao boven het minimumloon geeft."
        )
    lkv = next((v for v in repo.bedragen.lkv(b.peildatum.year) if v.soort == LKV_BANENAFSPRAAK), None)
    if lkv is not None:
        per_maand = min(lkv.per_uur * b.uren_per_week * b.weken_per_jaar / 12, lkv.max_per_jaar / 12)
        let_op = f" (bedrag van {lkv.jaar})" if lkv.jaar < b.peildatum.year else ""
        uit.append(
            f"Staat uw werknemer in het doelgroepregister? Dan krijgt u daarnaast het loonkostenvoordeel (LKV) "
            f"banenafspraak: {euro(lkv.per_uur)} per verloond uur{let_op}, bij deze uren ongeveer "
            f"{euro(per_maand)} per maand (hoogstens {euro(lkv.max_per_jaar)} per jaar), via uw loonaangifte. "
            "En de no-riskpolis geldt: wordt uw werknemer ziek, dan kunt u van UWV een Ziektewet-uitkering "
            "krijgen voor het loon dat u doorbetaalt."
        )
        bronnen.append(Bronvermelding(lkv.bron, lkv.geverifieerd_op))
        wat = repo.vragen.get("no_risk_polis.wat_is_het")
        if wat is not None and wat.geverifieerd_op is not None:
            bronnen.append(Bronvermelding(wat.bron, wat.geverifieerd_op))
    return uit, bronnen


def vraag_gemeente_knoppen(repo: Repository) -> list[dict[str, str]]:
    """One button per municipality of the region: /inform_gemeente{"plaats":"Arnhem"}."""
    return [
        {
            "title": g.naam,
            "payload": "/inform_gemeente" + json.dumps({"plaats": g.naam}, ensure_ascii=False, separators=(",", ":")),
        }
        for g in repo.gemeenten_in_regio
    ]


def _resolutie_van(g: Gemeente) -> PlaatsResolutie:
    return PlaatsResolutie(g.naam, g.naam, g.id, g.naam, g.in_regio, g.arbeidsmarktregio, True)


__all__ = [
    "Antwoord",
    "antwoord_aanvragen",
    "antwoord_buiten_regio",
    "antwoord_gemeente",
    "antwoord_lks_berekening",
    "antwoord_regeling",
    "antwoord_vergelijking",
    "bronregel",
    "vraag_gemeente_knoppen",
]


# -- answer library -----------------------------------------------------------------------
MAX_ZIE_OOK = 3
ONBEVESTIGD = (
    "Let op: dit kon ik niet met zekerheid bevestigen in de openbare bronnen. "
    "Uw accountmanager zoekt het voor u uit."
)


KIES_VRAAG = "/kies_vraag"  # the payload of a button that asks one entry's question: /kies_vraag{"vraag_id": ...}


def knop_vraag(vraag: Vraag) -> dict[str, str]:
    """A button that asks exactly this entry's question."""
    return {"title": vraag.vraag, "payload": KIES_VRAAG + json.dumps({"vraag_id": vraag.id})}


def vraag_id_van(payload: object) -> str | None:
    """The entry a ``knop_vraag`` payload asks (None for any other payload)."""
    if not isinstance(payload, str) or not payload.startswith(KIES_VRAAG + "{"):
        return None
    try:
        waarde = json.loads(payload[len(KIES_VRAAG):])
    except ValueError:
        return None
    vraag_id = waarde.get("vraag_id") if isinstance(waarde, dict) else None
    return vraag_id if isinstance(vraag_id, str) else None


def vraag_ids_van(knoppen: object) -> list[str]:
    """The entries a message's buttons ask (its ``knop_vraag`` buttons, in order)."""
    if not isinstance(knoppen, list):
        return []
    ids = (vraag_id_van(k.get("payload")) for k in knoppen if isinstance(k, dict))
    return [i for i in ids if i]


def _bron_van(vraag: Vraag) -> str:
    if vraag.bronvermelding is not None:
        return bronregel([vraag.bronvermelding])
    return f"Bron: {Bronvermelding(vraag.bron, dt.date.min).kort} (nog niet gecontroleerd)"


def _lokale_regel(repo: Repository, vraag: Vraag, gemeente: str | None) -> tuple[list[str], list[Bronvermelding], str | None]:
    """The municipality's value of the rule an entry refers to; the regional value when the municipality
    is not known yet."""
    assert vraag.regel is not None
    regeling, key = vraag.regel
    basis = repo.regio.get(regeling)
    if basis is None or key not in basis.regels:
        return [], [], None
    g = repo.gemeenten.get(gemeente) if gemeente else None
    if g is None or not g.in_regio:
        regel = basis.regels[key]
        wie = "de gemeente waar uw werknemer woont" if basis.bevoegde_gemeente == WOONGEMEENTE else "uw gemeente"
        uitleg = f" {regel.uitleg}" if regel.uitleg else ""
        tekst = (
            f"In {repo.regio_naam} is de afspraak: {regel.label.lower()} {waarde_tekst(regel.value, regel.eenheid)}."
            f"{uitleg} Gemeenten kunnen hiervan afwijken. Noem {wie}, dan zoek ik op wat daar geldt."
        )
        return [tekst], [Bronvermelding(regel.bron, regel.geverifieerd_op)], None
    regels = repo.effective_rules(g.id, regeling)
    item = regels.item(key)
    if item is None:
        return [], [], None
    woon = regels.bevoegde_gemeente == WOONGEMEENTE
    waar = f"Woont uw werknemer in {g.naam}? Dan geldt" if woon else f"In {g.naam} geldt"
    if item.maatwerk or item.geen_regel:
        regel = _item_regel(item, g).removeprefix("- ")
        return [f"{waar}: {regel}"], [item.bronvermelding], "maatwerk" if item.maatwerk else "geen_regel"
    tekst = f"{waar}: {item.label.lower()} {item.tekst}."
    if item.is_afwijking:
        tekst += f" Dit wijkt af van de regionale afspraak ({item.regio_tekst_kort}). {item.uitleg}"
    elif item.uitleg:
        tekst += f" {item.uitleg}"  # the editors' plain-language explanation of the rule
    return [tekst], [item.bronvermelding], None


def antwoord_vraag(repo: Repository, vraag: Vraag, gemeente: str | None = None) -> Antwoord:
    """The answer to exactly this question: the short answer first, then the local value, detail, what
    changed, and the source; related questions as buttons."""
    delen = [repo.vul_in(vraag.antwoord)]
    bronnen: list[Bronvermelding] = []
    escaleren = None
    if vraag.regel is not None:
        lokaal, lokaal_bronnen, escaleren = _lokale_regel(repo, vraag, gemeente)
        delen += lokaal
        bronnen += lokaal_bronnen
    if vraag.toelichting:
        delen.append(repo.vul_in(vraag.toelichting))
    if vraag.wijziging is not None:
        delen.append(f"Nieuw sinds {datum_nl(vraag.wijziging.per)}: {repo.vul_in(vraag.wijziging.tekst)}")
    if vraag.onbevestigd:
        delen.append(ONBEVESTIGD)
    bron = _bron_van(vraag)
    eigen = vraag.bronvermelding
    # the rule's source adds nothing when it reads the same as the entry's ("hwwerkt.nl (...)" twice)
    bronnen = [b for b in bronnen if eigen is None or (b.kort, b.geverifieerd_op) != (eigen.kort, eigen.geverifieerd_op)]
    if bronnen:
        bron += "; " + bronregel(bronnen).removeprefix("Bron: ")
    knoppen = [knop_vraag(repo.vragen[z]) for z in vraag.zie_ook[:MAX_ZIE_OOK] if z in repo.vragen]
    if vraag.berekening:
        knoppen.append(KNOP_LKS_BEREKENEN)
    if vraag.onbevestigd or escaleren:
        knoppen.append(KNOP_MEDEWERKER)
    return Antwoord("\n".join([d for d in delen if d] + [bron]), knoppen, escaleren)


# The "Bedoelt u...?" message; wsp.inzichten recognises the choice in the stored conversations by it.
KEUZE_TEKST = "Ik weet niet precies wat u bedoelt. Bedoelt u een van deze vragen?"


# Under a "Bedoelt u...?" when more entries fit: the employer sees the next ones (action_meer_vragen).
KNOP_MEER = {"title": "Mijn vraag staat er niet bij", "payload": "/meer_vragen"}
MEER_TEKST = ("Misschien bedoelt u een van deze vragen? Staat uw vraag er nog steeds niet bij? Stel uw "
              "vraag dan in andere woorden, of spreek een medewerker.")
GEEN_MEER_TEKST = ("Ik heb geen andere vragen die bij uw vraag passen. Stel uw vraag gerust in andere "
                   "woorden, of spreek een medewerker.")


def antwoord_keuze(vragen: list[Vraag], meer: bool = False) -> Antwoord:
    """Two or three entries fit about equally well: let the employer pick. ``meer``: more entries
    fit, so "Mijn vraag staat er niet bij" shows them."""
    return Antwoord(KEUZE_TEKST, [knop_vraag(v) for v in vragen] + ([KNOP_MEER] if meer else []) + [KNOP_MEDEWERKER])


def antwoord_meer(vragen: list[Vraag]) -> Antwoord:
    """None of the offered entries was it: the entries that fit next, or say that none does."""
    if not vragen:
        return Antwoord(GEEN_MEER_TEKST, [KNOP_MEDEWERKER])
    return Antwoord(MEER_TEKST, [knop_vraag(v) for v in vragen] + [KNOP_MEDEWERKER])


def knop_aanvragen(repo: Repository, regeling: str) -> list[dict[str, str]]:
    """The button to this instrument's "how do I apply?" entry, if the library has one."""
    for v in repo.regeling(regeling).vragen:
        if v.id == f"{regeling}.aanvragen":
            return [knop_vraag(v)]
    for v in repo.regeling(regeling).vragen:
        if "aanvra" in v.id:
            return [knop_vraag(v)]
    return []


def veelgestelde_knoppen(repo: Repository, regeling: str, aantal: int = 3) -> list[dict[str, str]]:
    """The first entries of an instrument (editors order them by how often employers ask them)."""
    return [knop_vraag(v) for v in repo.regeling(regeling).vragen[:aantal]]
