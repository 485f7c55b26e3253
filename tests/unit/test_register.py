"""One registry of instruments: the files in knowledge/. The NLU data and the code agree with it, and
no Python module keeps a list of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from tests.support.regels import ROOT, echte_repo
from wsp.regels import regeling_namen
from wsp.regels.namen import kennis_ids

NLU = ROOT / "assistant" / "data" / "nlu"
WAARDE = re.compile(r'"entity":\s*"regeling",\s*"value":\s*"([a-z_]+)"|\]\(regeling\)')


def nlu_regeling_waarden() -> dict[str, set[str]]:
    """Per NLU file, the `regeling` entity values it annotates (explicit values and synonyms)."""
    uit: dict[str, set[str]] = {}
    for pad in sorted(NLU.glob("*.yml")):
        data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
        waarden: set[str] = set()
        for blok in data.get("nlu", []):
            if "synonym" in blok and pad.name == "synonyms.yml":
                waarden.add(blok["synonym"])
            for m in re.finditer(r'\[([^\]]+)\]\{"entity":\s*"regeling",\s*"value":\s*"([a-z_]+)"\}', str(blok.get("examples", ""))):
                waarden.add(m.group(2))
            for m in re.finditer(r"\[([^\]]+)\]\(regeling\)", str(blok.get("examples", ""))):
                waarden.add(m.group(1).lower())
        uit[pad.name] = waarden
    return uit


def test_the_registry_is_the_knowledge_folder():
    ids = kennis_ids(ROOT)
    assert set(ids) == set(echte_repo().regelingen) == set(regeling_namen())
    assert "bedragen" not in ids and "plaatsen" not in ids
    assert {"doelgroepregister", "no_risk_polis", "loonkostensubsidie", "jobcoaching"} <= set(ids)


def test_every_regeling_value_in_the_nlu_data_is_a_registry_id():
    ids = set(kennis_ids(ROOT))
    # "positief"/"negatief" belong to the feedback entity, which shares synonyms.yml
    onbekend = {
        (bestand, w) for bestand, waarden in nlu_regeling_waarden().items() for w in waarden
        if w not in ids and w not in ("positief", "negatief")
    }
    assert not onbekend, f"entity values that are no file in knowledge/: {sorted(onbekend)}"


def test_every_instrument_and_topic_is_taught_to_the_nlu_model():
    genoemd = set().union(*nlu_regeling_waarden().values())
    repo = echte_repo()
    zonder = [r.id for r in repo.regelingen.values() if r.soort != "verwijzing" and r.id not in genoemd]
    assert not zonder, f"no NLU example names these as entity 'regeling': {zonder}"


def test_no_python_module_lists_the_instruments():
    """A tuple/list/set/dict literal naming four or more instrument ids is a second registry."""
    ids = set(kennis_ids(ROOT))
    treffers = []
    for pad in [*(ROOT / "wsp").rglob("*.py"), *(ROOT / "actions").rglob("*.py")]:
        for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if isinstance(knoop, (ast.Tuple, ast.List, ast.Set)):
                elementen = knoop.elts
            elif isinstance(knoop, ast.Dict):
                elementen = [k for k in knoop.keys if k is not None]
            else:
                continue
            namen = {e.value for e in elementen if isinstance(e, ast.Constant) and e.value in ids}
            if len(namen) >= 4:
                treffers.append(f"{pad.relative_to(ROOT)}:{knoop.lineno} {sorted(namen)}")
    assert not treffers, "instrument lists in code (derive them from knowledge/):\n" + "\n".join(treffers)


def test_a_new_knowledge_file_is_a_new_regeling(tmp_path: Path):
    from tests.support.regels import kopie, schrijf
    from wsp.regels import load_repository

    root = kopie(tmp_path)
    bron = (root / "knowledge/praktijkroute.yml").read_text(encoding="utf-8")
    nieuw = bron.replace("regeling: praktijkroute", "regeling: proefregeling").replace("praktijkroute.", "proefregeling.")
    schrijf(root / "knowledge/proefregeling.yml", nieuw)
    repo = load_repository(root)
    assert "proefregeling" in repo.regelingen and repo.regeling("proefregeling").vragen
