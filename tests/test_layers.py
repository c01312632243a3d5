"""The layers depend one way: metrics/ on nothing of ours outside it, the vocabulary on nothing of ours at all,
data_access/ on metrics/ only, and nothing below the pages on what is above it.

The packages are checked by import-linter's contracts (.importlinter: layers, pure metrics, presentation without
Streamlit, no cycles); the single files it does not take (app.py, server.py, pages/) by reading their imports
here, where a relative import or an import by name (importlib) would hide what a file depends on."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

OURS = {"app", "bench", "cli", "data_access", "demo", "metrics", "pages", "presentation", "report", "server", "tests",
        "ui"}
# Each layer and what it may import besides itself; the layers above (pages, app, cli, bench) are the entry points.
MAY_IMPORT = {
    "metrics": set(),
    "data_access": {"metrics"},
    "presentation": {"metrics"},
    "ui": {"presentation", "data_access", "metrics"},
    "report": {"presentation", "data_access", "metrics"},
    "demo": {"data_access", "metrics"},
    "cli": {"report", "demo", "ui", "presentation", "data_access", "metrics"},
    "pages": {"report", "ui", "presentation", "data_access", "metrics"},
}


def imported_packages(path) -> set[str]:
    """Our top-level packages a file imports, wherever in the file (a function's own import counts too). A
    relative import or importlib counts as "hidden": nothing may depend on what a reader cannot see."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.add("hidden")
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return (found & (OURS | {"hidden"})) | ({"hidden"} if "importlib" in found else set())


def test_the_packages_keep_the_import_contracts():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_single_files_import_only_what_an_entry_point_may():
    entry_points = [PROJECT_ROOT / "app.py", PROJECT_ROOT / "server.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))]
    wrong = {path.name: imported_packages(path) - MAY_IMPORT["pages"] for path in entry_points}
    assert not {name: packages for name, packages in wrong.items() if packages}


def test_a_hidden_import_is_found(tmp_path):
    """The check above cannot be fooled by a relative import or importlib."""
    relative = tmp_path / "relative.py"
    relative.write_text("from .queries import load_frames\n")
    by_name = tmp_path / "by_name.py"
    by_name.write_text("import importlib\nmodule = importlib.import_module('data_access.queries')\n")
    assert imported_packages(relative) == {"hidden"} and imported_packages(by_name) == {"hidden"}


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
