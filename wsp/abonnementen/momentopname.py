"""What an employer can be told changed: a normalised snapshot of the editors' content and the
comparison of two snapshots.

A snapshot is built from the YAML files under the content root (``WSP_CONTENT_ROOT``): never from
file times. Every fact with a source (``bron``) becomes one item with a stable key:

- ``regels/<regeling>/<gemeente>/<regel>``: the rule as it applies in one municipality, i.e. the
  regional baseline (``regional_rules/regio.yml``) merged with that municipality's deviation
  (``regional_rules/gemeenten/<gemeente>.yml``). A baseline change therefore concerns exactly the
  municipalities that follow the baseline, and a deviation only its own municipality;
- ``bedrag/<reeks>/<vanaf>``: a dated statutory amount from ``knowledge/bedragen.yml`` (minimum
  wage per half-year, LKV per year);
- ``tarief/<naam>``: a fixed amount of UWV or a gemeente from ``tarieven`` in that file (a fee, say),
  concerning the instrument whose texts quote it as ``{tarief_<naam>}`` (every instrument when
  several or none do);
- ``kennis/<file>#<path>``: any other fact in ``knowledge/`` (national texts, answer entries,
  the other amounts), found generically, so new files and fields are covered without code.

Only the content counts: comments, order, ``bron``, ``geverifieerd_op`` and ``status`` are not a
change (a source that is re-checked is not news). Items keep their ``status``; items whose status
is ``voorbeeld`` (sample data) are compared but never announced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import yaml

from wsp.regels.plaatshouders import namen_in

KENNIS = "knowledge"
REGIO = "regional_rules/regio.yml"
GEMEENTEN = "regional_rules/gemeenten"
BEDRAGEN = "knowledge/bedragen.yml"
NIET_AANKONDIGEN_BESTANDEN = {"knowledge/plaatsen.yml"}  # the place table is no rule
# fields that describe a fact rather than being its content
# (answer entries: their example phrasings and cross-links are not content either)
METAVELDEN = {"bron", "geverifieerd_op", "status", "reden", "naam", "titel", "label",
              "bij_aanvragen", "id", "voorbeelden", "zie_ook", "regel", "soort"}
# sections of bedragen.yml that belong to an instrument under another name
BEDRAGEN_REGELING = {"minimumloon": "loonkostensubsidie"}
VOORBEELD = "voorbeeld"

Snapshot = dict[str, dict[str, Any]]
Invuller = Callable[[str], str]


class InhoudFout(ValueError):
    """A content file could not be read (Dutch message)."""


# ---- formatting ------------------------------------------------------------------------------------

def getal_nl(waarde: Any) -> str:
    """3 -> "3", 23.5 -> "23,5", 2000 -> "2.000", 14.7 -> "14,70" only for money (see euro)."""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, int):
        return f"{waarde:,}".replace(",", ".")
    d = Decimal(str(waarde))
    if d == d.to_integral_value():
        return f"{int(d):,}".replace(",", ".")
    tekst = format(d.normalize(), "f")
    heel, _, deel = tekst.partition(".")
    return f"{int(heel):,}".replace(",", ".") + "," + deel


def euro(waarde: Any) -> str:
    d = Decimal(str(waarde))
    if d == d.to_integral_value():
        return "€ " + f"{int(d):,}".replace(",", ".")
    heel, _, deel = f"{d:.2f}".partition(".")
    return "€ " + f"{int(heel):,}".replace(",", ".") + "," + deel


def waarde_tekst(waarde: Any, eenheid: Any = None) -> str:
    if waarde is None:
        tekst = "niet vastgelegd"
    elif isinstance(waarde, bool):
        tekst = "ja" if waarde else "nee"
    elif isinstance(waarde, (int, float, Decimal)):
        tekst = getal_nl(waarde)
    elif isinstance(waarde, (list, tuple)):
        tekst = ", ".join(waarde_tekst(w) for w in waarde)
    elif isinstance(waarde, dt.date):
        tekst = datum_tekst(waarde)
    elif waarde == "maatwerk":
        tekst = "maatwerk: uw accountmanager bespreekt het met u"
    elif waarde == "geen_regel":
        tekst = "geen vaste regel"
    else:
        tekst = " ".join(str(waarde).split())
    if eenheid not in (None, "") and waarde not in ("maatwerk", "geen_regel", None):
        eenheid = str(eenheid)
        tekst += eenheid if eenheid.startswith("%") else f" {eenheid}"
    return tekst


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


def datum_tekst(dag: dt.date | str | None) -> str:
    if dag is None:
        return ""
    if isinstance(dag, str):
        dag = dt.date.fromisoformat(dag)
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def mens(sleutel: str) -> str:
    """"wat_is_het" -> "Wat is het"."""
    tekst = str(sleutel).replace("_", " ").strip()
    return tekst[:1].upper() + tekst[1:]


def _json(waarde: Any) -> Any:
    if isinstance(waarde, dict):
        return {str(k): _json(v) for k, v in waarde.items()}
    if isinstance(waarde, (list, tuple)):
        return [_json(v) for v in waarde]
    if isinstance(waarde, (dt.date, dt.datetime)):
        return waarde.isoformat()
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, float) and waarde == int(waarde):
        return int(waarde)  # 4 and 4.0 are the same value for an employer
    return waarde


def _kern(velden: Mapping[str, Any]) -> str:
    tekst = json.dumps(_json(dict(velden)), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(tekst.encode("utf-8")).hexdigest()[:32]


def _datum(waarde: Any) -> str | None:
    if isinstance(waarde, dt.datetime):
        return waarde.date().isoformat()
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if isinstance(waarde, str) and waarde.strip():
        try:
            return dt.date.fromisoformat(waarde.strip()).isoformat()
        except ValueError:
            return None
    return None


# ---- the snapshot ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    sleutel: str
    bestand: str
    regeling: str | None  # None: concerns every regeling
    gemeente: str | None  # None: national or regional for everyone
    onderwerp: str
    weergave: str  # the value as an employer reads it
    uitleg: str | None
    bron: str | None
    geverifieerd_op: str | None
    status: str | None
    herkomst: str  # landelijk | regio | gemeente
    kern: str  # fingerprint of the content that counts as a change
    vanaf: str | None = None  # ISO date from which it applies (dated amounts, geldig_vanaf)
    reeks: str | None = None  # the series of a dated amount: minimumloon, lkv:<soort>
    wijziging_per: str | None = None  # an answer entry's own "wijziging: {per: ...}"

    def als_dict(self) -> dict[str, Any]:
        return asdict(self)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when available


def _lees(pad: Path, root: Path) -> Any:
    try:
        with open(pad, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)  # noqa: S506 (a safe loader)
    except OSError as fout:
        raise InhoudFout(f"{pad.relative_to(root)}: niet te lezen ({fout.strerror}).") from fout
    except yaml.YAMLError as fout:
        raise InhoudFout(f"{pad.relative_to(root)}: geen geldige YAML. Voer eerst "
                         "'python -m wsp.regels check' uit.") from fout


def regeling_ids(root: Path) -> tuple[str, ...]:
    """Every knowledge file with a top-level ``regeling`` is one instrument (the registry the
    rest of the code derives lists from)."""
    ids = []
    for pad in sorted((root / KENNIS).glob("*.yml")):
        data = _lees(pad, root)
        if isinstance(data, dict) and isinstance(data.get("regeling"), str):
            ids.append(data["regeling"])
    return tuple(ids)


def regeling_namen(root: Path) -> dict[str, str]:
    namen = {}
    for pad in sorted((root / KENNIS).glob("*.yml")):
        data = _lees(pad, root)
        if isinstance(data, dict) and isinstance(data.get("regeling"), str):
            namen[data["regeling"]] = str(data.get("naam") or mens(data["regeling"]))
    return namen


def _regel_item(sleutel: str, bestand: str, regeling: str, gemeente: str, node: Mapping,
                herkomst: str, status: str | None) -> Item:
    inhoud = {k: v for k, v in node.items() if k not in METAVELDEN}
    return Item(
        sleutel=sleutel, bestand=bestand, regeling=regeling, gemeente=gemeente,
        onderwerp=str(node.get("naam") or mens(sleutel.rsplit("/", 1)[-1])),
        weergave=waarde_tekst(node.get("waarde"), node.get("eenheid")),
        uitleg=" ".join(str(node["uitleg"]).split()) if node.get("uitleg") else None,
        bron=str(node["bron"]) if node.get("bron") else None,
        geverifieerd_op=_datum(node.get("geverifieerd_op")),
        status=status, herkomst=herkomst, kern=_kern(inhoud),
        vanaf=_datum(node.get("geldig_vanaf") or node.get("ingangsdatum")),
    )


def _regionaal(root: Path, items: dict[str, Item]) -> None:
    regio_pad = root / REGIO
    if not regio_pad.exists():
        return
    regio = _lees(regio_pad, root) or {}
    regio_status = regio.get("status")
    basis: dict[str, dict] = {}
    for regeling, definitie in (regio.get("regelingen") or {}).items():
        if isinstance(definitie, dict):
            basis[str(regeling)] = dict(definitie.get("regels") or {})
    gemeenten: dict[str, tuple[str, str | None, dict]] = {}
    for pad in sorted((root / GEMEENTEN).glob("*.yml")):
        data = _lees(pad, root) or {}
        gemeente = str(data.get("gemeente") or pad.stem)
        gemeenten[gemeente] = (pad.relative_to(root).as_posix(), data.get("status"),
                               dict(data.get("afwijkingen") or {}))
    for gemeente, (bestand, status, afwijkingen) in gemeenten.items():
        for regeling in sorted(set(basis) | {str(r) for r in afwijkingen}):
            regels = basis.get(regeling, {})
            eigen = afwijkingen.get(regeling) or {}
            for sleutel in list(dict.fromkeys([*regels, *eigen])):
                base = regels.get(sleutel) if isinstance(regels.get(sleutel), dict) else {}
                afw = eigen.get(sleutel) if isinstance(eigen.get(sleutel), dict) else None
                node = {**base, **afw} if afw else base
                if not node:
                    continue
                items_key = f"regels/{regeling}/{gemeente}/{sleutel}"
                items[items_key] = _regel_item(
                    items_key, bestand if afw else REGIO, regeling, gemeente, node,
                    "gemeente" if afw else "regio", status if afw else regio_status)


def _ident(element: Any, index: int) -> str:
    if isinstance(element, dict):
        if element.get("id") not in (None, ""):
            return str(element["id"])
        delen = [str(element[k]) for k in ("soort", "jaar", "ingangsdatum") if element.get(k)]
        if delen:
            return ":".join(delen)
        for k in ("titel", "vraag", "url"):
            if element.get(k):
                return str(element[k])[:80]
    return str(index)


def _heeft_bron(node: Any) -> bool:
    if isinstance(node, dict):
        return "bron" in node or any(_heeft_bron(v) for v in node.values())
    if isinstance(node, list):
        return any(_heeft_bron(v) for v in node)
    return False


def _weergave(node: Mapping) -> str:
    for veld in ("tekst", "antwoord"):
        if node.get(veld):
            return " ".join(str(node[veld]).split())
    if "waarde" in node:
        return waarde_tekst(node.get("waarde"), node.get("eenheid"))
    if isinstance(node.get("items"), list):
        delen = []
        for item in node["items"]:
            if isinstance(item, dict):
                delen.append(" ".join(str(item.get(k)) for k in ("titel", "url") if item.get(k)))
            else:
                delen.append(str(item))
        return "; ".join(delen)
    delen = [f"{mens(k)}: {waarde_tekst(v)}" for k, v in node.items()
             if k not in METAVELDEN and not isinstance(v, (dict, list)) and k != "uitleg"]
    return "; ".join(delen)


def _generiek(data: Any, bestand: str, items: dict[str, Item], ids: set[str],
              context: dict[str, Any], pad: list[str], overslaan: set[tuple[str, ...]],
              vul: Invuller = lambda t: t) -> None:
    if tuple(pad) in overslaan:
        return
    if isinstance(data, list):
        for i, element in enumerate(data):
            _generiek(element, bestand, items, ids, context, [*pad, _ident(element, i)],
                      overslaan, vul)
        return
    if not isinstance(data, dict):
        return
    context = dict(context)
    if isinstance(data.get("regeling"), str):
        context["regeling"] = data["regeling"]
    elif pad and pad[-1] in ids:
        context["regeling"] = pad[-1]
    elif pad and pad[-1] in BEDRAGEN_REGELING and bestand == BEDRAGEN:
        context["regeling"] = BEDRAGEN_REGELING[pad[-1]]
    if isinstance(data.get("status"), str):
        context["status"] = data["status"]
    if isinstance(data.get("gemeente"), str):
        context["gemeente"] = data["gemeente"]
    if "bron" in data and pad:
        inhoud = {k: v for k, v in data.items()
                  if k not in METAVELDEN and not _heeft_bron(v)}
        label = next((str(data[k]) for k in ("vraag", "titel", "naam") if data.get(k)), None)
        benoemd = [p for p in pad if not p.isdigit()]
        sleutel = f"kennis/{bestand}#{'/'.join(pad)}"
        uitleg = data.get("uitleg") or data.get("toelichting")
        wijziging = data.get("wijziging") if isinstance(data.get("wijziging"), dict) else {}
        items[sleutel] = Item(
            sleutel=sleutel, bestand=bestand, regeling=context.get("regeling"),
            gemeente=context.get("gemeente"),
            onderwerp=label or mens(benoemd[-1] if benoemd else pad[-1]),
            weergave=vul(_weergave(data)),
            uitleg=vul(" ".join(str(uitleg).split())) if uitleg else None,
            bron=str(data["bron"]) if data.get("bron") else None,
            geverifieerd_op=_datum(data.get("geverifieerd_op")),
            status=context.get("status"), herkomst="landelijk", kern=_kern(inhoud),
            vanaf=_datum(data.get("geldig_vanaf") or data.get("ingangsdatum")),
            wijziging_per=_datum(wijziging.get("per")),
        )
    for sleutel, waarde in data.items():
        if isinstance(waarde, (dict, list)):
            _generiek(waarde, bestand, items, ids, context, [*pad, str(sleutel)], overslaan, vul)


def _bedrag_item(reeks: str, vanaf: str, regeling: str, onderwerp: str, weergave: str,
                 node: Mapping, status: str | None, inhoud: Mapping) -> Item:
    sleutel = f"bedrag/{reeks}/{vanaf}"
    return Item(
        sleutel=sleutel, bestand=BEDRAGEN, regeling=regeling, gemeente=None,
        onderwerp=onderwerp, weergave=weergave, uitleg=None,
        bron=str(node["bron"]) if node.get("bron") else None,
        geverifieerd_op=_datum(node.get("geverifieerd_op")), status=status,
        herkomst="landelijk", kern=_kern(inhoud), vanaf=vanaf, reeks=reeks,
    )


def lkv_weergave(node: Mapping) -> str:
    delen = []
    if node.get("per_uur") is not None:
        delen.append(f"{euro(node['per_uur'])} per uur")
    if node.get("max_per_jaar") is not None:
        delen.append(f"maximaal {euro(node['max_per_jaar'])} per jaar")
    if node.get("duur"):
        delen.append(str(node["duur"]))
    if "doelgroepverklaring_nodig" in node:
        delen.append("doelgroepverklaring nodig" if node["doelgroepverklaring_nodig"]
                     else "geen doelgroepverklaring nodig")
    return ", ".join(delen)


def _bedragen(root: Path, items: dict[str, Item], ids: set[str], vul: Invuller,
              geciteerd: Mapping[str, set[str]]) -> None:
    pad = root / BEDRAGEN
    if not pad.exists():
        return
    data = _lees(pad, root) or {}
    status = data.get("status")
    overslaan = {("minimumloon", "perioden"), ("loonkostenvoordeel",), ("tarieven",)}
    _generiek(data, BEDRAGEN, items, ids, {"status": status}, [], overslaan, vul)
    _tarieven(data.get("tarieven") or [], status, items, geciteerd)
    minimumloon = data.get("minimumloon") or {}
    for periode in minimumloon.get("perioden") or []:
        vanaf = _datum((periode or {}).get("ingangsdatum"))
        if not vanaf or periode.get("per_uur") is None:
            continue
        item = _bedrag_item(
            "minimumloon", vanaf, BEDRAGEN_REGELING["minimumloon"],
            "Wettelijk minimumloon per uur (21 jaar en ouder)",
            f"{euro(periode['per_uur'])} per uur", periode, periode.get("status", status),
            {"per_uur": periode["per_uur"]})
        items[item.sleutel] = item
    for lkv in data.get("loonkostenvoordeel") or []:
        if not isinstance(lkv, dict) or not lkv.get("soort") or not lkv.get("jaar"):
            continue
        vanaf = f"{int(lkv['jaar']):04d}-01-01"
        inhoud = {k: v for k, v in lkv.items() if k not in METAVELDEN | {"jaar"}}
        item = _bedrag_item(
            f"lkv:{lkv['soort']}", vanaf, "loonkostenvoordeel",
            str(lkv.get("naam") or mens(str(lkv["soort"]))), lkv_weergave(lkv), lkv,
            lkv.get("status", status), inhoud)
        items[item.sleutel] = item


def _geciteerde_namen(data: Any) -> set[str]:
    """The {names} that the texts in ``data`` quote ("tarief_deskundigenoordeel_werkgever")."""
    if isinstance(data, str):
        try:
            return set(namen_in(data))
        except ValueError:  # a lone brace: the rules check reports it
            return set()
    waarden = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    return set().union(*(_geciteerde_namen(w) for w in waarden))


def _tarieven(tarieven: list, status: str | None, items: dict[str, Item],
              geciteerd: Mapping[str, set[str]]) -> None:
    """One item per tarief, keyed by its name (not its place in the list): only the amount counts
    as a change, so a reworded ``omschrijving`` or a re-checked source is not news. It concerns the
    instrument whose texts quote it (``geciteerd``: {placeholder: instruments}), or everyone."""
    for tarief in tarieven:
        if not isinstance(tarief, dict) or not tarief.get("naam") or tarief.get("bedrag") is None:
            continue
        naam = str(tarief["naam"])
        regelingen = geciteerd.get(f"tarief_{naam}", set())
        sleutel = f"tarief/{naam}"
        items[sleutel] = Item(
            sleutel=sleutel, bestand=BEDRAGEN,
            regeling=next(iter(regelingen)) if len(regelingen) == 1 else None, gemeente=None,
            onderwerp=" ".join(str(tarief.get("omschrijving") or mens(naam)).split()),
            weergave=euro(tarief["bedrag"]), uitleg=None,
            bron=str(tarief["bron"]) if tarief.get("bron") else None,
            geverifieerd_op=_datum(tarief.get("geverifieerd_op")),
            status=tarief.get("status", status), herkomst="landelijk",
            kern=_kern({"bedrag": tarief["bedrag"]}),
        )


def maak_momentopname(root: Path | str, invullen: Invuller | None = None) -> Snapshot:
    """The normalised snapshot of the content under ``root`` as {key: item dict}.

    ``invullen`` fills the {figures} that knowledge texts quote (``Repository.vul_in``), for the
    texts employers read; what counts as a change is always the text as the editor wrote it."""
    root = Path(root)

    def vul(tekst: str) -> str:
        if invullen is None or "{" not in tekst:
            return tekst
        try:
            return invullen(tekst)
        except (KeyError, ValueError, IndexError, AttributeError):
            return tekst

    items: dict[str, Item] = {}
    geciteerd: dict[str, set[str]] = {}  # {placeholder: the instruments whose texts quote it}
    ids = set(regeling_ids(root))
    _regionaal(root, items)
    for pad in sorted((root / KENNIS).rglob("*.y*ml")):
        bestand = pad.relative_to(root).as_posix()
        if bestand in NIET_AANKONDIGEN_BESTANDEN or bestand == BEDRAGEN:
            continue
        data = _lees(pad, root)
        context: dict[str, Any] = {}
        if isinstance(data, dict):
            context["status"] = data.get("status")
            if isinstance(data.get("regeling"), str):
                context["regeling"] = data["regeling"]
        if "regeling" not in context and pad.stem in ids:
            context["regeling"] = pad.stem
        _generiek(data, bestand, items, ids, context, [], set(), vul)
        if "regeling" in context:
            for naam in _geciteerde_namen(data):
                geciteerd.setdefault(naam, set()).add(context["regeling"])
    _bedragen(root, items, ids, vul, geciteerd)
    return {sleutel: item.als_dict() for sleutel, item in sorted(items.items())}


def vingerafdruk(snapshot: Snapshot) -> str:
    tekst = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(tekst.encode("utf-8")).hexdigest()


def naar_json(snapshot: Snapshot) -> str:
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def uit_json(tekst: str) -> Snapshot:
    return json.loads(tekst)


# ---- comparison ------------------------------------------------------------------------------------

@dataclass
class Wijziging:
    """One change an employer can be told about."""

    sleutel: str
    soort: str  # gewijzigd | nieuw | vervallen
    regeling: str | None
    gemeente: str | None
    onderwerp: str
    oud: str | None
    nieuw: str | None
    vanaf: str | None  # ISO date; None: from the day it is published
    bron: str | None
    geverifieerd_op: str | None
    status: str | None
    herkomst: str
    veld: str = "waarde"  # waarde | toelichting
    reeks: str | None = None  # dated amount: announced once per key (AangekondigdBedrag)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def aankondigen(self) -> bool:
        """Sample data is never announced."""
        return self.status != VOORBEELD

    def als_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aankondigen"] = self.aankondigen
        return d

    @classmethod
    def uit_dict(cls, d: Mapping[str, Any]) -> Wijziging:
        velden = {k: d.get(k) for k in cls.__dataclass_fields__ if k in d}
        velden.setdefault("extra", {})
        return cls(**velden)  # type: ignore[arg-type]


def voorganger(snapshot: Snapshot, item: Mapping[str, Any]) -> dict[str, Any] | None:
    """The amount of the same series that applied just before ``item``."""
    eerder = [i for i in snapshot.values()
              if i.get("reeks") == item.get("reeks") and (i.get("vanaf") or "") < (item["vanaf"] or "")]
    return max(eerder, key=lambda i: i["vanaf"]) if eerder else None


def _wijziging(sleutel: str, soort: str, oud: Mapping | None, nieuw: Mapping | None,
               oud_tekst: str | None, nieuw_tekst: str | None, veld: str = "waarde") -> Wijziging:
    bron_item = nieuw or oud or {}
    vanaf = bron_item.get("vanaf")
    if not vanaf and nieuw and nieuw.get("wijziging_per") and (
            oud is None or oud.get("wijziging_per") != nieuw.get("wijziging_per")):
        vanaf = nieuw["wijziging_per"]  # the editor dated this change in the entry itself
    return Wijziging(
        sleutel=sleutel, soort=soort, regeling=bron_item.get("regeling"),
        gemeente=bron_item.get("gemeente"), onderwerp=bron_item.get("onderwerp") or sleutel,
        oud=oud_tekst, nieuw=nieuw_tekst, vanaf=vanaf,
        bron=bron_item.get("bron"), geverifieerd_op=bron_item.get("geverifieerd_op"),
        status=bron_item.get("status"), herkomst=bron_item.get("herkomst") or "landelijk",
        veld=veld, reeks=bron_item.get("reeks"),
    )


def vergelijk(oud: Snapshot, nieuw: Snapshot) -> list[Wijziging]:
    """Every difference between two snapshots, sorted by regeling, gemeente and subject.

    A new dated amount is compared with the amount of its series that applied before it (a new
    minimum wage is "was € 14,71, becomes € 15,00 from 1 January"); when it equals that amount there
    is nothing to tell."""
    uit: list[Wijziging] = []
    for sleutel in sorted(set(oud) | set(nieuw)):
        o, n = oud.get(sleutel), nieuw.get(sleutel)
        if o is not None and n is not None:
            if o["kern"] == n["kern"]:
                continue
            if o["weergave"] == n["weergave"] and (o.get("uitleg") or "") != (n.get("uitleg") or ""):
                uit.append(_wijziging(sleutel, "gewijzigd", o, n, o.get("uitleg"), n.get("uitleg"),
                                      veld="toelichting"))
            else:
                uit.append(_wijziging(sleutel, "gewijzigd", o, n, o["weergave"], n["weergave"]))
        elif n is not None:
            if n.get("reeks"):
                vorige = voorganger(nieuw, n)
                if vorige is not None and vorige["kern"] == n["kern"]:
                    continue
                uit.append(_wijziging(sleutel, "nieuw", vorige, n,
                                      vorige["weergave"] if vorige else None, n["weergave"]))
            else:
                uit.append(_wijziging(sleutel, "nieuw", None, n, None, n["weergave"]))
        elif o is not None:
            if o.get("reeks"):
                continue  # an old period dropped from the file changes nothing for anyone
            uit.append(_wijziging(sleutel, "vervallen", o, None, o["weergave"], None))
    uit.sort(key=lambda w: (w.regeling or "", w.gemeente or "", w.herkomst, w.onderwerp, w.sleutel))
    return uit


def komende_bedragen(snapshot: Snapshot, vandaag: dt.date, dagen: int) -> list[Wijziging]:
    """Dated amounts that take effect after ``vandaag`` and at most ``dagen`` days later, and
    differ from the amount before them: to be announced ahead of their date."""
    grens = vandaag + dt.timedelta(days=dagen)
    uit = []
    for sleutel, item in sorted(snapshot.items()):
        if not item.get("reeks") or not item.get("vanaf"):
            continue
        vanaf = dt.date.fromisoformat(item["vanaf"])
        if not vandaag < vanaf <= grens:
            continue
        vorige = voorganger(snapshot, item)
        if vorige is not None and vorige["kern"] == item["kern"]:
            continue
        uit.append(_wijziging(sleutel, "nieuw", vorige, item,
                              vorige["weergave"] if vorige else None, item["weergave"]))
    return uit


def betrokken(wijziging: Wijziging, gemeente: str | None, regelingen: Iterable[str]) -> bool:
    """Does a change concern a subscription to ``regelingen`` ([] = all) in ``gemeente``?"""
    regelingen = list(regelingen or [])
    if wijziging.regeling and regelingen and wijziging.regeling not in regelingen:
        return False
    return wijziging.gemeente is None or wijziging.gemeente == gemeente
