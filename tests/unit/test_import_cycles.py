"""``wsp/`` and ``actions/`` have no import cycles: not between modules, and not between packages
(``wsp.regels``, ``wsp.overdracht``, ``wsp.inbox``, ... with the top modules ``wsp.db``,
``wsp.teksten``, ... each a unit of its own).

Every import counts, also one inside a function or under ``TYPE_CHECKING``: moving an import into a
function hides a cycle from Python's start-up, not from the design. The graph is read with ``ast``,
so nothing is imported to build it."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("wsp", "actions")

Graph = dict[str, dict[str, list[str]]]  # module -> imported module -> where ("file:line")


def find_modules(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The module itself, else the nearest enclosing package that is one of ours."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imported_modules(module: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, int]]:
    """(our module, line) for every import statement anywhere in the file. ``from p import x``
    points at the submodule ``p.x`` when that exists, else at ``p``."""
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                targets.append(sub if sub in modules else source)
        for target in targets:
            known = _known(target, modules)
            if known and known != module:
                found.append((known, node.lineno))
    return found


def module_graph(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> Graph:
    modules = find_modules(root, packages)
    graph: Graph = {m: defaultdict(list) for m in modules}
    for module, path in modules.items():
        for target, line in imported_modules(module, path, modules):
            where = f"{path.relative_to(root)}:{line}"
            if where not in graph[module][target]:  # "from p import a, b": one line
                graph[module][target].append(where)
    return graph


# The persistence layer is one unit, whichever folder holds its parts: the table models
# (wsp/<package>/models.py, which import nothing of their package), their declarative base
# (wsp.orm) and wsp.db, which imports every model so that an engine creates every table.
PERSISTENCE = "wsp.db+models"


def unit(module: str) -> str:
    """wsp.regels.zoeken -> wsp.regels; wsp.teksten -> wsp.teksten; actions.lks -> actions;
    wsp.db, wsp.orm and wsp.overdracht.models -> the persistence layer."""
    parts = module.split(".")
    if parts[0] != "wsp":
        return parts[0]
    if module in ("wsp.db", "wsp.orm") or parts[-1] == "models":
        return PERSISTENCE
    return ".".join(parts[:2])


def package_graph(graph: Graph) -> Graph:
    packages: Graph = defaultdict(lambda: defaultdict(list))
    for module, targets in graph.items():
        packages[unit(module)]  # every unit is a node, also one without edges
        for target, where in targets.items():
            if unit(target) != unit(module):
                packages[unit(module)][unit(target)] += [f"{module} -> {target} ({w})" for w in where]
    return packages


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, {})))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def explain(graph: Graph, found: list[list[str]]) -> str:
    lines = []
    for component in found:
        lines.append("cycle: " + " <-> ".join(component))
        for a in component:
            for b in component:
                for where in graph[a].get(b, []):
                    lines.append(f"    {a} -> {b}: {where}")
    return "\n".join(lines)


def test_no_import_cycles_between_modules() -> None:
    graph = module_graph()
    assert {"wsp.db", "wsp.regels.zoeken", "actions.regelingen"} <= set(graph)
    found = cycles(graph)
    assert not found, "import cycles between modules:\n" + explain(graph, found)


# Package cycles not removed yet, each with the edge that closes it. The test fails when a new
# cycle appears and also when one of these is gone (then delete its line here).
KNOWN_PACKAGE_CYCLES = {
    ("wsp.abonnementen", "wsp.overdracht"):
        "wsp/overdracht/outbox.py main(), the outbox worker's command line, also starts the "
        "announcements of wsp.abonnementen.automatisch; that entry point belongs above both",
}


def test_no_import_cycles_between_packages() -> None:
    graph = package_graph(module_graph())
    assert {"wsp.regels", "wsp.overdracht", "wsp.inbox", "actions", PERSISTENCE} <= set(graph)
    found = cycles(graph)
    new = [c for c in found if tuple(c) not in KNOWN_PACKAGE_CYCLES]
    assert not new, "import cycles between packages:\n" + explain(graph, new)
    gone = set(KNOWN_PACKAGE_CYCLES) - {tuple(c) for c in found}
    assert not gone, f"no longer a cycle, remove from KNOWN_PACKAGE_CYCLES: {sorted(gone)}"


def test_the_check_finds_cycles_hidden_in_functions_and_between_packages(tmp_path: Path) -> None:
    def write(rel: str, text: str) -> None:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    write("wsp/__init__.py", "")
    write("wsp/a.py", "from wsp import b\n")
    write("wsp/b.py", "def f():\n    from .a import x  # local import: still a cycle\n")
    write("wsp/p/__init__.py", "")
    write("wsp/p/one.py", "import wsp.q.two\n")
    write("wsp/q/__init__.py", "")
    write("wsp/q/two.py", "from wsp.p import three\n")
    write("wsp/p/three.py", "")

    graph = module_graph(tmp_path, ("wsp",))
    assert cycles(graph) == [["wsp.a", "wsp.b"]]
    assert graph["wsp.b"]["wsp.a"] == ["wsp/b.py:2"]
    assert cycles(package_graph(graph)) == [["wsp.a", "wsp.b"], ["wsp.p", "wsp.q"]]
