"""Rasa sends the domain only to the actions that need it (``enable_selective_domain`` in every
endpoints file; Rasa always sends it to the form validators, ``validate_*``). Every other custom
action must therefore work without it: it may pass ``domain`` on to another action's ``run``, but
never read it."""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

from wsp.devstack import Stack, StackConfig

ROOT = Path(__file__).resolve().parents[3]


def _leest_domain(cls: type) -> list[str]:
    """Lines of the class (and its own bases in actions/) that read the ``domain`` argument."""
    fouten = []
    for klasse in inspect.getmro(cls):
        if not klasse.__module__.startswith("actions"):
            continue
        boom = ast.parse(textwrap.dedent(inspect.getsource(klasse)))
        doorgegeven = set()
        for node in ast.walk(boom):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "run"):
                doorgegeven.update(id(a) for a in node.args)
        for node in ast.walk(boom):
            if (isinstance(node, ast.Name) and node.id == "domain"
                    and isinstance(node.ctx, ast.Load) and id(node) not in doorgegeven):
                fouten.append(f"{klasse.__name__} (regel {node.lineno}): leest 'domain'")
    return fouten


def test_alleen_de_formuliercontroles_gebruiken_het_domein() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    fouten = []
    for naam, actie in executor.actions.items():
        if naam.startswith("validate_"):
            continue
        eigenaar = getattr(actie, "__self__", None)
        if eigenaar is None:
            continue
        fouten += [f"{naam}: {f}" for f in _leest_domain(type(eigenaar))]
    assert not fouten, fouten
    assert any(n.startswith("action_") for n in executor.actions)


def test_elk_endpoints_bestand_stuurt_het_domein_selectief(tmp_path: Path) -> None:
    gegenereerd = Stack(StackConfig(model=tmp_path / "model.tar.gz", var_dir=tmp_path)).endpoints_file()
    for pad in (ROOT / "assistant/endpoints.yml", ROOT / "docker/endpoints.yml", gegenereerd):
        endpoints = yaml.safe_load(pad.read_text())
        assert endpoints["action_endpoint"]["enable_selective_domain"] is True, pad
