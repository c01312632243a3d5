"""The layers depend one way: metrics/ on nothing of ours outside it, the vocabulary on nothing of ours at all,
data_access/ on metrics/ only, and nothing below the pages on what is above it."""

import ast

from tests.conftest import PROJECT_ROOT

OURS = {"app", "bench", "cli", "data_access", "metrics", "pages", "report", "server", "tests", "ui"}
# Each layer and what it may import besides itself; the layers above (pages, app, cli, bench) are the entry points.
MAY_IMPORT = {
    "metrics": set(),
    "data_access": {"metrics"},
    "ui": {"data_access", "metrics"},
    "report": {"ui", "data_access", "metrics"},
    "cli": {"report", "ui", "data_access", "metrics"},
    "pages": {"report", "ui", "data_access", "metrics"},
}


def imported_packages(path) -> set[str]:
    """Our top-level packages a file imports, wherever in the file (a function's own import counts too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def test_metrics_imports_nothing_of_ours_outside_metrics():
    reaching_out = {path.name: imported_packages(path) - {"metrics"}
                    for path in sorted((PROJECT_ROOT / "metrics").glob("*.py"))}
    assert not {name: packages for name, packages in reaching_out.items() if packages}


def test_every_layer_imports_only_the_layers_below_it():
    reaching_up = {}
    for layer, allowed in MAY_IMPORT.items():
        for path in sorted((PROJECT_ROOT / layer).rglob("*.py")):
            if "versions" not in path.parts and (wrong := imported_packages(path) - allowed - {layer}):
                reaching_up[str(path.relative_to(PROJECT_ROOT))] = wrong
    assert not reaching_up


def test_the_vocabulary_is_a_leaf():
    assert imported_packages(PROJECT_ROOT / "metrics" / "vocabulary.py") == set()
