"""Each layer imports only the layers below it (function-level imports included)."""
from __future__ import annotations

import ast

from tests.conftest import ROOT

BASE = {"errors", "config", "model", "names", "predicates", "reference", "files", "children", "datafiles", "roles"}
# layer -> the layers it may import besides itself and the base modules
ALLOWED = {
    "base": set(),
    "rdf": set(),
    "store": {"rdf"},
    "nlp": set(),
    "sources": {"rdf"},                                  # files, pages and feeds -> Documents
    "ingest": {"rdf", "store", "nlp", "sources"},
    "query": {"rdf", "store"},
    "viz": {"rdf", "store", "query"},
    "validate": {"rdf", "store"},
    "evaluate": {"rdf", "store", "nlp", "ingest", "sources"},
    "learn": {"rdf", "store", "nlp", "ingest", "evaluate", "sources"},    # make train / make cv; nothing imports it back
    "serve": {"rdf", "store", "query", "viz"},
    # kgraph/api.py: KGraph, the library on one store, which the CLI and the Python API call
    "api": {"rdf", "store", "nlp", "ingest", "query", "viz", "validate", "evaluate", "serve", "sources"},
    "package": {"rdf", "store", "nlp", "ingest", "query", "api", "sources"},          # kgraph/__init__.py
    "cli": {"rdf", "store", "nlp", "ingest", "query", "viz", "validate", "evaluate", "serve", "package", "api",
            "sources"},
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts == ["kgraph"]:
        return "package"
    name = parts[1]
    return "base" if name in BASE else name


def kgraph_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kgraph":
                yield from ("kgraph." + a.name for a in node.names)
            elif node.module.startswith("kgraph."):
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("kgraph."))


def test_each_layer_imports_only_the_ones_below_it():
    bad = []
    for path in sorted((ROOT / "kgraph").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        mine = layer_of(module)
        for imported in kgraph_imports(path):
            theirs = layer_of(imported)
            if theirs in ("base", mine) or theirs in ALLOWED[mine]:
                continue
            bad.append(f"{rel}: {mine} imports {imported} ({theirs})")
    assert bad == []


def test_every_layer_is_known():
    names = {p.stem if p.is_file() else p.name for p in (ROOT / "kgraph").iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())) and p.stem != "__init__"}
    assert {layer_of("kgraph." + n) for n in names} <= set(ALLOWED)


def test_every_test_the_slow_lane_names_exists():
    # tests/lanes.py lists slow modules and tests by name: a rename must not move one into make test-fast
    from tests.lanes import SLOW_MODULES, SLOW_TESTS
    missing = [m for m in SLOW_MODULES if not (ROOT / "tests" / m).is_file()]
    for name in SLOW_TESTS:
        module, test = name.split("::")
        path = ROOT / "tests" / module
        if not path.is_file() or f"def {test}(" not in path.read_text(encoding="utf-8"):
            missing.append(name)
    assert missing == []


def test_the_fast_lane_leaves_out_what_starts_processes():
    from tests.lanes import is_slow

    class Item:                    # the three things is_slow reads of a pytest item
        def __init__(self, path, name, fixtures=()):
            self.path, self.name, self.fixturenames = ROOT / "tests" / path, name, list(fixtures)
    assert is_slow(Item("test_serve.py", "test_anything"))
    assert is_slow(Item("test_cli.py", "test_validate_seed_store"))
    assert is_slow(Item("test_facts.py", "test_the_graph_from_facts_equals_the_graph_from_relation_nodes",
                        ["real_store_dir"]))
    assert not is_slow(Item("test_cli.py", "test_docs_and_stats", ["store_dir"]))


def _imports_by_module() -> dict[str, set[str]]:
    mods = {}
    for path in sorted((ROOT / "kgraph").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        mods[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = path
    graph = {}
    for name, path in mods.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and \
                    node.module.split(".")[0] == "kgraph":
                # from kgraph.serve import worker: the submodule, not the package's __init__
                deps |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in mods else node.module
                         for a in node.names}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.split(".")[0] == "kgraph"}
        graph[name] = {d for d in deps if d in mods and d != name}
    return graph


def test_no_module_imports_itself_through_others():
    """No import circle, function-level imports included (issue 26 found ingest/extract <-> parallel)."""
    graph = _imports_by_module()
    circles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    circles.append(" -> ".join(path + [start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    assert circles == []


def test_word_lists_are_read_when_first_asked_for():
    """nlp/lexicon.py read fifteen files at import; each list is now read on first use (kgraph.datafiles caches it)."""
    import subprocess
    import sys
    code = ("import kgraph.datafiles as D, kgraph.nlp.lexicon as L; a = D.words.cache_info().currsize; "
            "n = len(L.ORG_CUES); print(a, D.words.cache_info().currsize, n > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "1", "True"]
